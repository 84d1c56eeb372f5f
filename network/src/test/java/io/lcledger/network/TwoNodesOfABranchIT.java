package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * High availability for a branch: two nodes of shanghai, each with its own data directory, over one
 * PostgreSQL database, against the real Fabric network, with yangzhou's node beside them. Both
 * serve reads; a key used at one node is the same key at the other, even at the same instant; a
 * webhook hears each step once, from whichever node holds the lease; each node's SSE clients hear
 * every step.
 */
class TwoNodesOfABranchIT {
  static final String POSTGRES =
      System.getenv()
          .getOrDefault("LC_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/lcledger_test");
  static final String USER = System.getenv().getOrDefault("LC_TEST_POSTGRES_USER", "lcledger");
  static final String PASSWORD =
      System.getenv().getOrDefault("LC_TEST_POSTGRES_PASSWORD", "lcledger");

  static LcNetwork net;
  static String schema;
  static BranchNode first;
  static BranchNode second;
  static BranchNode yangzhou;
  static HttpServer webhook;
  static final Map<String, AtomicInteger> heardByWebhook = new ConcurrentHashMap<>();

  @BeforeAll
  static void twoNodesOfShanghaiOverOneDatabase() throws Exception {
    net = LcNetwork.shared();
    schema = "ha_" + UUID.randomUUID().toString().replace("-", "");
    sql("create schema " + schema);
    Path dir = Path.of("target", "ha-nodes-" + System.currentTimeMillis()).toAbsolutePath();
    String token = "it-shanghai-" + UUID.randomUUID();
    String[] database = {
      "--spring.datasource.url=" + POSTGRES + "?currentSchema=" + schema,
      "--spring.datasource.username=" + USER,
      "--spring.datasource.password=" + PASSWORD,
      "--lc.webhooks.allow-loopback=true"
    };
    first = BranchNode.start(net, "shanghai", dir.resolve("first"), token, database);
    second = BranchNode.start(net, "shanghai", dir.resolve("second"), token, database);
    yangzhou = BranchNode.start(net, "yangzhou", dir.resolve("yangzhou"));
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/hook",
        exchange -> {
          heardByWebhook
              .computeIfAbsent(
                  exchange.getRequestHeaders().getFirst("X-Event-Id"), k -> new AtomicInteger())
              .incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    webhook.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (BranchNode node : new BranchNode[] {first, second, yangzhou}) {
      if (node != null) {
        node.close();
      }
    }
    if (webhook != null) {
      webhook.stop(0);
    }
    if (schema != null) {
      sql("drop schema " + schema + " cascade");
    }
  }

  static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(POSTGRES, USER, PASSWORD)) {
      c.createStatement().execute(statement);
    }
  }

  @Test
  void bothServeOneBranchOnceEachStepOneKeyOneWebhook() throws Exception {
    String hook = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
    BranchNode.Reply subscribed =
        first.post(
            "/api/v1/subscriptions",
            "{\"url\":\"" + hook + "\",\"secret\":\"0123456789abcdef0123\"}");
    assertThat(subscribed.status()).as(subscribed.body().toString()).isEqualTo(201);

    try (BranchNode.EventStream atSecond = second.events()) {
      // the same key at both nodes at the same instant: one step, one answer
      String lc = Requests.lcNumber("HA");
      String terms = Requests.terms(lc, "SIGHT");
      String key = "issue-" + lc;
      CompletableFuture<BranchNode.Reply> atFirst =
          CompletableFuture.supplyAsync(() -> post(first, terms, key));
      CompletableFuture<BranchNode.Reply> atOther =
          CompletableFuture.supplyAsync(() -> post(second, terms, key));
      BranchNode.Reply one = atFirst.get();
      BranchNode.Reply two = atOther.get();
      assertThat(one.status()).as(one.body().toString()).isEqualTo(201);
      assertThat(two.status()).as(two.body().toString()).isEqualTo(201);
      assertThat(two.body().path("txId")).isEqualTo(one.body().path("txId"));
      assertThat(first.get("/api/v1/lcs/" + lc + "/history").body()).hasSize(1);
      // and again later, at either node: the first answer
      assertThat(post(second, terms, key).body()).isEqualTo(one.body());

      // the other node lists it (one read model) and its SSE client hears yangzhou's step
      LcNetwork.await(
          "the second node to list " + lc,
          Duration.ofSeconds(10),
          () -> total(second, "/api/v1/lcs?number=" + lc) == 1);
      assertThat(yangzhou.post("/api/v1/lcs/" + lc + "/advice", "{}").status()).isEqualTo(200);
      atSecond.await(
          Duration.ofSeconds(10),
          n ->
              n.path("lcNumber").asText().equals(lc)
                  && n.path("event").asText().equals("LcAdvised"));

      // the webhook hears both steps, once each, though two nodes process every event
      String issueTx = one.body().path("txId").asText();
      LcNetwork.await(
          "the webhook to hear both steps",
          Duration.ofSeconds(15),
          () ->
              heardByWebhook.keySet().stream().filter(id -> id.endsWith("/shanghai")).count() >= 2);
      Thread.sleep(2_000); // time enough for a second delivery, were there one
      List<String> mine =
          heardByWebhook.keySet().stream().filter(id -> id.endsWith("/shanghai")).toList();
      assertThat(mine).contains(issueTx + "/shanghai");
      assertThat(mine).allSatisfy(id -> assertThat(heardByWebhook.get(id).get()).isEqualTo(1));
    }
  }

  private static long total(BranchNode node, String listing) {
    try {
      return node.get(listing).body().path("total").asLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static BranchNode.Reply post(BranchNode node, String json, String key) {
    try {
      return node.post("/api/v1/lcs", json, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
