package io.lcledger.node.identity;

import io.lcledger.node.ledger.Member;

/**
 * Who is calling the node: a branch's trade-services system, or an auditor (read-only, every LC).
 * The acting branch always comes from here, never from a request body.
 */
public record CallerPrincipal(String name, String branch, boolean auditor) {
  /** The ledger identity this caller acts with. */
  public Member member() {
    return auditor ? Member.AUDITOR : Member.branch(branch);
  }
}
