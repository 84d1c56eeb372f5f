package io.lcledger.node.lc;

import io.lcledger.chaincode.domain.DocumentRef;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Limits;
import io.lcledger.node.documents.DocumentRefused;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.documents.DocumentStore.DigestCheck;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.peers.PeerNodes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Presented documents as the parties of an LC see them (影像审核). The presenting branch's node keeps
 * the files. Another party's node fetches a file from it, recomputes its SHA-256 and SM3 against
 * the digests anchored on the ledger, and keeps the copy once verified; a copy that does not match
 * is refused with DIGEST_MISMATCH, and never kept or shown as verified.
 */
@Service
public class DocumentService {
  /** How long a node waits for its own peer to show a presentation another node reports. */
  private static final Duration CATCH_UP = Duration.ofSeconds(5);

  private final Ledger ledger;
  private final DocumentStore store;
  private final PeerNodes peers;

  public DocumentService(Ledger ledger, DocumentStore store, PeerNodes peers) {
    this.ledger = ledger;
    this.store = store;
    this.peers = peers;
  }

  /**
   * The verified file of a presented document, for {@code member}; {@code readable} reads the LC as
   * the asking party and refuses a non-party exactly as a document that does not exist.
   */
  public DocumentStore.IntactFile presented(
      Member member, String documentId, Function<String, LetterOfCredit> readable) {
    Optional<DocumentStore.StoredDocument> held =
        store.find(documentId).filter(d -> d.lcNumber() != null);
    if (held.isPresent()) {
      LetterOfCredit lc = readable.apply(held.get().lcNumber());
      return store.intactFile(held.get(), store.anchoredIn(lc, documentId));
    }
    PeerNodes.Fetched fetched = peers.fetch(member.name(), documentId);
    if (fetched instanceof PeerNodes.Fetched.Unreachable down) {
      throw new DocumentRefused(DocumentRefused.Reason.HOLDER_UNAVAILABLE, down.detail());
    }
    if (!(fetched instanceof PeerNodes.Fetched.Found found)) {
      throw DocumentStore.notFound(documentId);
    }
    PeerNodes.PeerCopy copy = found.copy();
    DocumentRef anchored = anchoredOnceSeen(copy.lcNumber(), documentId, readable);
    return store.keepVerifiedCopy(anchored, copy.lcNumber(), copy.heldBy(), copy.content());
  }

  /**
   * Whether a document of {@code lc} verifies against the ledger: this node's copy, else the
   * presenting node's, fetched as {@code member} and kept once it verifies.
   */
  public DigestCheck check(Member member, LetterOfCredit lc, DocumentRef ref) {
    if (store.find(ref.documentId()).isPresent()) {
      return store.check(ref);
    }
    PeerNodes.Fetched fetched = peers.fetch(member.name(), ref.documentId());
    if (fetched instanceof PeerNodes.Fetched.Unreachable down) {
      return new DigestCheck(false, down.detail());
    }
    if (!(fetched instanceof PeerNodes.Fetched.Found found)) {
      return new DigestCheck(false, "no node of the network holds the file");
    }
    PeerNodes.PeerCopy copy = found.copy();
    if (!copy.lcNumber().equals(lc.lcNumber())) {
      return new DigestCheck(false, copy.heldBy() + "'s node holds it under another LC");
    }
    try {
      store.keepVerifiedCopy(ref, lc.lcNumber(), copy.heldBy(), copy.content());
      return new DigestCheck(
          true, "SHA-256 and SM3 of the file from " + copy.heldBy() + "'s node match the ledger");
    } catch (DocumentRefused refused) {
      return new DigestCheck(false, refused.getMessage());
    }
  }

  /** A file this node's branch presented, as another branch's node asks for it. */
  public record Served(String lcNumber, byte[] content) {}

  /**
   * The file of a document this node's branch presented, for a node asking as {@code member}: only
   * a party of its LC, or an auditor, is given it; anyone else is answered as for no document.
   */
  public Served forPeer(String member, String documentId) {
    DocumentStore.StoredDocument doc =
        store
            .find(documentId)
            .filter(d -> d.lcNumber() != null && peers.isOwn(d.uploadedBy()))
            .orElseThrow(() -> DocumentStore.notFound(documentId));
    LetterOfCredit lc;
    try {
      lc = ledger.find(Member.branch(doc.uploadedBy()), doc.lcNumber());
    } catch (LedgerException.Rejected gone) {
      throw DocumentStore.notFound(documentId);
    }
    if (!lc.branches().contains(member) && !peers.isAuditor(member)) {
      throw DocumentStore.notFound(documentId);
    }
    return new Served(doc.lcNumber(), store.content(documentId));
  }

  /**
   * The digests anchored for the document in the LC as this node's own peer shows it, which may be
   * a block behind the node that presented it: it is read again, briefly, until it shows it.
   */
  private DocumentRef anchoredOnceSeen(
      String lcNumber, String documentId, Function<String, LetterOfCredit> readable) {
    Limits.lcNumber(lcNumber);
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    while (true) {
      LetterOfCredit lc = readable.apply(lcNumber);
      try {
        return store.anchoredIn(lc, documentId);
      } catch (DocumentRefused notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw DocumentStore.notFound(documentId);
      }
    }
  }
}
