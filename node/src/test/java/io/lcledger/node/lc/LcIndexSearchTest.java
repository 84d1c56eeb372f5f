package io.lcledger.node.lc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.store.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read model's search by part of an LC number, on H2 and on a real PostgreSQL: it matches
 * anywhere in the number, takes {@code %} and {@code _} literally, combines with the other filters,
 * pages and counts, and finds unreadable LCs too.
 */
class LcIndexSearchTest {
  @TempDir Path dir;
  final List<TestDatabase> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(TestDatabase::close);
  }

  LcIndex index(String kind) {
    TestDatabase db = TestDatabase.of(kind, dir);
    opened.add(db);
    LcIndex index = new LcIndex(db.db);
    List<LcIndex.Entry> entries = new ArrayList<>();
    long block = 1;
    for (String number : List.of("LC-100", "LC-1001", "LC-2100", "LC-300", "LC-3_00", "XY-100")) {
      LetterOfCredit lc =
          Fixtures.lc(
              number,
              PaymentType.SIGHT,
              Money.parse("0.00"),
              Fixtures.States.of(number.startsWith("LC-3") ? LcStatus.ISSUED : LcStatus.ADVISED));
      entries.add(LcIndex.Entry.of(lc, new Ledger.TxRef("tx-" + block, block++)));
    }
    entries.add(
        LcIndex.Entry.unreadable(
            "LC-9100", LcStatus.ADVISED, List.of("shanghai"), new Ledger.TxRef("tx-9", 9), "why"));
    index.put(entries);
    return index;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aNumberMatchesAnywhereAndCombinesWithTheOtherFilters(String kind) {
    LcIndex index = index(kind);
    LcIndex.Found found = index.search(search("100", null), null, 0, 10);
    assertThat(numbers(found)).containsExactly("LC-100", "LC-1001", "LC-2100", "XY-100");
    assertThat(found.total()).isEqualTo(4);
    assertThat(found.unreadable()).extracting(LcIndex.Entry::lcNumber).containsExactly("LC-9100");

    LcIndex.Found second = index.search(search("100", null), null, 1, 2);
    assertThat(numbers(second)).containsExactly("LC-2100", "XY-100");
    assertThat(second.total()).isEqualTo(4);

    assertThat(numbers(index.search(search("00", LcStatus.ISSUED), null, 0, 10)))
        .containsExactly("LC-300", "LC-3_00");
    assertThat(numbers(index.search(search("3_0", null), null, 0, 10))).containsExactly("LC-3_00");
    assertThat(numbers(index.search(search("nothing", null), null, 0, 10))).isEmpty();
  }

  private static LcIndex.Search search(String number, LcStatus status) {
    return new LcIndex.Search(null, null, status, number, null);
  }

  private static List<String> numbers(LcIndex.Found found) {
    return found.lcs().stream().map(LetterOfCredit::lcNumber).toList();
  }
}
