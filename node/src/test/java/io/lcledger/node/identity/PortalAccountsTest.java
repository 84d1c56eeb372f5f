package io.lcledger.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcledger.node.config.NodeProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Portal logins from configuration: only the roles the pages know. */
class PortalAccountsTest {
  static NodeProperties fabricNode(NodeProperties.PortalUser user) {
    return new NodeProperties(
        "fabric", Path.of("data"), List.of("shanghai"), Map.of(), null, null, List.of(user));
  }

  @Test
  void aClientIsGivenTheClientRole() {
    PortalAccounts accounts =
        new PortalAccounts(
            fabricNode(
                new NodeProperties.PortalUser(
                    "applicant", "{noop}pw", "CLIENT", "91310000132200821H", "shanghai")));
    assertThat(accounts.loadUserByUsername("applicant").getAuthorities())
        .extracting(Object::toString)
        .containsExactly("ROLE_CLIENT");
  }

  @Test
  void aRoleThePagesDoNotKnowStopsTheNodeFromStarting() {
    NodeProperties misspelt =
        fabricNode(
            new NodeProperties.PortalUser(
                "applicant", "{noop}pw", "APPLICANT", "91310000132200821H", "shanghai"));
    assertThatThrownBy(() -> new PortalAccounts(misspelt))
        .hasMessageContaining("role must be CLIENT or AUDITOR");
  }
}
