package io.lcledger.node.lc.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.lc.LcIndex;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.LcView;
import io.lcledger.node.lc.StepGate;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store kept as text by an earlier version (schema 5) is read the same after migration 6 turns
 * the read model's LCs and the outbox's notifications into UTF-8 bytes, non-ASCII text included.
 */
class JsonAsBytesMigrationTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void rowsKeptAsTextAreReadAsBeforeOnceTheyAreBytes(String kind) {
    LetterOfCredit lc = LcControllerTest.lc(); // its place of expiry is 扬州
    String body =
        "{\"eventId\":\"tx-3/shanghai\",\"sequence\":1,\"lcNumber\":\"LC-1\",\"note\":\"扬州\"}";
    try (TestDatabase db = TestDatabase.of(kind, dir, MigrationVersion.fromVersion("5"))) {
      db.db
          .sql(
              "insert into lc_entry (lc_number, status, block_number, tx_id, lc_json)"
                  + " values (?, 'ISSUED', 3, 'tx-3', ?)")
          .params(lc.lcNumber(), CanonicalJson.string(lc))
          .update();
      db.db
          .sql(
              "insert into lc_entry (lc_number, status, block_number, tx_id, unreadable)"
                  + " values ('LC-2', 'ISSUED', 4, 'tx-4', 'an older form')")
          .update();
      db.db
          .sql(
              "insert into notification (sequence, event_id, branch, block_number, body,"
                  + " recorded_at) values (1, 'tx-3/shanghai', 'shanghai', 3, ?, ?)")
          .params(body, LocalDateTime.parse("2026-12-07T10:00:00"))
          .update();

      db.migrate(MigrationVersion.LATEST);

      Ledger ledger = mock(Ledger.class);
      LcService lcs =
          new LcService(
              ledger,
              mock(DocumentStore.class),
              mock(DocumentService.class),
              new SimpleMeterRegistry(),
              new LcIndex(db.db),
              new StepGate(ledger));
      LcService.Page page =
          lcs.list(new CallerPrincipal("au", null, true), LcIndex.Search.of(null, null), "", 0, 20);
      assertThat(page.items()).containsExactly(LcView.of(lc));
      assertThat(page.unreadable()).hasSize(1);
      assertThat(
              db.db.sql("select body from notification").query((rs, n) -> rs.getBytes(1)).single())
          .isEqualTo(body.getBytes(StandardCharsets.UTF_8));
      for (String column : List.of("lc_json from lc_entry", "body from notification")) {
        assertThat(
                db.db
                    .sql("select " + column)
                    .query((rs, n) -> rs.getMetaData().getColumnType(1))
                    .list())
            .as(column)
            .isNotEmpty()
            .isSubsetOf(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY);
      }
    }
  }
}
