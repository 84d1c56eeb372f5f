package io.lcledger.node.sandbox;

import static io.lcledger.node.sandbox.SandboxFlowsTest.AU;
import static io.lcledger.node.sandbox.SandboxFlowsTest.SH;
import static io.lcledger.node.sandbox.SandboxFlowsTest.YZ;
import static io.lcledger.node.sandbox.SandboxFlowsTest.terms;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.SandboxNode;
import io.lcledger.node.SandboxNode.Reply;
import io.lcledger.node.store.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read model end to end: a real sandbox node whose store is a real PostgreSQL lists and
 * searches what its ledger committed, pages by cursor, and rebuilds the read model from the ledger
 * on demand.
 */
class ReadModelTest {
  @TempDir Path dir;

  @Test
  void aNodeOverPostgresListsSearchesAndPagesByCursorAndRebuildsFromTheLedger() throws Exception {
    String schema = "node_" + UUID.randomUUID().toString().replace("-", "");
    try (TestDatabase admin = TestDatabase.postgres()) {
      JdbcClient.create(admin.dataSource()).sql("create schema " + schema).update();
    }
    String[] postgres = {
      "--spring.datasource.url=" + TestDatabase.POSTGRES_URL + "?currentSchema=" + schema,
      "--spring.datasource.username=lcledger",
      "--spring.datasource.password=lcledger"
    };
    try (SandboxNode node = new SandboxNode(dir, Instant.parse("2026-03-02T02:00:00Z"), postgres)) {
      for (int i = 1; i <= 5; i++) {
        assertThat(
                node.post(SH, "/api/v1/lcs", terms("LC-RM-" + i, "{\"type\":\"SIGHT\"}")).status())
            .isEqualTo(201);
      }
      assertThat(node.post(YZ, "/api/v1/lcs/LC-RM-2/advice", null).status()).isEqualTo(200);

      // listed at once after the caller's own step: the listing waits for the read model
      assertThat(numbers(node.get(YZ, "/api/v1/lcs?status=ADVISED"))).containsExactly("LC-RM-2");
      assertThat(node.get(YZ, "/api/v1/lcs?status=ISSUED").body().path("total").asLong())
          .isEqualTo(4);
      assertThat(numbers(node.get(SH, "/api/v1/lcs?number=RM-4"))).containsExactly("LC-RM-4");
      assertThat(node.get(SH, "/api/v1/lcs?uscc=91321003MA1WCB7N6N").body().path("total").asLong())
          .isEqualTo(5);
      assertThat(node.get(SH, "/api/v1/lcs?uscc=91350100M000100Y43").body().path("total").asLong())
          .isZero();
      assertThat(node.get(AU, "/api/v1/lcs?deadlineBy=2026-06-30").body().path("total").asLong())
          .isEqualTo(5);
      assertThat(node.get(AU, "/api/v1/lcs?deadlineBy=2026-06-29").body().path("total").asLong())
          .isZero();
      assertThat(node.get("sandbox-forfaiter", "/api/v1/lcs").body().path("total").asLong())
          .isZero();

      List<String> paged = pagedByCursor(node, SH, 2);
      assertThat(paged).containsExactly("LC-RM-1", "LC-RM-2", "LC-RM-3", "LC-RM-4", "LC-RM-5");

      Reply bad = node.get(SH, "/api/v1/lcs?cursor=!!!");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.code()).isEqualTo("INVALID_REQUEST");
    }

    // the read model is a cache: emptied by hand, a rebuild fills it again from the ledger
    long notifications;
    try (TestDatabase admin = TestDatabase.postgres()) {
      JdbcClient db = JdbcClient.create(admin.dataSource());
      db.sql("delete from " + schema + ".lc_party").update();
      db.sql("delete from " + schema + ".lc_entry").update();
      notifications = count(db, schema + ".notification");
    }
    String[] rebuild = new String[postgres.length + 1];
    System.arraycopy(postgres, 0, rebuild, 0, postgres.length);
    rebuild[postgres.length] = "--lc.read-model.rebuild=true";
    try (SandboxNode node = new SandboxNode(dir, Instant.parse("2026-03-02T02:00:00Z"), rebuild)) {
      assertThat(node.post(SH, "/api/v1/lcs", terms("LC-RM-6", "{\"type\":\"SIGHT\"}")).status())
          .isEqualTo(201);
      assertThat(pagedByCursor(node, SH, 4))
          .containsExactly("LC-RM-1", "LC-RM-2", "LC-RM-3", "LC-RM-4", "LC-RM-5", "LC-RM-6");
      assertThat(numbers(node.get(YZ, "/api/v1/lcs?status=ADVISED"))).containsExactly("LC-RM-2");
      assertThat(node.get(AU, "/api/v1/lcs").body().path("total").asLong()).isEqualTo(6);
    } finally {
      try (TestDatabase admin = TestDatabase.postgres()) {
        // processing the whole ledger again made no notification twice: LC-RM-6's three are new
        assertThat(count(JdbcClient.create(admin.dataSource()), schema + ".notification"))
            .isEqualTo(notifications + 3);
      }
      try (TestDatabase admin = TestDatabase.postgres()) {
        JdbcClient.create(admin.dataSource()).sql("drop schema " + schema + " cascade").update();
      }
    }
  }

  private static long count(JdbcClient db, String table) {
    return db.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static List<String> pagedByCursor(SandboxNode node, String token, int size) {
    List<String> seen = new ArrayList<>();
    String cursor = "";
    do {
      Reply page = node.get(token, "/api/v1/lcs?size=" + size + "&cursor=" + cursor);
      assertThat(page.status()).isEqualTo(200);
      seen.addAll(numbers(page));
      cursor = page.body().path("next").asText();
    } while (!cursor.isEmpty());
    return seen;
  }

  private static List<String> numbers(Reply reply) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
    List<String> numbers = new ArrayList<>();
    reply.body().path("items").forEach(lc -> numbers.add(lc.path("lcNumber").asText()));
    return numbers;
  }
}
