package io.lcledger.node.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.node.config.NodeProperties;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document is presented once; only a retry of the request that presented it may name it again.
 */
class PresentedDocumentsTest {
  private static final byte[] PDF = "%PDF-1.4 invoice".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  private DocumentStore store;
  private DocumentStore.StoredDocument uploaded;

  @BeforeEach
  void upload() {
    store =
        new DocumentStore(
            new NodeProperties(
                "sandbox", dir, List.of("yangzhou"), Map.of(), null, null, List.of()),
            new DocumentProperties(null),
            json,
            Clock.systemUTC());
    uploaded =
        store.store("yangzhou", DocumentType.INVOICE, "invoice.pdf", new ByteArrayInputStream(PDF));
  }

  @Test
  void onlyTheRequestThatPresentedADocumentMayNameItAgain() {
    List<String> ids = List.of(uploaded.documentId());
    store.refsForPresentation("yangzhou", "LC-1", ids, "key-1");
    store.linkToLc(ids, "LC-1", "key-1");

    assertThat(store.find(uploaded.documentId()).orElseThrow())
        .isEqualTo(uploaded.withLcNumber("LC-1"));
    assertThat(store.refsForPresentation("yangzhou", "LC-1", ids, "key-1"))
        .singleElement()
        .isEqualTo(uploaded.ref());
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, "key-2"));
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, null));
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-2", ids, "key-1"));
    // one file records the presentation: nothing beside it
    assertThat(dir.resolve("documents").resolve(uploaded.documentId()).resolve("presented-under"))
        .doesNotExist();
  }

  @Test
  void aPresentationWithoutAKeyMayNotBeRepeated() {
    List<String> ids = List.of(uploaded.documentId());
    store.linkToLc(ids, "LC-1", null);

    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, "key-1"));
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, null));
  }

  @Test
  void aDocumentPresentedByAnEarlierVersionKeepsItsKeyInAFileBesideIt() throws Exception {
    Path kept = dir.resolve("documents").resolve(uploaded.documentId());
    // as the earlier version left it: the description with its LC, the key's hash in a file
    Files.write(kept.resolve("meta.json"), json.writeValueAsBytes(uploaded.withLcNumber("LC-1")));
    Files.writeString(kept.resolve("presented-under"), sha256("key-1"));
    List<String> ids = List.of(uploaded.documentId());

    assertThat(store.refsForPresentation("yangzhou", "LC-1", ids, "key-1")).hasSize(1);
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, "key-2"));
  }

  @Test
  void aDocumentIsPresentedByOneRequestAtATime() {
    List<String> ids = List.of(uploaded.documentId());
    DocumentStore.StoredDocument other =
        store.store("yangzhou", DocumentType.INVOICE, "other.pdf", new ByteArrayInputStream(PDF));
    store.refsForPresentation("yangzhou", "LC-1", ids, "key-1");

    // a second presentation while the first runs, under any key or LC, and with another document
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, "key-2"));
    assertPresentedAlready(
        () ->
            store.refsForPresentation(
                "yangzhou", "LC-2", List.of(other.documentId(), uploaded.documentId()), null));
    // the refused one kept no claim on the other document
    assertThat(store.refsForPresentation("yangzhou", "LC-2", List.of(other.documentId()), null))
        .hasSize(1);

    // the first did not reach the ledger: the document may be presented again
    store.release(ids);
    assertThat(store.refsForPresentation("yangzhou", "LC-1", ids, "key-2")).hasSize(1);
    // an id named twice in one presentation is claimed once (the ledger refuses the list)
    store.release(ids);
    assertThat(store.refsForPresentation("yangzhou", "LC-1", List.of(ids.get(0), ids.get(0)), null))
        .hasSize(2);
  }

  @Test
  void aPresentationIsOneWriteIntoTheFileTheUploadMade() throws Exception {
    Path kept = dir.resolve("documents").resolve(uploaded.documentId());
    assertThat(kept.resolve("presentation.json")).isEmptyFile();
    byte[] description = Files.readAllBytes(kept.resolve("meta.json"));

    store.linkToLc(List.of(uploaded.documentId()), "LC-1", "key-1");

    assertThat(kept.resolve("meta.json")).hasBinaryContent(description);
    assertThat(json.readTree(kept.resolve("presentation.json").toFile()))
        .isEqualTo(
            json.createObjectNode().put("lcNumber", "LC-1").put("presentedUnder", sha256("key-1")));
    assertThat(store.find(uploaded.documentId()).orElseThrow())
        .isEqualTo(uploaded.withLcNumber("LC-1"));
  }

  @Test
  void aDocumentUploadedByAnEarlierVersionIsPresentedInItsDescription() throws Exception {
    Path kept = dir.resolve("documents").resolve(uploaded.documentId());
    Files.delete(kept.resolve("presentation.json")); // as an earlier version uploaded it
    List<String> ids = List.of(uploaded.documentId());

    store.linkToLc(ids, "LC-1", "key-1");

    assertThat(json.readTree(kept.resolve("meta.json").toFile()).path("lcNumber").asText())
        .isEqualTo("LC-1");
    assertThat(kept.resolve("presentation.json")).doesNotExist();
    assertThat(store.refsForPresentation("yangzhou", "LC-1", ids, "key-1")).hasSize(1);
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, "key-2"));
  }

  @Test
  void aPresentationCutShortByACrashCountsAsNone() throws Exception {
    Path presentation =
        dir.resolve("documents").resolve(uploaded.documentId()).resolve("presentation.json");
    // the step had not been answered when the node died: its client presents again
    Files.writeString(
        presentation, "{\"lcNumber\":\"LC-1\",\"presentedUnder\":\"" + "0".repeat(40));
    List<String> ids = List.of(uploaded.documentId());

    assertThat(store.find(uploaded.documentId()).orElseThrow().lcNumber()).isNull();
    assertThat(store.refsForPresentation("yangzhou", "LC-2", ids, null)).hasSize(1);
    store.linkToLc(ids, "LC-2", null);

    // nothing of the longer torn write is left behind
    assertThat(presentation).hasContent("{\"lcNumber\":\"LC-2\",\"presentedUnder\":null}");
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-2", ids, null));
  }

  @Test
  void aFieldALaterVersionAddsToThePresentationDoesNotUndoIt() throws Exception {
    Path presentation =
        dir.resolve("documents").resolve(uploaded.documentId()).resolve("presentation.json");
    Files.writeString(
        presentation, "{\"lcNumber\":\"LC-1\",\"presentedUnder\":null,\"presentedAt\":\"later\"}");
    List<String> ids = List.of(uploaded.documentId());

    assertThat(store.find(uploaded.documentId()).orElseThrow().lcNumber()).isEqualTo("LC-1");
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-2", ids, null));
  }

  private static void assertPresentedAlready(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DocumentRefused.class,
            e -> assertThat(e.reason()).isEqualTo(DocumentRefused.Reason.ALREADY_PRESENTED));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
