package io.lcledger.node.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.node.ledger.Ledger.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The port's listings as the contract's paged reads, and their cursors. */
class ContractListingTest {
  static final String LAST_PAGE = "{\"bookmark\":\"\",\"items\":[]}";

  @Test
  void listingEveryLcWalksTheStatusesInTurn() {
    Query all = Query.all(null, 50);
    List<String> visited = new ArrayList<>();
    String cursor = "";
    do {
      visited.add(ContractListing.at(all, cursor).call().args().get(0));
      cursor = ContractReplies.listing(all, cursor, LAST_PAGE).next();
    } while (!cursor.isEmpty());
    assertThat(visited)
        .containsExactly(Arrays.stream(LcStatus.values()).map(Enum::name).toArray(String[]::new));
  }

  @Test
  void aPageWithABookmarkStaysOnItsStatus() {
    Query all = Query.all(null, 1);
    String next =
        ContractReplies.listing(all, "ADVISED|", "{\"bookmark\":\"b1\",\"items\":[]}").next();
    assertThat(next).isEqualTo("ADVISED|b1");
    assertThat(ContractListing.at(all, next).call().args()).containsExactly("ADVISED", "1", "b1");
  }

  @Test
  void aPartysListingPagesByTheContractsBookmark() {
    Query mine = Query.ofParty("shanghai", LcStatus.ISSUED, 20);
    assertThat(ContractListing.at(mine, "").call().args())
        .containsExactly("shanghai", "ISSUED", "20", "");
    assertThat(ContractReplies.listing(mine, "", "{\"bookmark\":\"b2\",\"items\":[]}").next())
        .isEqualTo("b2");
    assertThat(ContractReplies.listing(mine, "b2", LAST_PAGE).next()).isEmpty();
  }

  @Test
  void aForgedCursorIsRefused() {
    for (String forged : List.of("NOPE|x", "no-bar", "|x", "A".repeat(2_000))) {
      assertThatThrownBy(() -> ContractListing.at(Query.all(null, 10), forged))
          .isInstanceOfSatisfying(
              LcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
  }
}
