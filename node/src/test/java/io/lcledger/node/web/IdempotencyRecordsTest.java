package io.lcledger.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.store.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    try (TestDatabase db =
        kind.equals("postgres") ? TestDatabase.postgres() : TestDatabase.h2(dir)) {
      IdempotencyRecords one = new IdempotencyRecords(db.db);
      IdempotencyRecords two = new IdempotencyRecords(db.db);
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

      one.answer("key-1", 201, "application/json", "Zmlyc3Q=");
      two.answer("key-1", 409, "application/problem+json", "c2Vjb25k");
      IdempotencyRecords.Kept kept = two.find("key-1").orElseThrow();
      assertThat(kept.status()).isEqualTo(201);
      assertThat(kept.body()).isEqualTo("Zmlyc3Q=");
      assertThat(two.claim("key-1", boundTo.get(0)).status()).isEqualTo(201);
      assertThat(one.claim("key-1", "another request").requestHash()).isEqualTo(boundTo.get(0));
    }
  }
}
