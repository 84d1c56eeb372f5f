package io.lcledger.node.lc.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.identity.PortalAccounts;
import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.lc.LcIndex;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.LcView;
import io.lcledger.node.lc.StepGate;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerEvents;
import io.lcledger.node.ledger.contract.ContractReplies;
import io.lcledger.node.portal.PortalPages;
import io.lcledger.node.store.TestDatabase;
import io.lcledger.node.swift.MtMessages;
import io.lcledger.node.swift.SwiftProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's poison LC, as an older chaincode could answer it: listing degrades to one entry for
 * that LC, and only that LC's own reads fail, with LC_UNREADABLE.
 */
class UnreadableLcListingTest {
  @TempDir static Path dir;
  static TestDatabase database;
  final Ledger ledger = mock(Ledger.class);
  final LcIndex index = new LcIndex(database.db);
  final LcService lcs =
      new LcService(
          ledger,
          mock(DocumentStore.class),
          mock(DocumentService.class),
          new SimpleMeterRegistry(),
          index,
          new StepGate(ledger));
  final CallerPrincipal shanghai = new CallerPrincipal("sh", "shanghai", false);
  final CallerPrincipal auditor = new CallerPrincipal("au", null, true);
  final String good = CanonicalJson.string(LcControllerTest.lc());
  final String poison =
      good.replace("\"LC-1\"", "\"LC-0\"").replace("\"900.00\"", "\"1049999999999999.98\"");

  @BeforeAll
  static void open() {
    database = TestDatabase.h2(dir);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void theLedgerHoldsAPoisonLcBesideAGoodOne() {
    assertThat(poison).contains("1049999999999999.98");
    given(ledger.find(any(), eq("LC-0"))).willAnswer(call -> ContractReplies.lc(poison));
    given(ledger.find(any(), eq("LC-1"))).willAnswer(call -> ContractReplies.lc(good));
    // as the node's event consumer indexes them, from their events
    LetterOfCredit lc = LcControllerTest.lc();
    List<String> companies =
        List.of(lc.terms().applicant().uscc(), lc.terms().beneficiary().uscc());
    index.put(
        List.of(
            lcs.indexEntry(issued("LC-0", lc.branches(), companies)),
            lcs.indexEntry(issued("LC-1", lc.branches(), companies))));
  }

  static Ledger.LedgerEvent issued(String number, List<String> branches, List<String> companies) {
    return LedgerEvents.issued(number, "tx-" + number, 1, branches, companies);
  }

  @Test
  void everyListAnswersWithTheReadableLcsAndNamesTheOther() {
    for (LcService.Page page :
        new LcService.Page[] {
          lcs.list(shanghai, LcIndex.Search.of(null, null), "", 0, 20),
          lcs.list(auditor, LcIndex.Search.of(null, null), "", 0, 20),
          lcs.listForCompany("shanghai", "91310000132200821H", null, null, 0, 10),
          lcs.listForParty("shanghai", 0, 200)
        }) {
      assertThat(page.items()).extracting(LcView::lcNumber).containsExactly("LC-1");
      assertThat(page.total()).isEqualTo(1);
      assertThat(page.unreadable())
          .singleElement()
          .satisfies(
              u -> {
                assertThat(u.lcNumber()).isEqualTo("LC-0");
                assertThat(u.code()).isEqualTo("LC_UNREADABLE");
              });
    }
    assertThat(lcs.listForCompany("shanghai", "91350100M000100Y43", null, null, 0, 10).unreadable())
        .isEmpty();
  }

  @Test
  void thePortalListShowsTheUnreadableLcAsOneLineBesideTheOthers() {
    PortalPages pages =
        new PortalPages(
            lcs,
            mock(DocumentService.class),
            Clock.systemUTC(),
            new MtMessages(new SwiftProperties(null)));
    PortalPages.Rows rows =
        pages.list(
            new PortalAccounts.Account("applicant", "APPLICANT", "91310000132200821H", "shanghai"),
            null,
            null,
            0,
            10);
    assertThat(rows.rows()).extracting(r -> r.lc().lcNumber()).containsExactly("LC-1");
    assertThat(rows.unreadable())
        .extracting(LcService.Unreadable::lcNumber)
        .containsExactly("LC-0");
  }

  @Test
  void onlyThatLcsOwnReadFails() {
    assertThatThrownBy(() -> lcs.get(shanghai, "LC-0"))
        .isInstanceOfSatisfying(
            LcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LC_UNREADABLE));
    assertThat(lcs.get(shanghai, "LC-1").lcNumber()).isEqualTo("LC-1");
  }
}
