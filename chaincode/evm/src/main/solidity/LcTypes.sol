// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

// The LC ledger's types, shared by the contract and its rules library. Every enum lists its values
// in the order of its Java namesake, so an event's status is the Java enum's ordinal.
//
// Encodings. Money is a whole number of fen (Money "1050000.00" is 105000000). Dates are day
// numbers (days since 1970-01-01, as LocalDate.toEpochDay). Rates are in millionths of a percent
// (4.35 % is 4350000), the precision the Java rules accept (6 places). An absent optional number or
// date (Java null) is NONE; an absent enum value is any value past the enum's last.

// An absent optional number or date: below every LocalDate's day number.
int64 constant NONE = type(int64).min;

// The largest amount, 9999999999999.99 CNY, in fen.
uint64 constant MAX_AMOUNT = 999_999_999_999_999;

// 100 % in the unit of rates, a millionth of a percent.
uint32 constant HUNDRED_PERCENT = 100_000_000;

/// A refused step: `code` is the name of the Java ErrorCode, so a node answers both ledgers alike.
error Refused(string code);

enum LcStatus {
    ISSUED,
    ADVISED,
    CLOSED,
    EXPIRED,
    CANCELLED
}

enum PresentationStatus {
    PRESENTED,
    COMPLIANT,
    DISCREPANT,
    WAIVED,
    REFUSED,
    ACCEPTED,
    PAID
}

enum AmendmentStatus {
    PROPOSED,
    ACCEPTED,
    REJECTED
}

enum FinancingStatus {
    NONE,
    GRANTED,
    REPAID
}

enum ForfaitingStatus {
    NONE,
    FORFAITED
}

enum NegotiationStatus {
    NONE,
    NEGOTIATED
}

enum CancellationStatus {
    NONE,
    REQUESTED,
    ACCEPTED,
    REJECTED
}

enum PaymentType {
    SIGHT,
    DEFERRED,
    NEGOTIATION
}

/// The reasons a step is refused: the Java ErrorCode names the ledger can answer, in the same
/// order (LcRules spells them).
enum Code {
    INVALID_REQUEST,
    INVALID_AMOUNT,
    INVALID_CURRENCY,
    INVALID_USCC,
    INVALID_LC_NUMBER,
    INVALID_TERMS,
    TOLERANCE_OUT_OF_RANGE,
    EXPIRY_NOT_AFTER_ISSUE,
    SHIPMENT_AFTER_EXPIRY,
    DEFERRED_TOO_LONG,
    UNKNOWN_BRANCH,
    NOT_AMENDABLE,
    INVALID_DOCUMENT,
    LIMIT_EXCEEDED,
    INVALID_TEXT,
    INVALID_CALENDAR,
    INVALID_NETWORK_CONFIG,
    NETWORK_NOT_CONFIGURED,
    NOT_AUTHORIZED,
    LC_NOT_FOUND,
    PRESENTATION_NOT_FOUND,
    AMENDMENT_NOT_FOUND,
    ILLEGAL_TRANSITION,
    DUPLICATE_LC_NUMBER,
    ALREADY_FORFAITED,
    ALREADY_FINANCED,
    ALREADY_NEGOTIATED,
    OVERDRAWN,
    PARTIAL_DRAWING_NOT_ALLOWED,
    SHIPMENT_LATE,
    SHIPMENT_IN_FUTURE,
    PRESENTATION_LATE,
    LC_EXPIRED,
    NOT_YET_EXPIRED,
    DEADLINE_PASSED,
    DISCREPANCIES_REQUIRED,
    REFUSAL_INCOMPLETE,
    NOT_DEFERRED,
    NOT_NEGOTIATION,
    MATURITY_PASSED,
    FINANCING_EXCEEDS_DRAWING,
    REPAYMENT_EXCEEDS_OUTSTANDING,
    NEGOTIATION_EXCEEDS_DRAWING,
    PURCHASE_PRICE_EXCEEDS_CLAIM,
    PAYMENT_AMOUNT_MISMATCH,
    DUE_DATE_NOT_AFTER_VALUE_DATE,
    AMOUNT_BELOW_DRAWN,
    OUTSTANDING_ITEMS,
    BALANCE_AVAILABLE
}

// ---- requests

struct Party {
    string name;
    string uscc;
}

struct PaymentTerms {
    /// a PaymentType; any larger value is absent
    uint8 paymentType;
    /// DEFERRED only; NONE when absent
    int64 deferredDays;
    /// a branch's name; empty when absent
    string nominatedBranch;
}

struct RequiredDocument {
    /// a DocumentType (INVOICE, TRANSPORT_DOCUMENT, GOODS_RECEIPT, INSURANCE,
    /// INSPECTION_CERTIFICATE, OTHER); any larger value is absent
    uint8 documentType;
    /// a Java int; in an amendment, NONE where the request's value is not one
    int64 copies;
}

