package io.lcledger.node.lc.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.identity.PortalAccounts;
import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.LcView;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.contract.ContractListing;
import io.lcledger.node.ledger.contract.ContractReplies;
import io.lcledger.node.portal.PortalPages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The review's poison LC, as an older chaincode could answer it: listing degrades to one entry for
 * that LC, and only that LC's own reads fail, with LC_UNREADABLE.
 */
class UnreadableLcListingTest {
  final Ledger ledger = mock(Ledger.class);
  final LcService lcs =
      new LcService(
          ledger,
          mock(DocumentStore.class),
          mock(DocumentService.class),
          new SimpleMeterRegistry());
  final CallerPrincipal shanghai = new CallerPrincipal("sh", "shanghai", false);
  final CallerPrincipal auditor = new CallerPrincipal("au", null, true);
  final String good = CanonicalJson.string(LcControllerTest.lc());
  final String poison =
      good.replace("\"LC-1\"", "\"LC-0\"").replace("\"900.00\"", "\"1049999999999999.98\"");

  @BeforeEach
  void theLedgerHoldsAPoisonLcBesideAGoodOne() {
    assertThat(poison).contains("1049999999999999.98");
    String page = "{\"bookmark\":\"\",\"items\":[" + poison + "," + good + "]}";
    String empty = "{\"bookmark\":\"\",\"items\":[]}";
    // the contract's own answers, read by the node's reader of them
    given(ledger.list(any(), any(), anyString()))
        .willAnswer(
            call -> {
              Ledger.Query query = call.getArgument(1);
              String cursor = call.getArgument(2);
              boolean holds =
                  query.party() != null
                      || ContractListing.at(query, cursor).call().args().get(0).equals("ADVISED");
              return ContractReplies.listing(query, cursor, holds ? page : empty);
            });
    given(ledger.find(any(), eq("LC-0"))).willAnswer(call -> ContractReplies.lc(poison));
    given(ledger.find(any(), eq("LC-1"))).willAnswer(call -> ContractReplies.lc(good));
  }

  @Test
  void everyListAnswersWithTheReadableLcsAndNamesTheOther() {
    for (LcService.Page page :
        new LcService.Page[] {
          lcs.list(shanghai, null, 0, 20),
          lcs.list(auditor, null, 0, 20),
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
    PortalPages pages = new PortalPages(lcs, mock(DocumentService.class), Clock.systemUTC());
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
