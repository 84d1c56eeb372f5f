package io.lcledger.node.documents;

/**
 * The document store refused a request: why, in its own terms, and the code the caller is told. The
 * web layer decides the HTTP status of each reason.
 */
public final class DocumentRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public DocumentRefused(Reason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why a document request was refused, with the code the API answers. */
  public enum Reason {
    /** No such document for this caller (or one it may not know of). */
    NOT_FOUND("DOCUMENT_NOT_FOUND"),
    /** A presentation names a document this branch never uploaded. */
    NOT_UPLOADED("DOCUMENT_NOT_FOUND"),
    /** A presentation names a document already presented. */
    ALREADY_PRESENTED("DOCUMENT_ALREADY_PRESENTED"),
    /** The file no longer matches the digests anchored on the ledger. */
    DIGEST_MISMATCH("DIGEST_MISMATCH"),
    /** The file's content is none of the media types trade documents have. */
    UNSUPPORTED_MEDIA_TYPE("UNSUPPORTED_MEDIA_TYPE"),
    /** The node of the branch that keeps the file could not be asked for it. */
    HOLDER_UNAVAILABLE("DOCUMENT_HOLDER_UNAVAILABLE");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
