package io.lcledger.chaincode.domain;

import java.time.LocalDate;

/** Settlement of a presentation by account transfer (never cash). */
public record Payment(Money amount, String paymentReference, LocalDate paidOn, Payee payee) {}
