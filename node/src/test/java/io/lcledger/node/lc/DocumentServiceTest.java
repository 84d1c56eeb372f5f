package io.lcledger.node.lc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.documents.DocumentProperties;
import io.lcledger.node.documents.DocumentRefused;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.peers.PeerNodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuing branch's node, shanghai's, reading documents that yangzhou's node keeps. */
class DocumentServiceTest {
  static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
  static final byte[] FILE = "%PDF-1.4\n% an invoice\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  final Ledger ledger = mock(Ledger.class);
  final PeerNodes peers = mock(PeerNodes.class);
  DocumentStore store;
  DocumentService documents;
  LetterOfCredit lc;
  final Function<String, LetterOfCredit> asParty = n -> lc;

  @BeforeEach
  void shanghaisNode() throws Exception {
    NodeProperties node =
        new NodeProperties("fabric", dir, List.of("shanghai"), Map.of(), null, null, List.of());
    store =
        new DocumentStore(
            node,
            new DocumentProperties(null),
            new ObjectMapper().registerModule(new JavaTimeModule()),
            Clock.systemUTC());
    documents = new DocumentService(ledger, store, peers);
    lc = presentedWith(anchored(FILE));
  }

  static DocumentRef anchored(byte[] content) throws Exception {
    SM3Digest sm3 = new SM3Digest();
    sm3.update(content, 0, content.length);
    byte[] sm3Out = new byte[32];
    sm3.doFinal(sm3Out, 0);
    return new DocumentRef(
        ID,
        DocumentType.INVOICE,
        "invoice.pdf",
        "application/pdf",
        content.length,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
        HexFormat.of().formatHex(sm3Out));
  }

  static LetterOfCredit presentedWith(DocumentRef ref) {
    LetterOfCredit lc =
        Fixtures.lc(
            "LC-DOC-1",
            PaymentType.SIGHT,
            Money.parse("100.00"),
            Fixtures.States.of(LcStatus.ADVISED));
    Presentation p = lc.presentations().get(0);
    Presentation withRef =
        new Presentation(
            p.presentationNo(),
            p.presentingBranch(),
            p.status(),
            p.amount(),
            p.shipmentDate(),
            p.receivedOn(),
            p.examinationDeadline(),
            List.of(ref),
            p.discrepancies(),
            p.applicantWaived(),
            p.documentDisposition(),
            p.maturityDate(),
            p.payee(),
            p.buyerFinancing(),
            p.forfaiting(),
            p.negotiation(),
            p.payment());
    return new LetterOfCredit(
        lc.terms(),
        lc.issuingBranch(),
        lc.issueDate(),
        lc.status(),
        lc.availableAmount(),
        List.of(withRef),
        lc.amendments(),
        lc.cancellation(),
        lc.lastStep());
  }

  void yangzhouHolds(byte[] content) {
    given(peers.fetch(eq("shanghai"), eq(ID)))
        .willReturn(
            new PeerNodes.Fetched.Found(new PeerNodes.PeerCopy("LC-DOC-1", "yangzhou", content)));
  }

  @Test
  void anIntactFileFromThePresentingNodeIsServedAndKeptAsVerified() {
    yangzhouHolds(FILE);
    DocumentStore.IntactFile file = documents.presented(Member.branch("shanghai"), ID, asParty);
    assertThat(file.content()).isEqualTo(FILE);
    assertThat(store.find(ID))
        .get()
        .extracting(DocumentStore.StoredDocument::uploadedBy)
        .isEqualTo("yangzhou");
    assertThat(store.check(lc.presentations().get(0).documents().get(0)).matches()).isTrue();
  }

  @Test
  void aTamperedCopyIsRefusedAndNeverKept() {
    byte[] tampered = (new String(FILE, StandardCharsets.US_ASCII) + "% altered\n").getBytes();
    yangzhouHolds(tampered);
    assertThatThrownBy(() -> documents.presented(Member.branch("shanghai"), ID, asParty))
        .isInstanceOfSatisfying(
            DocumentRefused.class,
            e -> assertThat(e.reason()).isEqualTo(DocumentRefused.Reason.DIGEST_MISMATCH));
    assertThat(store.find(ID)).isEmpty();
    DocumentStore.DigestCheck check =
        documents.check(
            Member.branch("shanghai"), lc, lc.presentations().get(0).documents().get(0));
    assertThat(check.matches()).isFalse();
    assertThat(check.detail()).contains("differ from the ledger");
    assertThat(store.find(ID)).isEmpty();
  }

