package io.lcledger.chaincode.domain;

/** The result of an accepted step: the LC's next version and the event to emit. */
public record Outcome(LetterOfCredit lc, LcEvent event) {}
