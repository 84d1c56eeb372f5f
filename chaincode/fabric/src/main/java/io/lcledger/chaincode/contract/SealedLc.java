package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.LetterOfCredit;

/**
 * One version of an LC as its banks' collection holds it. The salt, chosen at random by the issuing
 * node and kept for every version, makes the hash on the channel unguessable from likely terms.
 */
record SealedLc(String salt, LetterOfCredit lc) {}
