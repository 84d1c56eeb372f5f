package io.lcledger.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Idempotency records shared by the nodes of a branch: a key is bound once, to one request, however
 * many nodes claim it at once, and its first answer stays.
 */
class IdempotencyRecordsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aKeyClaimedByTwoNodesAtOnceIsBoundToOneRequestAndKeepsItsFirstAnswer(String kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.of(kind, dir)) {
      IdempotencyRecords one = new IdempotencyRecords(db.db, db.durable);
      IdempotencyRecords two = new IdempotencyRecords(db.db, db.durable);
      List<CompletableFuture<IdempotencyRecords.Kept>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        IdempotencyRecords node = i % 2 == 0 ? one : two;
        String request = "request-" + i;
        claims.add(CompletableFuture.supplyAsync(() -> node.claim("key-1", request)));
      }
      List<String> boundTo = new ArrayList<>();
      for (CompletableFuture<IdempotencyRecords.Kept> claim : claims) {
        boundTo.add(claim.get().requestHash());
      }
      assertThat(boundTo).containsOnly(boundTo.get(0)); // every claimant sees the one winner

      one.answer("key-1", 201, "application/json", bytes("first"));
      two.answer("key-1", 409, "application/problem+json", bytes("second"));
      IdempotencyRecords.Kept kept = two.find("key-1").orElseThrow();
      assertThat(kept.status()).isEqualTo(201);
      assertThat(kept.body()).isEqualTo(bytes("first"));
      assertThat(two.claim("key-1", boundTo.get(0)).status()).isEqualTo(201);
      assertThat(one.claim("key-1", "another request").requestHash()).isEqualTo(boundTo.get(0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void anAnswerKeptInBase64BeforeTheBytesColumnIsStillReplayed(String kind) throws Exception {
    try (TestDatabase db = TestDatabase.of(kind, dir)) {
      db.db
          .sql(
              "insert into idempotency_record (record_id, request_hash, status, content_type,"
                  + " body) values ('old', 'hash', 201, 'application/json', ?)")
          .param(Base64.getEncoder().encodeToString(bytes("{\"lcNumber\":\"LC-1\"}")))
          .update();
      IdempotencyRecords records = new IdempotencyRecords(db.db, db.durable);

      IdempotencyRecords.Kept kept = records.claim("old", "hash");

      assertThat(kept.status()).isEqualTo(201);
      assertThat(kept.body()).isEqualTo(bytes("{\"lcNumber\":\"LC-1\"}"));
      records.claim("pending", "hash");
      assertThat(records.find("pending").orElseThrow().body()).isNull();
    }
  }

  @Test
  void recordsKeptAsFilesByAnEarlierVersionAreBroughtInAndTheFilesRemoved() throws Exception {
    try (TestDatabase db = TestDatabase.h2(dir)) {
      Path files = Files.createDirectories(dir.resolve("idempotency"));
      Files.writeString(
          files.resolve("answered.json"),
          "{\"requestHash\":\"h1\",\"status\":201,\"contentType\":\"application/json\","
              + "\"body\":\""
              + Base64.getEncoder().encodeToString(bytes("{}"))
              + "\"}");
      Files.writeString(files.resolve("cut-short.pending"), "h2");
      IdempotencyRecords records = new IdempotencyRecords(db.db, db.durable);

      records.importFiles(files, new ObjectMapper());

      IdempotencyRecords.Kept answered = records.find("answered").orElseThrow();
      assertThat(answered.status()).isEqualTo(201);
      assertThat(answered.body()).isEqualTo(bytes("{}"));
      IdempotencyRecords.Kept cutShort = records.find("cut-short").orElseThrow();
      assertThat(cutShort.requestHash()).isEqualTo("h2");
      assertThat(cutShort.status()).isNull();
      assertThat(Files.list(files)).isEmpty();
    }
  }

  @Test
  void aClaimIsInTheDatabaseFileOnceFlushedBeforeAnEffect() throws Exception {
    TestDatabase.eachWriteSurvivesAKill(
        dir,
        5,
        (db, n) -> {
          IdempotencyRecords records = new IdempotencyRecords(db.db, db.durable);
          records.claim("key-" + n, "request-" + n);
          records.flush();
        },
        (killed, n) ->
            assertThat(new IdempotencyRecords(killed.db, killed.durable).find("key-" + n))
                .hasValueSatisfying(
                    kept -> assertThat(kept.requestHash()).isEqualTo("request-" + n)));
  }

  @Test
  void aClaimIsReleasedOnlyByItsOwnRequestWhileUnanswered() throws Exception {
    try (TestDatabase db = TestDatabase.h2(dir)) {
      IdempotencyRecords records = new IdempotencyRecords(db.db, db.durable);
      records.claim("pending", "mine");
      records.claim("answered", "mine");
      records.answer("answered", 201, "application/json", bytes("{}"));

      records.release("pending", "another request");
      records.release("answered", "mine");
      assertThat(records.find("pending")).isPresent();
      assertThat(records.find("answered")).isPresent();

      records.release("pending", "mine");
      assertThat(records.find("pending")).isEmpty();
      assertThat(records.claim("pending", "another request").requestHash())
          .isEqualTo("another request");
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
