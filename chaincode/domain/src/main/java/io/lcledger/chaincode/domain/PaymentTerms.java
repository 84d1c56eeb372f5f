package io.lcledger.chaincode.domain;

/**
 * Availability of the LC. {@code deferredDays} (DEFERRED only) counts calendar days from the day
 * documents are received to maturity; {@code nominatedBranch} (NEGOTIATION only) is the bank that
 * may negotiate.
 */
public record PaymentTerms(PaymentType type, Integer deferredDays, String nominatedBranch) {}
