package io.lcledger.node.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.store.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
  private TestDatabase database;
  private DocumentStore store;
  private DocumentStore.StoredDocument uploaded;

  @BeforeEach
  void upload() {
    database = TestDatabase.h2(dir);
    store = store(dir, database);
    uploaded =
        store.store("yangzhou", DocumentType.INVOICE, "invoice.pdf", new ByteArrayInputStream(PDF));
  }

  @AfterEach
  void close() {
    database.close();
  }

  /** A branch node's document store: documents under {@code dir}, links in {@code database}. */
  static DocumentStore store(Path dir, TestDatabase database) {
    return new DocumentStore(
        new NodeProperties("sandbox", dir, List.of("yangzhou"), Map.of(), null, null, List.of()),
        new DocumentProperties(null),
        new ObjectMapper().registerModule(new JavaTimeModule()),
        Clock.systemUTC(),
        database.db,
        database.durable);
  }

  @Test
  void onlyTheRequestThatPresentedADocumentMayNameItAgain() throws Exception {
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
    // the database records the presentation: the document's files are as uploaded
    Path kept = dir.resolve("documents").resolve(uploaded.documentId());
    assertThat(kept.resolve("presented-under")).doesNotExist();
    assertThat(store.find(uploaded.documentId()).orElseThrow().lcNumber()).isEqualTo("LC-1");
    assertThat(json.readTree(kept.resolve("meta.json").toFile()).get("lcNumber").isNull()).isTrue();
  }

  @Test
  void aBranchsNodesSharingPostgresqlSeeEachOthersPresentations() {
    List<String> ids = List.of(uploaded.documentId());
    try (TestDatabase shared = TestDatabase.postgres()) {
      DocumentStore one = store(dir, shared);
      DocumentStore other = store(dir, shared);
      one.linkToLc(ids, "LC-1", null);
      other.linkToLc(
          ids, "LC-1", "key-1"); // a second link of a presented document: the first stays

      assertPresentedAlready(() -> other.refsForPresentation("yangzhou", "LC-1", ids, "key-1"));
      assertThat(other.find(uploaded.documentId()).orElseThrow().lcNumber()).isEqualTo("LC-1");
    }
  }

  @Test
  void aPresentationIsOnDiskWhenItsLinkReturns() throws Exception {
    List<String> ids = List.of(uploaded.documentId());
    store.linkToLc(ids, "LC-1", "key-1");
    // the node's database as a kill -9 right now would leave it, beside the same documents
    Path killed = dir.resolve("killed");
    TestDatabase.copyAsKilled(dir, killed);
    try (TestDatabase afterKill = TestDatabase.h2(killed)) {
      Files.createSymbolicLink(killed.resolve("documents"), dir.resolve("documents"));
      DocumentStore restarted = store(killed, afterKill);

      assertThat(restarted.find(uploaded.documentId()).orElseThrow().lcNumber()).isEqualTo("LC-1");
      assertThat(restarted.refsForPresentation("yangzhou", "LC-1", ids, "key-1")).hasSize(1);
      assertPresentedAlready(() -> restarted.refsForPresentation("yangzhou", "LC-1", ids, "key-2"));
      assertThat(restarted.sweepUnlinked()).isZero();
    }
  }

  @Test
  void aDocumentPresentedByTheVersionBeforeKeepsItsLinkInItsDescription() throws Exception {
    Path kept = dir.resolve("documents").resolve(uploaded.documentId());
    // as that version left it: the description with its LC and the key's hash
    var meta = json.valueToTree(uploaded.withLcNumber("LC-1"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) meta).put("presented-under", sha256("key-1"));
    Files.write(kept.resolve("meta.json"), json.writeValueAsBytes(meta));
    List<String> ids = List.of(uploaded.documentId());

    assertThat(store.find(uploaded.documentId()).orElseThrow().lcNumber()).isEqualTo("LC-1");
    assertThat(store.refsForPresentation("yangzhou", "LC-1", ids, "key-1")).hasSize(1);
    assertPresentedAlready(() -> store.refsForPresentation("yangzhou", "LC-1", ids, "key-2"));
  }

  @Test
  void aPresentationWithoutAKeyMayNotBeRepeated() {
    List<String> ids = List.of(uploaded.documentId());
    store.linkToLc(ids, "LC-1", null);
    store.linkToLc(ids, "LC-1", null); // as linked once

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
