package io.lcledger.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prepared transactions shared by the nodes of a branch: two nodes preparing one key at once agree
 * on one transaction; a transaction that lost an MVCC race is replaced by exactly one fresh one.
 */
class PreparedTransactionsTest {
  @TempDir Path dir;

  static byte[] tx(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void nodesPreparingOneKeyAtOnceAllSubmitTheFirstKept(String kind) throws Exception {
    try (TestDatabase db = TestDatabase.of(kind, dir)) {
      PreparedTransactions one = new PreparedTransactions(db.db, db.durable);
      PreparedTransactions two = new PreparedTransactions(db.db, db.durable);
      List<CompletableFuture<byte[]>> kept = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        PreparedTransactions node = i % 2 == 0 ? one : two;
        byte[] mine = tx("envelope-" + i);
        kept.add(CompletableFuture.supplyAsync(() -> node.keep("key", null, mine)));
      }
      List<String> submitted = new ArrayList<>();
      for (CompletableFuture<byte[]> k : kept) {
        submitted.add(new String(k.get(), StandardCharsets.UTF_8));
      }
      assertThat(submitted).containsOnly(submitted.get(0));

      // it lost an MVCC race: both nodes retry with fresh transactions; one replaces it
      byte[] lost = tx(submitted.get(0));
      byte[] first = one.keep("key", lost, tx("fresh-1"));
      byte[] second = two.keep("key", lost, tx("fresh-2"));
      assertThat(first).isEqualTo(tx("fresh-1"));
      assertThat(second).isEqualTo(tx("fresh-1"));
      assertThat(two.find("key")).hasValueSatisfying(t -> assertThat(t).isEqualTo(tx("fresh-1")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2"})
  void transactionsPreparedAsFilesByAnEarlierVersionAreFoundAfterTheUpgrade(String kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.h2(dir)) {
      PreparedTransactions original = new PreparedTransactions(db.db, db.durable);
      original.keep("probe", null, tx("x")); // learns the hash naming "probe"'s file
      String keyHash =
          db.db.sql("select key_hash from prepared_transaction").query(String.class).single();
      db.db.sql("delete from prepared_transaction").update();
      Path files = Files.createDirectories(dir.resolve("fabric").resolve("prepared"));
      Files.write(files.resolve(keyHash + ".tx"), tx("kept before the upgrade"));

      PreparedTransactions upgraded = PreparedTransactions.of(db.db, db.durable, files);

      assertThat(upgraded.find("probe"))
          .hasValueSatisfying(t -> assertThat(t).isEqualTo(tx("kept before the upgrade")));
      assertThat(Files.list(files)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aTransactionKeptInBase64BeforeTheBytesColumnIsFoundAndReplaced(String kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.of(kind, dir)) {
      PreparedTransactions prepared = new PreparedTransactions(db.db, db.durable);
      prepared.keep("probe", null, tx("x")); // learns the hash naming "probe"
      db.db
          .sql("update prepared_transaction set signed = null, envelope = ?")
          .param(Base64.getEncoder().encodeToString(tx("kept in base64")))
          .update();

      assertThat(prepared.find("probe"))
          .hasValueSatisfying(t -> assertThat(t).isEqualTo(tx("kept in base64")));
      assertThat(prepared.keep("probe", tx("another"), tx("fresh")))
          .isEqualTo(tx("kept in base64")); // only the transaction kept is replaced
      assertThat(prepared.keep("probe", tx("kept in base64"), tx("fresh"))).isEqualTo(tx("fresh"));
      assertThat(prepared.find("probe"))
          .hasValueSatisfying(t -> assertThat(t).isEqualTo(tx("fresh")));
    }
  }

  @Test
  void aTransactionKeptIsInTheDatabaseFileBeforeItIsSubmitted() throws Exception {
    // keys 0 to 4 kept, then key 0's replaced (an attempt that lost an MVCC race)
    TestDatabase.eachWriteSurvivesAKill(
        dir,
        6,
        (db, n) -> {
          PreparedTransactions prepared = new PreparedTransactions(db.db, db.durable);
          if (n < 5) {
            prepared.keep("key-" + n, null, tx("first " + n));
          } else {
            prepared.keep("key-0", tx("first 0"), tx("replaced"));
          }
        },
        (killed, n) ->
            assertThat(
                    new PreparedTransactions(killed.db, killed.durable)
                        .find(n < 5 ? "key-" + n : "key-0"))
                .hasValueSatisfying(
                    t -> assertThat(t).isEqualTo(n < 5 ? tx("first " + n) : tx("replaced"))));
  }
}
