package io.lcledger.chaincode.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {
  @ParameterizedTest
  @ValueSource(strings = {"91310000132200821H", "91321003MA1WCB7N6N"})
  void acceptsTheSandboxCompanies(String uscc) {
    assertThat(Uscc.isValid(uscc)).isTrue();
  }

  @Test
  void refusesAWrongCheckCharacter() {
    assertThatThrownBy(() -> Uscc.validate("91310000132200821J", "applicant.uscc"))
        .hasMessage("INVALID_USCC: applicant.uscc: check character should be H");
  }

  @Test
  void refusesAWrongEmbeddedOrganisationCodeCheckEvenWhenTheOuterCheckFits() {
    // outer GB 32100 check recomputed for org code 13220082-2, whose GB 11714 check should be 1
    assertThatThrownBy(() -> Uscc.validate("91310000132200822L", "beneficiary.uscc"))
        .hasMessageContaining("embedded organisation code check character should be 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9131000013220082", "91310000132200821HX", "9131000013220082IH"})
  void refusesMalformedCodes(String uscc) {
    assertThat(Uscc.isValid(uscc)).isFalse();
  }

  @Test
  void refusesNull() {
    assertThat(Uscc.isValid(null)).isFalse();
  }

  @Test
  void refusesLettersInTheAdministrativeDivision() {
    // a well-formed check character over a division code with a letter
    assertThat(Uscc.isValid("913A0000132200821H")).isFalse();
  }
}
