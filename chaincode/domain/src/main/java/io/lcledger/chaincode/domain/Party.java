package io.lcledger.chaincode.domain;

/** A company named on the LC, identified by its unified social credit code. */
public record Party(String name, String uscc) {}
