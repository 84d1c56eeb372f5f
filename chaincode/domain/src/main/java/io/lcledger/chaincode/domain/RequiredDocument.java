package io.lcledger.chaincode.domain;

/** A document the LC calls for (MT700 field 46A), with the number of copies. */
public record RequiredDocument(DocumentType type, int copies) {}
