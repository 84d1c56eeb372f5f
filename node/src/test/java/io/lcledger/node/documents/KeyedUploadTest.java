package io.lcledger.node.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.ledger.RequestKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload under an Idempotency-Key has its key's claim written to disk before the document is
 * kept: the ledger, which records the claims of steps, knows nothing of uploads.
 */
class KeyedUploadTest {
  @TempDir Path dir;

  @Test
  void theKeysClaimIsWrittenBeforeTheDocumentIsKept() {
    DocumentStore store =
        new DocumentStore(
            new NodeProperties(
                "sandbox", dir, List.of("yangzhou"), Map.of(), null, null, List.of()),
            new DocumentProperties(null),
            new ObjectMapper().registerModule(new JavaTimeModule()),
            Clock.systemUTC());
    List<Long> documentsKeptWhenAsked = new ArrayList<>();

    try (RequestKeys.Scope key =
        RequestKeys.bind("key", "hash", () -> documentsKeptWhenAsked.add(documentsKept()))) {
      store.store(
          "yangzhou",
          DocumentType.INVOICE,
          "invoice.pdf",
          new ByteArrayInputStream("%PDF-1.4 invoice".getBytes(StandardCharsets.US_ASCII)));
    }

    assertThat(documentsKeptWhenAsked).containsExactly(0L);
    assertThat(documentsKept()).isEqualTo(1);
  }

  private long documentsKept() {
    Path documents = dir.resolve("documents");
    if (!Files.isDirectory(documents)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(documents)) {
      return files.filter(f -> f.getFileName().toString().equals("meta.json")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
