package io.lcledger.chaincode.domain;

/** What the issuing bank does with refused documents (stated in the refusal, as UCP 600 16(c)). */
public enum DocumentDisposition {
  HOLDING,
  HOLDING_UNTIL_WAIVER,
  RETURNING,
  FOLLOWING_INSTRUCTIONS
}