/// The terms of an LC (LcTerms) as issued, every field as the request gave it.
struct Terms {
    string lcNumber;
    string advisingBranch;
    Party applicant;
    Party beneficiary;
    uint64 amount;
    string currency;
    int64 tolerancePercent;
    int64 expiryDate;
    string expiryPlace;
    int64 latestShipmentDate;
    /// NONE: the domestic default of 15 days
    int64 presentationPeriodDays;
    PaymentTerms paymentTerms;
    bool partialShipmentsAllowed;
    string goodsDescription;
    RequiredDocument[] requiredDocuments;
    string additionalConditions;
}

/// One field of an amendment with its new value (an entry of ProposeAmendment.changes; a node sends
/// them sorted by field name, as its canonical JSON does). `field` is
/// the TermsChange.Field ordinal (amount, tolerancePercent, expiryDate, expiryPlace,
/// latestShipmentDate, presentationPeriodDays, partialShipmentsAllowed, goodsDescription,
/// requiredDocuments, additionalConditions); any larger value is a field that cannot be amended.
/// A number field's value is `number` (fen, days, a whole number, or 0/1 for false/true), NONE
/// where the request's value is not of the field's kind (not a string for an amount or a date, a
/// fraction or more than a Java int for a whole number); an amount string that is no positive amount
/// is 0. A text field's value is `text`, empty where it is not a text; requiredDocuments' is
/// `documents`, with a document type past the last where an item is not a document.
struct TermsChange {
    uint8 field;
    int64 number;
    string text;
    RequiredDocument[] documents;
}

/// A presented document, anchored by its digests; the file stays with the presenting branch.
struct Document {
    string documentId;
    /// a DocumentType; any larger value is absent
    uint8 documentType;
    string fileName;
    string mediaType;
    int64 size;
    /// zero where the request's digest is not 64 lower-case hex digits (no file hashes to zero)
    bytes32 sha256Digest;
    bytes32 sm3Digest;
}

// ---- who is who (the Java NetworkConfig)

struct Member {
    uint16 branch; // 0: none
    bool auditor;
}

/// The branches of the network, numbered from 1 in the order registered, and the accounts that
/// act for them; and the auditors.
struct Network {
    uint16 branchCount;
    mapping(address account => Member) members;
    mapping(bytes32 nameHash => uint16 branch) branchIds;
    mapping(uint16 branch => string) branchNames;
    mapping(uint16 branch => address) branchAccounts;
}

// ---- what the ledger keeps (each struct packed into as few slots as the steps that read it need)

/// An LC: what its rules need of its terms and drawings. The rest of the terms, the documents and
/// every text are in the events that recorded them.
struct Lc {
    // slot 0: read by every step
    uint16 issuingBranch; // 0: no such LC
    uint16 advisingBranch;
    uint16 nominatedBranch; // 0: none
    LcStatus status;
    PaymentType paymentType;
    CancellationStatus cancellation;
    bool partialShipmentsAllowed;
    uint8 tolerancePercent;
    uint16 presentationPeriodDays;
    uint16 deferredDays;
    int64 expiryDate;
    uint32 presentationCount;
    uint32 amendmentCount;
    // slot 1: amounts and what is outstanding
    uint64 amount;
    uint64 drawnAmount; // the drawings not refused
    int64 latestShipmentDate;
    uint32 unsettledCount; // presentations not yet paid or refused, or with financing not repaid
    uint32 awaitingDecisionCount; // presentations PRESENTED, DISCREPANT, COMPLIANT or WAIVED
}

/// One drawing, with its overlays: buyer financing, forfaiting, negotiation.
struct Presentation {
    // slot 0
    PresentationStatus status;
    FinancingStatus financingStatus;
    ForfaitingStatus forfaitingStatus;
    NegotiationStatus negotiationStatus;
    uint16 presentingBranch;
    uint16 forfaiter; // 0: not forfaited; else the payee
    uint64 amount;
    int64 receivedOn;
    int64 examinationDeadline;
    // slot 1: buyer financing
    uint64 financedAmount;
    uint64 repaidAmount;
    uint32 annualRate;
    int64 financingValueDate;
    // slot 2
    int64 maturityDate; // deferred payment, once accepted
    uint64 interestPaid;
}

// ---- what the rules check

/// The numbers of the terms as a rule checks them; a Java int or Integer is any int64 here.
struct Numbers {
    uint64 amount;
    int64 tolerancePercent;
    int64 expiryDate;
    int64 latestShipmentDate;
    int64 presentationPeriodDays;
    bool partialShipmentsAllowed;
}

/// An amendment as kept: its status and the numbers it changes, which its acceptance must check
/// again against the terms and the date of then. Its texts and documents are in AmendmentProposed.
struct Amendment {
    AmendmentStatus status;
    uint16 fields; // bit i: TermsChange field i is changed
    bool partialShipmentsAllowed;
    uint8 tolerancePercent;
    uint16 presentationPeriodDays;
    uint64 amount;
    int64 expiryDate;
    int64 latestShipmentDate;
}
