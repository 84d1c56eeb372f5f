package io.lcledger.chaincode.domain;

/** The role a caller must hold on an LC to take a step. */
public enum Actor {
  /** The branch that issued the LC (for ISSUE: any network branch, which becomes the issuer). */
  ISSUING,
  /** The advising branch, which speaks for the beneficiary. */
  ADVISING,
  /** The advising branch or the nominated branch. */
  PRESENTER,
  /** The nominated branch of the LC. */
  NOMINATED,
  /** Any network branch except the issuer (forfaiting). */
  NOT_ISSUER,
  /** The issuing, advising or nominated branch. */
  ANY_PARTY;

  boolean permits(Caller caller, LetterOfCredit lc) {
    if (!caller.isBranch()) {
      return false;
    }
    String branch = caller.branch();
    if (lc == null) {
      return this == ISSUING;
    }
    boolean issuing = branch.equals(lc.issuingBranch());
    boolean advising = branch.equals(lc.advisingBranch());
    boolean nominated = branch.equals(lc.terms().nominatedBranch());
    return switch (this) {
      case ISSUING -> issuing;
      case ADVISING -> advising;
      case PRESENTER -> advising || nominated;
      case NOMINATED -> nominated;
      case NOT_ISSUER -> !issuing;
      case ANY_PARTY -> issuing || advising || nominated;
    };
  }
}
