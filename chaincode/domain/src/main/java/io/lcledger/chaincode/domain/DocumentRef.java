package io.lcledger.chaincode.domain;

/**
 * A presented document as anchored on the ledger. The file stays at the presenting node; these
 * digests let every other party prove that what it later receives is what was presented.
 */
public record DocumentRef(
    String documentId,
    DocumentType type,
    String fileName,
    String mediaType,
    long size,
    String sha256,
    String sm3) {}