  @Test
  void aNonPartyIsToldNothingEvenWhenAnotherNodeHoldsTheFile() {
    yangzhouHolds(FILE);
    Function<String, LetterOfCredit> notAParty =
        n -> {
          throw DocumentStore.notFound(ID);
        };
    assertThatThrownBy(() -> documents.presented(Member.branch("shanghai"), ID, notAParty))
        .isInstanceOfSatisfying(
            DocumentRefused.class,
            e -> assertThat(e.reason()).isEqualTo(DocumentRefused.Reason.NOT_FOUND));
    assertThat(store.find(ID)).isEmpty();
  }

  @Test
  void aFileNoNodeHoldsIsNotFoundAndOneWhoseNodeIsDownIsUnavailable() {
    given(peers.fetch(anyString(), anyString())).willReturn(new PeerNodes.Fetched.Missing());
    assertThatThrownBy(() -> documents.presented(Member.branch("shanghai"), ID, asParty))
        .isInstanceOfSatisfying(
            DocumentRefused.class,
            e -> assertThat(e.reason()).isEqualTo(DocumentRefused.Reason.NOT_FOUND));
    given(peers.fetch(anyString(), anyString()))
        .willReturn(new PeerNodes.Fetched.Unreachable("the node of yangzhou did not answer"));
    assertThatThrownBy(() -> documents.presented(Member.branch("shanghai"), ID, asParty))
        .isInstanceOfSatisfying(
            DocumentRefused.class,
            e -> assertThat(e.reason()).isEqualTo(DocumentRefused.Reason.HOLDER_UNAVAILABLE));
  }

  @Test
  void thePresentingNodeServesOnlyItsOwnFilesToPartiesAndAuditors() throws Exception {
    // yangzhou's node, which presented the file
    NodeProperties yangzhouNode =
        new NodeProperties(
            "fabric", dir.resolve("yz"), List.of("yangzhou"), Map.of(), null, null, List.of());
    DocumentStore yangzhouStore =
        new DocumentStore(
            yangzhouNode,
            new DocumentProperties(null),
            new ObjectMapper().registerModule(new JavaTimeModule()),
            Clock.systemUTC());
    DocumentStore.StoredDocument uploaded =
        yangzhouStore.store(
            "yangzhou",
            DocumentType.INVOICE,
            "invoice.pdf",
            new java.io.ByteArrayInputStream(FILE));
    yangzhouStore.linkToLc(List.of(uploaded.documentId()), "LC-DOC-1", null);
    PeerNodes yangzhouPeers = mock(PeerNodes.class);
    given(yangzhouPeers.isOwn("yangzhou")).willReturn(true);
    given(yangzhouPeers.isAuditor("auditor")).willReturn(true);
    given(ledger.find(any(), eq("LC-DOC-1"))).willReturn(lc);
    DocumentService atYangzhou = new DocumentService(ledger, yangzhouStore, yangzhouPeers);

    assertThat(atYangzhou.forPeer("shanghai", uploaded.documentId()).content()).isEqualTo(FILE);
    assertThat(atYangzhou.forPeer("auditor", uploaded.documentId()).lcNumber())
        .isEqualTo("LC-DOC-1");
    assertThatThrownBy(() -> atYangzhou.forPeer("forfaiter", uploaded.documentId()))
        .isInstanceOf(DocumentRefused.class); // not a party of LC-DOC-1
    given(ledger.find(any(), eq("LC-DOC-1")))
        .willThrow(new LedgerException.Rejected("LC_NOT_FOUND", "gone", null));
    assertThatThrownBy(() -> atYangzhou.forPeer("shanghai", uploaded.documentId()))
        .isInstanceOf(DocumentRefused.class);
  }
}
