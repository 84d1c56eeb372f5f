package io.lcledger.chaincode.domain;

/** Kinds of documents an LC can call for. */
public enum DocumentType {
  INVOICE,
  TRANSPORT_DOCUMENT,
  GOODS_RECEIPT,
  INSURANCE,
  INSPECTION_CERTIFICATE,
  OTHER
}
