package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.testing.ContractHarness.AUDITOR;
import static io.lcledger.chaincode.testing.ContractHarness.FORFAITER;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.YANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.ContractHarness.Result;
import io.lcledger.chaincode.testing.LcFlow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;

/**
 * The terms of an LC live in the private data collection of its banks, version by version, bound to
 * the channel by their hash: a bank that joins (a forfaiter) brings the LC, its whole history
 * included, into the collection of the larger set; terms that do not match their hash, or that the
 * peer does not hold, are clear errors.
 */
class PrivateTermsTest {
  final ContractHarness harness = ContractHarness.configured();
  final LcFlow lc = new LcFlow(harness, "LC-P");

  static final String PAIR = "terms_shanghai_yangzhou";
  static final String THREE = "terms_forfaiter_shanghai_yangzhou";

  PublicLc summary() {
    return CanonicalJson.read(
        harness.ledger().committed(new CompositeKey(LedgerKeys.LC, "LC-P").toString()),
        PublicLc.class);
  }

  static String versionKey(String collection, int version) {
    return EmbeddedStub.privateKey(collection, LedgerKeys.lcVersion("LC-P", version));
  }

  @Test
  void aForfaiterJoiningMovesEveryVersionIntoTheCollectionOfTheThreeBanks() {
    lc.issuedAndAdvised(PaymentType.DEFERRED);
    lc.present("100000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    lc.accept(1).orThrow();
    assertThat(summary().collection()).isEqualTo(PAIR);
    int before = summary().version();
    assertThat(before).isEqualTo(5);

    Result forfaited =
        lc.step(
                FORFAITER,
                "forfait",
                "{\"presentationNo\":1,\"purchasePrice\":\"98500.00\",\"discountRatePercent\":\"3.1\"}")
            .orThrow();

    PublicLc after = summary();
    assertThat(after.collection()).isEqualTo(THREE);
    assertThat(after.branches()).containsExactly("forfaiter", "shanghai", "yangzhou");
    assertThat(after.version()).isEqualTo(before + 1);
    Map<String, byte[]> writes = forfaited.tx().writes();
    for (int v = 1; v <= before; v++) {
      assertThat(writes).containsEntry(versionKey(PAIR, v), null);
      assertThat(writes.get(versionKey(THREE, v))).isNotNull();
    }
    assertThat(PublicLc.hashOf(writes.get(versionKey(THREE, after.version()))))
        .isEqualTo(after.termsHash());
    // the companies' index moved with the terms
    assertThat(
            writes.keySet().stream()
                .filter(k -> k.startsWith(EmbeddedStub.privateKey(THREE, "")))
                .filter(k -> k.contains(LedgerKeys.BY_PARTY)))
        .hasSize(2);

    // the forfaiter reads the whole history, every version checked against its hash
    List<HistoryEntry> history =
        CanonicalJson.read(
            harness.evaluate(FORFAITER, "getLcHistory", "LC-P").orThrow().payload(),
            new TypeReference<List<HistoryEntry>>() {});
    assertThat(history).hasSize(before + 1);
    assertThat(history).allSatisfy(e -> assertThat(e.lc().lcNumber()).isEqualTo("LC-P"));
    assertThat(history.get(0).lc().terms().applicant().name()).isEqualTo("上海申达贸易有限公司");
    // and the steps after it still read the terms from the new collection
    lc.pay(1, "100000.00").orThrow();
    assertThat(summary().collection()).isEqualTo(THREE);
  }

  @Test
  void termsThatDoNotMatchTheirHashOnTheChannelAreUnreadableNeverServed() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    PublicLc summary = summary();
    String sealed =
        new String(
            harness.ledger().committed(versionKey(PAIR, summary.version())),
            StandardCharsets.UTF_8);
    String forged = sealed.replace("1000000.00", "9000000.00");
    assertThat(forged).isNotEqualTo(sealed);
    harness
        .ledger()
        .seed(
            versionKey(PAIR, summary.version()),
            forged.getBytes(StandardCharsets.UTF_8),
            "forged",
            harness.now());

    assertRefused(harness.evaluate(SHANGHAI, "getLc", "LC-P"), "LC_UNREADABLE");
    assertRefused(harness.evaluate(AUDITOR, "getLcHistory", "LC-P"), "LC_UNREADABLE");
    assertRefused(harness.submit(YANGZHOU, "expire", "LC-P"), "LC_UNREADABLE");
  }

  @Test
  void aPeerThatDoesNotHoldTheTermsSaysSoToPartiesAndNothingToOthers() {
    lc.issuedAndAdvised(PaymentType.SIGHT);
    harness
        .ledger()
        .seed(versionKey(PAIR, summary().version()), null, "not-received", harness.now());

    Result party = harness.evaluate(YANGZHOU, "getLc", "LC-P");
    assertRefused(party, "TERMS_NOT_HELD");
    assertThat(party.message()).contains(PAIR);
    Result step =
        lc.step(
            SHANGHAI,
            "proposeAmendment",
            "{\"changes\":{\"goodsDescription\":\"Cold-rolled steel coils, 210 t\"}}");
    assertRefused(step, "TERMS_NOT_HELD");
    assertThat(step.wroteNothing()).isTrue();
    Result outsider = harness.evaluate(FORFAITER, "getLc", "LC-P");
    Result missing = harness.evaluate(FORFAITER, "getLc", "LC-NONE");
    assertRefused(outsider, "LC_NOT_FOUND");
    assertThat(outsider.message()).isEqualTo(missing.message().replace("LC-NONE", "LC-P"));
  }

  @Test
  void aSetOfBanksWithoutACollectionIsAClearRefusalThatWritesNothing() {
    lc.issuedAndAdvised(PaymentType.DEFERRED);
    lc.present("100000.00", "2026-03-01").orThrow();
    lc.compliant(1).orThrow();
    lc.accept(1).orThrow();
    harness.ledger().defineOnly(Set.of(PAIR)); // no collection for the three banks

    Result forfaited =
        lc.step(
            FORFAITER,
            "forfait",
            "{\"presentationNo\":1,\"purchasePrice\":\"98500.00\",\"discountRatePercent\":\"3.1\"}");

    assertRefused(forfaited, "TERMS_COLLECTION_MISSING");
    assertThat(forfaited.message()).contains(THREE);
    assertThat(summary().collection()).isEqualTo(PAIR);
    lc.pay(1, "100000.00").orThrow(); // the LC goes on between its two banks
  }
}
