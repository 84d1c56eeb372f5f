package io.lcledger.node.ledger;

/**
 * The ledger identity a call is made with: a branch's own identity, an auditor's (read-only), or
 * the network admin's (configuration at deployment).
 */
public record Member(String branch, Kind kind) {
  /** What the identity is. */
  public enum Kind {
    BRANCH,
    AUDITOR,
    ADMIN
  }

  /** The name the node's configuration knows it by: its branch, or {@code auditor}. */
  public String name() {
    return switch (kind) {
      case BRANCH -> branch;
      case AUDITOR -> "auditor";
      case ADMIN -> "admin";
    };
  }

  public static Member branch(String branch) {
    return new Member(branch, Kind.BRANCH);
  }

  public static final Member AUDITOR = new Member(null, Kind.AUDITOR);
  public static final Member ADMIN = new Member(null, Kind.ADMIN);
}
