package io.lcledger.node.sandbox;

import static io.lcledger.node.sandbox.SandboxFlowsTest.FF;
import static io.lcledger.node.sandbox.SandboxFlowsTest.SH;
import static io.lcledger.node.sandbox.SandboxFlowsTest.YZ;
import static io.lcledger.node.sandbox.SandboxFlowsTest.terms;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.SandboxNode;
import io.lcledger.node.SandboxNode.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The review's requests against a real sandbox node: each is refused with its code as problem+json,
 * and the chain does not grow by a single block.
 */
class RefusedRequestsChangeNothingTest {
  static final String SIGHT = "{\"type\":\"SIGHT\"}";
  static final String GOOD = terms("LC-H-1", SIGHT);

  @TempDir Path dir;
  SandboxNode node;

  @BeforeEach
  void start() {
    node = new SandboxNode(dir.resolve("node"), Instant.parse("2026-03-02T02:00:00Z"));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  long blocks() throws IOException {
    try (Stream<String> lines = Files.lines(node.dataDir().resolve("ledger/blocks.jsonl"))) {
      return lines.count();
    }
  }

  static Stream<Arguments> refusedIssues() {
    return Stream.of(
        Arguments.of(
            "the poison amount",
            GOOD.replace("\"1000000.00\"", "\"999999999999999.99\""),
            "INVALID_AMOUNT"),
        Arguments.of(
            "an amount whose tolerance exceeds the bound",
            GOOD.replace("\"1000000.00\"", "\"9999999999999.99\""),
            "INVALID_AMOUNT"),
        Arguments.of("an lcNumber with '/'", terms("LC/1", SIGHT), "INVALID_LC_NUMBER"),
        Arguments.of(
            "a lone surrogate in a name",
            GOOD.replace("上海申达贸易有限公司", "上海\\ud800申达"),
            "INVALID_TEXT"),
        Arguments.of(
            "a control character in a name",
            GOOD.replace("上海申达贸易有限公司", "上海\\u0007申达"),
            "INVALID_TEXT"),
        Arguments.of(
            "a goods description beyond its limit",
            GOOD.replace("Cold-rolled steel coils", "x".repeat(6501)),
            "LIMIT_EXCEEDED"),
        Arguments.of("trailing garbage", GOOD + "garbage", "VALIDATION_FAILED"),
        Arguments.of(
            "a fraction for tolerancePercent",
            GOOD.replace("\"tolerancePercent\":5", "\"tolerancePercent\":5.5"),
            "VALIDATION_FAILED"),
        Arguments.of(
            "an amount as a JSON number",
            GOOD.replace("\"1000000.00\"", "1000000.00"),
            "VALIDATION_FAILED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedIssues")
  void anIssueThatWasAcceptedIsRefused(String what, String body, String code) throws IOException {
    long before = blocks();
    Reply reply = node.post(SH, "/api/v1/lcs", body);
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(400);
    assertThat(reply.code()).isEqualTo(code);
    assertThat(blocks()).isEqualTo(before);
    // and the node lists as before
    assertThat(node.get(SH, "/api/v1/lcs").status()).isEqualTo(200);
  }

  @Test
  void aRateInExponentFormIsRefusedAtOnceAndNothingWaits() throws IOException {
    assertThat(node.post(SH, "/api/v1/lcs", GOOD).status()).isEqualTo(201);
    assertThat(node.post(YZ, "/api/v1/lcs/LC-H-1/advice", null).status()).isEqualTo(200);
    long before = blocks();
    long start = System.nanoTime();
    Reply reply =
        node.post(
            SH,
            "/api/v1/lcs/LC-H-1/presentations/1/buyer-financing",
            "{\"amount\":\"1.00\",\"annualRatePercent\":\"1e1000000\",\"dueDate\":\"2026-06-01\"}");
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo("INVALID_REQUEST");
    assertThat(blocks()).isEqualTo(before);
  }

  @Test
  void aNonPartysStepOnAnExistingLcIsAnsweredAsForAMissingOne() {
    assertThat(node.post(SH, "/api/v1/lcs", GOOD).status()).isEqualTo(201);
    String offer = "{\"purchasePrice\":\"1.00\",\"discountRatePercent\":\"3\"}";
    Reply existing = node.post(FF, "/api/v1/lcs/LC-H-1/presentations/1/forfaiting", offer);
    Reply missing = node.post(FF, "/api/v1/lcs/LC-NONE/presentations/1/forfaiting", offer);
    assertThat(existing.status()).isEqualTo(404).isEqualTo(missing.status());
    assertThat(existing.code()).isEqualTo("LC_NOT_FOUND").isEqualTo(missing.code());
    assertThat(existing.body().path("detail").asText())
        .isEqualTo(missing.body().path("detail").asText().replace("LC-NONE", "LC-H-1"));
    Reply advice = node.post(FF, "/api/v1/lcs/LC-H-1/advice", null);
    assertThat(advice.code()).isEqualTo("LC_NOT_FOUND");
  }
}
