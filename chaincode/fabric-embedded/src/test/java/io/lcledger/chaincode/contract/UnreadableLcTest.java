package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.contract.ReadsAndAccessTest.numbers;
import static io.lcledger.chaincode.contract.ReadsAndAccessTest.page;
import static io.lcledger.chaincode.testing.ContractHarness.AUDITOR;
import static io.lcledger.chaincode.testing.ContractHarness.FORFAITER;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import io.lcledger.chaincode.testing.LcFlow;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An LC stored before today's bounds (the review's poison LC: an amount of 15 digits) is one error
 * for that LC alone: lists still answer, and a non-party still cannot tell it exists.
 */
class UnreadableLcTest {
  final ContractHarness harness = ContractHarness.configured();

  @BeforeEach
  void storeAPoisonLcBesideAGoodOne() {
    new LcFlow(harness, "LC-GOOD").issuedAndAdvised(PaymentType.SIGHT);
    String good =
        harness
            .evaluate(SHANGHAI, "getLc", "LC-GOOD")
            .orThrow()
            .payload()
            .replace("LC-GOOD", "LC-BAD");
    String poison =
        good.replace("\"1000000.00\"", "\"999999999999999.99\"")
            .replace("\"1050000.00\"", "\"1049999999999999.98\"");
    assertThat(poison).contains("999999999999999.99").contains("1049999999999999.98");
    seed(new CompositeKey(LedgerKeys.LC, "LC-BAD").toString(), poison);
    for (String party :
        new String[] {"shanghai", "yangzhou", Fixtures.APPLICANT_USCC, Fixtures.BENEFICIARY_USCC}) {
      seed(new CompositeKey(LedgerKeys.BY_PARTY, party, "ADVISED", "LC-BAD").toString(), "\u0000");
    }
    seed(new CompositeKey(LedgerKeys.BY_STATUS, "ADVISED", "LC-BAD").toString(), "\u0000");
  }

  private void seed(String key, String value) {
    harness.ledger().seed(key, value.getBytes(StandardCharsets.UTF_8), "legacy", harness.now());
  }

  @Test
  void listsStillAnswerWithEveryLcAsStored() {
    assertThat(
            numbers(page(harness.evaluate(SHANGHAI, "listLcsByParty", "shanghai", "", "10", ""))))
        .containsExactly("LC-BAD", "LC-GOOD");
    assertThat(numbers(page(harness.evaluate(AUDITOR, "listLcsByStatus", "ADVISED", "10", ""))))
        .containsExactly("LC-BAD", "LC-GOOD");
    assertThat(
            numbers(
                page(
                    harness.evaluate(
                        AUDITOR, "listLcsByParty", Fixtures.APPLICANT_USCC, "", "10", ""))))
        .containsExactly("LC-BAD", "LC-GOOD");
  }

  @Test
  void theUnreadableLcIsOneErrorForItsPartiesAndNotFoundForAnyoneElse() {
    assertRefused(harness.evaluate(SHANGHAI, "getLc", "LC-BAD"), "LC_UNREADABLE");
    assertRefused(harness.evaluate(AUDITOR, "getLcHistory", "LC-BAD"), "LC_UNREADABLE");
    assertRefused(harness.submit(YANGZHOU, "expire", "LC-BAD"), "LC_UNREADABLE");
    Result hidden = harness.evaluate(FORFAITER, "getLc", "LC-BAD");
    Result missing = harness.evaluate(FORFAITER, "getLc", "LC-NONE");
    assertRefused(hidden, "LC_NOT_FOUND");
    assertThat(hidden.message()).isEqualTo(missing.message().replace("LC-NONE", "LC-BAD"));
    // its number stays taken
    String terms = CanonicalJson.string(Fixtures.terms("LC-BAD", PaymentType.SIGHT));
    assertRefused(harness.submit(SHANGHAI, "issue", terms), "DUPLICATE_LC_NUMBER");
    harness.evaluate(SHANGHAI, "getLc", "LC-GOOD").orThrow();
  }
}
