package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.testing.ContractHarness.AUDITOR;
import static io.lcledger.chaincode.testing.ContractHarness.FORFAITER;
import static io.lcledger.chaincode.testing.ContractHarness.OUTSIDER;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import io.lcledger.chaincode.testing.LcFlow;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may read what; history; paginated lists; the key-level endorsement policy at commit. */
class ReadsAndAccessTest {
  final ContractHarness harness = ContractHarness.configured();

  @Test
  void anLcIsVisibleToItsPartiesAndAuditorsOnly() {
    new LcFlow(harness, "LC-R").issuedAndAdvised(PaymentType.SIGHT);
    harness.evaluate(SHANGHAI, "getLc", "LC-R").orThrow();
    harness.evaluate(YANGZHOU, "getLc", "LC-R").orThrow();
    harness.evaluate(AUDITOR, "getLc", "LC-R").orThrow();
    Result hidden = harness.evaluate(FORFAITER, "getLc", "LC-R");
    Result missing = harness.evaluate(FORFAITER, "getLc", "LC-NONE");
    assertThat(hidden.errorCode()).isEqualTo("LC_NOT_FOUND");
    assertThat(hidden.message()).isEqualTo(missing.message().replace("LC-NONE", "LC-R"));
    assertThat(harness.evaluate(OUTSIDER, "getLcHistory", "LC-R").errorCode())
        .isEqualTo("LC_NOT_FOUND");
  }

  @Test
  void aNonPartyCannotActOnAnLcNorLearnThatItExists() {
    new LcFlow(harness, "LC-R").issuedAndAdvised(PaymentType.SIGHT);
    assertRefused(harness.submit(FORFAITER, "advise", "LC-R"), "LC_NOT_FOUND");
    assertRefused(harness.submit(FORFAITER, "expire", "LC-R"), "LC_NOT_FOUND");
    assertRefused(harness.submit(AUDITOR, "expire", "LC-R"), "NOT_AUTHORIZED");
  }

  @Test
  void historyIsTheKeysOwnOldestFirstWithStepBranchAndTransaction() {
    LcFlow lc = new LcFlow(harness, "LC-H").issuedAndAdvised(PaymentType.SIGHT);
    String presentTx = lc.present("1000.00", "2026-03-01").orThrow().tx().getTxId();
    List<Map<String, Object>> history =
        CanonicalJson.read(
            harness.evaluate(AUDITOR, "getLcHistory", "LC-H").orThrow().payload(),
            new TypeReference<>() {});
    assertThat(history)
        .extracting(e -> e.get("step"))
        .containsExactly(Step.ISSUE.name(), Step.ADVISE.name(), Step.PRESENT.name());
    assertThat(history)
        .extracting(e -> e.get("branch"))
        .containsExactly("shanghai", "yangzhou", "yangzhou");
    assertThat(history.get(2))
        .containsEntry("txId", presentTx)
        .containsEntry("presentationNo", 1)
        .containsEntry("mspId", "YangzhouMSP")
        .containsEntry("status", "ADVISED");
  }

  @Test
  void listsArePaginatedByPartyAndStatus() {
    for (int i = 1; i <= 5; i++) {
      harness
          .submit(SHANGHAI, "issue", LcFlow.json(Fixtures.terms("LC-" + i, PaymentType.SIGHT)))
          .orThrow();
    }
    harness.submit(YANGZHOU, "advise", "LC-2").orThrow();

    Map<String, Object> first =
        page(harness.evaluate(YANGZHOU, "listLcsByParty", "yangzhou", "", "3", ""));
    assertThat(numbers(first))
        .containsExactly("LC-2", "LC-1", "LC-3"); // ADVISED sorts before ISSUED
    Map<String, Object> second =
        page(
            harness.evaluate(
                YANGZHOU, "listLcsByParty", "yangzhou", "", "3", (String) first.get("bookmark")));
    assertThat(numbers(second)).containsExactly("LC-4", "LC-5");
    assertThat(second.get("bookmark")).isEqualTo("");

    assertThat(numbers(page(harness.evaluate(SHANGHAI, "listLcsByStatus", "ISSUED", "10", ""))))
        .containsExactly("LC-1", "LC-3", "LC-4", "LC-5");
    assertThat(
            numbers(
                page(
                    harness.evaluate(
                        AUDITOR, "listLcsByParty", Fixtures.APPLICANT_USCC, "ADVISED", "10", ""))))
        .containsExactly("LC-2");
    assertThat(numbers(page(harness.evaluate(FORFAITER, "listLcsByStatus", "ISSUED", "10", ""))))
        .isEmpty();
    assertThat(harness.evaluate(FORFAITER, "listLcsByParty", "shanghai", "", "10", "").errorCode())
        .isEqualTo("NOT_AUTHORIZED");
    assertThat(harness.evaluate(SHANGHAI, "listLcsByStatus", "OPEN", "10", "").errorCode())
        .isEqualTo("INVALID_REQUEST");
    assertThat(harness.evaluate(SHANGHAI, "listLcsByStatus", "ISSUED", "0", "").errorCode())
        .isEqualTo("INVALID_REQUEST");
  }

  @Test
  void indexesFollowTheStatus() {
    new LcFlow(harness, "LC-I").issuedAndAdvised(PaymentType.SIGHT);
    assertThat(
            numbers(
                page(
                    harness.evaluate(
                        AUDITOR, "listLcsByStatus", LcStatus.ISSUED.name(), "10", ""))))
        .isEmpty();
    assertThat(
            numbers(
                page(
                    harness.evaluate(
                        AUDITOR, "listLcsByStatus", LcStatus.ADVISED.name(), "10", ""))))
        .containsExactly("LC-I");
  }

  @Test
  void anUpdateEndorsedByTheIssuingBankAloneIsInvalidatedAtCommit() {
    new LcFlow(harness, "LC-E").issuedAndAdvised(PaymentType.SIGHT);
    Result alone =
        harness.submitEndorsedBy(
            Set.of("ShanghaiMSP", "ForfaiterMSP"),
            SHANGHAI,
            "proposeAmendment",
            "LC-E",
            "{\"changes\":{\"amount\":\"9000000.00\"}}");
    assertThat(alone.ok()).isTrue();
    assertThat(alone.committed()).isFalse();
    assertThat(new LcFlow(harness, "LC-E").lc().amendments()).isEmpty();
    Result both =
        harness.submitEndorsedBy(
            Set.of("ShanghaiMSP", "YangzhouMSP"),
            SHANGHAI,
            "proposeAmendment",
            "LC-E",
            "{\"changes\":{\"amount\":\"9000000.00\"}}");
    assertThat(both.committed()).isTrue();
  }

  static Map<String, Object> page(Result result) {
    return CanonicalJson.read(
        result.orThrow().payload(), new TypeReference<Map<String, Object>>() {});
  }

  @SuppressWarnings("unchecked")
  static List<String> numbers(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("items"))
        .stream()
            .map(lc -> (String) ((Map<String, Object>) lc.get("terms")).get("lcNumber"))
            .toList();
  }
}
