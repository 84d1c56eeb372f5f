package io.lcledger.chaincode.domain;

/** Marker of the states of the machine's subjects, so one table can name them all. */
public sealed interface Statuses
    permits LcStatus,
        PresentationStatus,
        AmendmentStatus,
        FinancingStatus,
        ForfaitingStatus,
        NegotiationStatus,
        CancellationStatus {
  String name();
}
