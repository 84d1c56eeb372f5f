package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.LetterOfCredit;

/**
 * A stub that runs the contract in its ledger's own process (the embedded ones) is told the LC each
 * step wrote, as the object its sealed bytes were made from, so that the ledger can answer with it
 * instead of parsing those bytes back. A peer's stub is not one: a Fabric node reads the LC from
 * its peer.
 */
public interface WrittenLcs {
  void wrote(LetterOfCredit lc);
}
