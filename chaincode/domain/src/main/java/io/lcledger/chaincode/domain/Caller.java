package io.lcledger.chaincode.domain;

/**
 * Who submits a step, as resolved from the ledger identity: the branch its MSP ID maps to (null for
 * an identity that is only an auditor) and whether it may read every LC.
 */
public record Caller(String branch, String mspId, boolean auditor) {
  public static Caller branch(String branch, String mspId) {
    return new Caller(branch, mspId, false);
  }

  public boolean isBranch() {
    return branch != null;
  }
}
