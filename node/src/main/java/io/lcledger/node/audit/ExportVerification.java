package io.lcledger.node.audit;

import java.time.Instant;

/**
 * What checking a signed export came to: the outcome and, once the signature could be read, who
 * signed it and with which algorithm.
 *
 * @param signer null when the file or its signature could not be read
 */
public record ExportVerification(Outcome outcome, Signer signer) {

  /** The signer as its certificate names it. */
  public record Signer(
      String subject, String algorithm, String fingerprint, Instant signedAt, boolean known) {}

  /** Each outcome with the reason the command prints (the page has them in both languages). */
  public enum Outcome {
    VERIFIED("the signature is intact, covers the whole content, and is by a known certificate"),
    SIGNER_NOT_CHECKED(
        "the signature is intact and covers the whole content; the signer was not checked against"
            + " a certificate (compare its fingerprint with the node's, or give --certificate)"),
    SIGNER_UNKNOWN(
        "the signature is intact, but it was made with a certificate other than the node's"),
    SIGNATURE_INVALID(
        "the signature does not match the content: the file was changed after it was signed, or"
            + " the signature is not of this file"),
    NOT_WHOLE_FILE("the signature does not cover the whole file: something was added after it"),
    NOT_SIGNED("no signature: a PDF export carries its own; a CSV needs its .p7s"),
    UNSUPPORTED_ALGORITHM("signed with an algorithm other than SM3withSM2 or SHA256withECDSA"),
    UNREADABLE("not a signed export: the file or its signature cannot be read");

    private final String reason;

    Outcome(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  static ExportVerification of(Outcome outcome) {
    return new ExportVerification(outcome, null);
  }

  /**
   * Whether the content is as signed. {@link Outcome#SIGNER_NOT_CHECKED} counts: it is only
   * answered when no certificate was given to check the signer against (the offline command).
   */
  public boolean verified() {
    return outcome == Outcome.VERIFIED || outcome == Outcome.SIGNER_NOT_CHECKED;
  }
}
