// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {BusinessDays} from "./BusinessDays.sol";
import {LcText} from "./LcText.sol";
import {
    Amendment,
    Code,
    Document,
    FinancingStatus,
    ForfaitingStatus,
    HUNDRED_PERCENT,
    Lc,
    LcStatus,
    Network,
    MAX_AMOUNT,
    NONE,
    NegotiationStatus,
    Numbers,
    PaymentTerms,
    PaymentType,
    Presentation,
    PresentationStatus,
    Refused,
    RequiredDocument,
    Terms,
    TermsChange
} from "./LcTypes.sol";

/// @title The checks and changes of the LC steps
/// @notice What the Java rules files decide once the table has let a step through (who may act,
/// and the state guards): TermsRules and TermsChange, PresentationRules and FinancingRules, and the
/// text rules of Limits; each check in the order Java makes it, refusing with the same code. A
/// library deployed once and linked into the LC contract, which would otherwise pass the 24 KB code
/// limit; its functions run in the contract's context, on the contract's storage.
library LcRules {
    bytes private constant CODE_NAMES = "INVALID_REQUEST INVALID_AMOUNT INVALID_CURRENCY INVALID_USCC "
        "INVALID_LC_NUMBER INVALID_TERMS TOLERANCE_OUT_OF_RANGE EXPIRY_NOT_AFTER_ISSUE SHIPMENT_AFTER_EXPIRY "
        "DEFERRED_TOO_LONG UNKNOWN_BRANCH NOT_AMENDABLE INVALID_DOCUMENT LIMIT_EXCEEDED INVALID_TEXT "
        "INVALID_CALENDAR INVALID_NETWORK_CONFIG NETWORK_NOT_CONFIGURED NOT_AUTHORIZED LC_NOT_FOUND "
        "PRESENTATION_NOT_FOUND AMENDMENT_NOT_FOUND ILLEGAL_TRANSITION DUPLICATE_LC_NUMBER ALREADY_FORFAITED "
        "ALREADY_FINANCED ALREADY_NEGOTIATED OVERDRAWN PARTIAL_DRAWING_NOT_ALLOWED SHIPMENT_LATE "
        "SHIPMENT_IN_FUTURE PRESENTATION_LATE LC_EXPIRED NOT_YET_EXPIRED DEADLINE_PASSED DISCREPANCIES_REQUIRED "
        "REFUSAL_INCOMPLETE NOT_DEFERRED NOT_NEGOTIATION MATURITY_PASSED FINANCING_EXCEEDS_DRAWING "
        "REPAYMENT_EXCEEDS_OUTSTANDING NEGOTIATION_EXCEEDS_DRAWING PURCHASE_PRICE_EXCEEDS_CLAIM "
        "PAYMENT_AMOUNT_MISMATCH DUE_DATE_NOT_AFTER_VALUE_DATE AMOUNT_BELOW_DRAWN OUTSTANDING_ITEMS "
        "BALANCE_AVAILABLE";

    int64 private constant MAX_TOLERANCE_PERCENT = 10;
    int64 private constant MAX_PRESENTATION_PERIOD_DAYS = 365;
    int64 private constant DEFAULT_PRESENTATION_PERIOD_DAYS = 15;
    int64 private constant MAX_DEFERRED_DAYS = 365;
    int64 private constant MAX_COPIES = 99;
    uint256 private constant DOCUMENT_TYPES = 6;
    uint256 private constant DOCUMENT_DISPOSITIONS = 4;

    // Limits on the terms' texts, in code points.
    uint256 private constant BRANCH_MAX = 64;
    uint256 private constant CURRENCY_MAX = 3;
    uint256 private constant NAME_MAX = 140;
    uint256 private constant EXPIRY_PLACE_MAX = 140;
    uint256 private constant GOODS_DESCRIPTION_MAX = 6500;
    uint256 private constant ADDITIONAL_CONDITIONS_MAX = 6500;

    bytes32 private constant CNY = keccak256("CNY");

    /// Interest convention for CNY: actual days over 360; rates in millionths of a percent.
    uint256 private constant INTEREST_DIVISOR = 360 * 100 * 1_000_000;

    // The amendable fields (TermsChange.Field), in its order.
    uint8 private constant FIELD_AMOUNT = 0;
    uint8 private constant FIELD_TOLERANCE_PERCENT = 1;
    uint8 private constant FIELD_EXPIRY_DATE = 2;
    uint8 private constant FIELD_EXPIRY_PLACE = 3;
    uint8 private constant FIELD_LATEST_SHIPMENT_DATE = 4;
    uint8 private constant FIELD_PRESENTATION_PERIOD_DAYS = 5;
    uint8 private constant FIELD_PARTIAL_SHIPMENTS_ALLOWED = 6;
    uint8 private constant FIELD_GOODS_DESCRIPTION = 7;
    uint8 private constant FIELD_REQUIRED_DOCUMENTS = 8;
    uint8 private constant FIELD_ADDITIONAL_CONDITIONS = 9;

    // ---- the network

    /// Registers branch `name` as acting through `account`, or moves an existing branch to a new
    /// account, the old one no longer acting for it; answers the branch's number. A name is
    /// lower case (NetworkConfig); an account acts for one branch only.
    function registerBranch(Network storage network, string calldata name, address account)
        external
        returns (uint16 branch)
    {
        _require(LcText.isBranchName(bytes(name)) && account != address(0), Code.INVALID_NETWORK_CONFIG);
        bytes32 nameHash = keccak256(bytes(name));
        branch = network.branchIds[nameHash];
        uint16 current = network.members[account].branch;
        _require(current == 0 || current == branch, Code.INVALID_NETWORK_CONFIG);
        if (branch == 0) {
            _require(network.branchCount < type(uint16).max, Code.LIMIT_EXCEEDED);
            branch = ++network.branchCount;
            network.branchIds[nameHash] = branch;
            network.branchNames[branch] = name;
        } else {
            network.members[network.branchAccounts[branch]].branch = 0;
        }
        network.branchAccounts[branch] = account;
        network.members[account].branch = branch;
    }

    // ---- the business calendar

    /// Replaces the calendar of `year` (BusinessDays.setYear); false if YearCalendar refuses it.
    function setCalendarYear(
        BusinessDays.Calendar storage calendar,
        uint16 year,
        uint32[] calldata holidays,
        uint32[] calldata workingDays
    ) external returns (bool) {
        return BusinessDays.setYear(calendar, year, holidays, workingDays);
    }

    // ---- refusals

    /// Reverts with Refused(the name of `code`).
    function refuse(Code code) external pure {
        _refuse(code);
    }

    function requireLcNumber(string calldata lcNumber) external pure {
        _require(LcText.isLcNumber(bytes(lcNumber)), Code.INVALID_LC_NUMBER);
    }

    function isBlank(string calldata text) external pure returns (bool) {
        return LcText.isBlank(bytes(text));
    }

    // ---- terms (TermsRules.validate)

    /// Checks terms for an LC issued today by branch `issuing`, and answers the advising and
    /// nominated branches (0: none) they name and their numbers.
    function validateTerms(
        Terms calldata t,
        uint16 issuing,
        int64 today,
        mapping(bytes32 nameHash => uint16 branch) storage branchIds
    ) external view returns (uint16 advising, uint16 nominated, Numbers memory numbers) {
        // the LC number is checked before the LC is looked up; then every text within its limits, before any rule looks at one
        _requireText(t.advisingBranch, BRANCH_MAX, false);
        _requireText(t.currency, CURRENCY_MAX, false);
        _requireText(t.expiryPlace, EXPIRY_PLACE_MAX, false);
        _requireText(t.goodsDescription, GOODS_DESCRIPTION_MAX, true);
        _requireText(t.additionalConditions, ADDITIONAL_CONDITIONS_MAX, true);
        _require(t.requiredDocuments.length <= DOCUMENT_TYPES, Code.LIMIT_EXCEEDED);
        _requireText(t.applicant.name, NAME_MAX, false);
        _requireText(t.beneficiary.name, NAME_MAX, false);
        _requireText(t.paymentTerms.nominatedBranch, BRANCH_MAX, false);
        _require(!LcText.isBlank(bytes(t.expiryPlace)), Code.INVALID_TERMS);
        _require(!LcText.isBlank(bytes(t.goodsDescription)), Code.INVALID_TERMS);
        // the parties: two different companies
        _require(!LcText.isBlank(bytes(t.applicant.name)), Code.INVALID_TERMS);
        _require(!LcText.isBlank(bytes(t.beneficiary.name)), Code.INVALID_TERMS);
        _require(LcText.isUscc(bytes(t.applicant.uscc)), Code.INVALID_USCC);
        _require(LcText.isUscc(bytes(t.beneficiary.uscc)), Code.INVALID_USCC);
        _require(keccak256(bytes(t.applicant.uscc)) != keccak256(bytes(t.beneficiary.uscc)), Code.INVALID_TERMS);
        // the numbers, with the currency between amount and tolerance as Java checks it
        _require(t.amount > 0 && t.amount <= MAX_AMOUNT, Code.INVALID_AMOUNT);
        _require(keccak256(bytes(t.currency)) == CNY, Code.INVALID_CURRENCY);
        numbers = Numbers({
            amount: t.amount,
            tolerancePercent: t.tolerancePercent,
            expiryDate: t.expiryDate,
            latestShipmentDate: t.latestShipmentDate,
            presentationPeriodDays: t.presentationPeriodDays == NONE
                ? DEFAULT_PRESENTATION_PERIOD_DAYS
                : t.presentationPeriodDays,
            partialShipmentsAllowed: t.partialShipmentsAllowed
        });
        _checkNumbers(numbers, today);
        nominated = _validPaymentTerms(t.paymentTerms, issuing, branchIds);
        _requireDocumentsRequired(t.requiredDocuments, Code.INVALID_TERMS);
        advising = branchIds[keccak256(bytes(t.advisingBranch))];
        _require(advising != 0, Code.UNKNOWN_BRANCH);
        _require(advising != issuing, Code.INVALID_TERMS);
    }

    // ---- amendments (TermsChange, then the amended terms through TermsRules.validate)

    /// Reads and checks proposed changes to terms whose numbers are `current`, on an LC with
    /// `drawnAmount` drawn: the changes in the order given (TermsChange.canonical), then the amended
    /// terms. Answers the amendment to keep.
    function readAmendment(TermsChange[] calldata changes, Numbers memory current, uint64 drawnAmount, int64 today)
        external
        pure
        returns (Amendment memory amendment)
    {
        Numbers memory amended = _readChanges(changes, current, amendment);
        _checkAmendedTexts(changes);
        _checkNumbers(amended, today);
        (bool found, uint256 i) = _find(changes, FIELD_REQUIRED_DOCUMENTS);
        if (found) {
            _requireDocumentsRequired(changes[i].documents, Code.INVALID_REQUEST);
        }
        _require(drawnAmount <= _maximumAmount(amended), Code.AMOUNT_BELOW_DRAWN);
        // checked: the numbers now fit the amendment as kept
        amendment.amount = amended.amount;
        amendment.tolerancePercent = uint8(uint64(amended.tolerancePercent));
        amendment.expiryDate = amended.expiryDate;
        amendment.latestShipmentDate = amended.latestShipmentDate;
        amendment.presentationPeriodDays = uint16(uint64(amended.presentationPeriodDays));
        amendment.partialShipmentsAllowed = amended.partialShipmentsAllowed;
    }

    /// The numbers of terms `current` with `amendment` applied, checked again on acceptance: the
    /// terms in force and the date may have changed since it was proposed.
    function checkAcceptance(Numbers memory current, Amendment memory amendment, uint64 drawnAmount, int64 today)
        external
        pure
        returns (Numbers memory amended)
    {
        amended = current;
        uint16 fields = amendment.fields;
        if (_changes(fields, FIELD_AMOUNT)) amended.amount = amendment.amount;
        if (_changes(fields, FIELD_TOLERANCE_PERCENT)) {
            amended.tolerancePercent = int64(uint64(amendment.tolerancePercent));
        }
        if (_changes(fields, FIELD_EXPIRY_DATE)) amended.expiryDate = amendment.expiryDate;
        if (_changes(fields, FIELD_LATEST_SHIPMENT_DATE)) amended.latestShipmentDate = amendment.latestShipmentDate;
        if (_changes(fields, FIELD_PRESENTATION_PERIOD_DAYS)) {
            amended.presentationPeriodDays = int64(uint64(amendment.presentationPeriodDays));
        }
        if (_changes(fields, FIELD_PARTIAL_SHIPMENTS_ALLOWED)) {
            amended.partialShipmentsAllowed = amendment.partialShipmentsAllowed;
        }
        _checkNumbers(amended, today);
        _require(drawnAmount <= _maximumAmount(amended), Code.AMOUNT_BELOW_DRAWN);
    }

    // ---- presentations

    /// Checks a presentation of `amount` on `lc` (PresentationRules: documents well formed,
    /// shipment on time, not expired, within the presentation period, partial drawings, not
    /// overdrawn) and records it; answers its number and its examination deadline.
    function present(
        Lc storage lc,
        mapping(uint32 presentationNo => Presentation) storage presentations,
        BusinessDays.Calendar storage calendar,
        uint16 presentingBranch,
        int64 today,
        uint64 amount,
        int64 shipmentDate,
        Document[] calldata documents
    ) external returns (uint32 presentationNo, int64 examinationDeadline) {
        _requireAmount(amount);
        _require(shipmentDate != NONE, Code.INVALID_REQUEST);
        _requireDocumentsWellFormed(documents);
        _require(shipmentDate <= lc.latestShipmentDate, Code.SHIPMENT_LATE);
        _require(shipmentDate <= today, Code.SHIPMENT_IN_FUTURE);
        _require(today <= lc.expiryDate, Code.LC_EXPIRED);
        _require(today <= shipmentDate + int64(uint64(lc.presentationPeriodDays)), Code.PRESENTATION_LATE);
        if (!lc.partialShipmentsAllowed) {
            _require(lc.drawnAmount == 0, Code.PARTIAL_DRAWING_NOT_ALLOWED);
            // the least a single drawing may be: amount less tolerance, rounded up to the fen
            uint256 minimum = (uint256(lc.amount) * (100 - uint256(lc.tolerancePercent)) + 99) / 100;
            _require(amount >= minimum, Code.PARTIAL_DRAWING_NOT_ALLOWED);
        }
        _require(amount <= availableAmount(lc), Code.OVERDRAWN);

        presentationNo = ++lc.presentationCount;
        examinationDeadline = int64(
            uint64(BusinessDays.addBusinessDays(calendar, uint64(today), BusinessDays.EXAMINATION_DAYS))
        );
        Presentation storage p = presentations[presentationNo];
        p.presentingBranch = presentingBranch;
        p.amount = amount;
        p.receivedOn = today;
        p.examinationDeadline = examinationDeadline;
        lc.drawnAmount += amount;
        ++lc.unsettledCount;
        ++lc.awaitingDecisionCount;
    }

    /// Notes the discrepancies listed (at least one), within the examination period.
    function noteDiscrepancies(
        Presentation storage p,
        bytes32[] storage noted,
        string[] calldata discrepancies,
        int64 today
    ) external {
        bytes32[] memory listed = _cleanList(discrepancies);
        _require(listed.length > 0, Code.DISCREPANCIES_REQUIRED);
        _require(today <= p.examinationDeadline, Code.DEADLINE_PASSED);
        p.status = PresentationStatus.DISCREPANT;
        for (uint256 i; i < listed.length; ++i) {
            noted.push(listed[i]);
        }
    }

    /// Refuses the documents: one notice listing every discrepancy noted and saying what happens
    /// to the documents (a DocumentDisposition; larger is absent), within the examination period.
    /// The drawing no longer counts against the amount.
    function refuseDocuments(
        Lc storage lc,
        Presentation storage p,
        bytes32[] storage noted,
        string[] calldata discrepancies,
        uint8 documentDisposition,
        int64 today
    ) external {
        bytes32[] memory listed = _cleanList(discrepancies);
        _require(listed.length > 0, Code.DISCREPANCIES_REQUIRED);
        _require(documentDisposition < DOCUMENT_DISPOSITIONS, Code.INVALID_REQUEST);
        for (uint256 i; i < noted.length; ++i) {
            _require(_contains(listed, noted[i]), Code.REFUSAL_INCOMPLETE);
        }
        _require(today <= p.examinationDeadline, Code.DEADLINE_PASSED);
        p.status = PresentationStatus.REFUSED;
        lc.drawnAmount -= p.amount;
        --lc.unsettledCount;
        --lc.awaitingDecisionCount;
    }

    /// Pays the drawing, exactly its amount, with a payment reference.
    function pay(Lc storage lc, Presentation storage p, uint64 amount, string calldata paymentReference) external {
        _requireAmount(amount);
        _require(!LcText.isBlank(bytes(paymentReference)), Code.INVALID_REQUEST);
        _require(amount == p.amount, Code.PAYMENT_AMOUNT_MISMATCH);
        if (p.status != PresentationStatus.ACCEPTED) {
            --lc.awaitingDecisionCount; // paid at sight: the decision was pending until now
        }
        p.status = PresentationStatus.PAID;
        if (p.financingStatus != FinancingStatus.GRANTED) {
            --lc.unsettledCount;
        }
    }

    // ---- financing (FinancingRules)

    /// Grants buyer financing of at most the drawing, at `annualRate` (> 0, <= 100 %), due after
    /// today (its value date).
    function grantBuyerFinancing(
        Lc storage lc,
        Presentation storage p,
        uint64 amount,
        uint32 annualRate,
        int64 dueDate,
        int64 today
    ) external {
        _requireAmount(amount);
        _require(amount <= p.amount, Code.FINANCING_EXCEEDS_DRAWING);
        _require(annualRate > 0 && annualRate <= HUNDRED_PERCENT, Code.INVALID_REQUEST);
        _require(dueDate != NONE && dueDate > today, Code.DUE_DATE_NOT_AFTER_VALUE_DATE);
        p.financingStatus = FinancingStatus.GRANTED;
        p.financedAmount = amount;
        p.annualRate = annualRate;
        p.financingValueDate = today;
        if (p.status == PresentationStatus.PAID) {
            ++lc.unsettledCount; // settled until now, outstanding again until repaid
        }
    }

    /// Takes a repayment of at most what is outstanding, with interest since the value date
    /// (actual/360, rounded half up to the fen); answers the financing's status and the interest.
    function repayBuyerFinancing(Lc storage lc, Presentation storage p, uint64 amount, int64 today)
        external
        returns (FinancingStatus status, uint64 interest)
    {
        _requireAmount(amount);
        _require(amount <= p.financedAmount - p.repaidAmount, Code.REPAYMENT_EXCEEDS_OUTSTANDING);
        int256 days_ = int256(today) - p.financingValueDate;
        uint256 magnitude = days_ < 0 ? uint256(-days_) : uint256(days_);
        uint256 exact = uint256(amount) * p.annualRate * magnitude;
        uint256 rounded = (2 * exact + INTEREST_DIVISOR) / (2 * INTEREST_DIVISOR);
        // before the value date (a transaction time, never a block's) interest is negative: no amount
        _require(rounded == 0 || days_ >= 0, Code.INVALID_AMOUNT);
        _require(rounded + p.interestPaid <= MAX_AMOUNT, Code.INVALID_AMOUNT);
        interest = uint64(rounded);
        p.interestPaid += interest;
        p.repaidAmount += amount;
        status = FinancingStatus.GRANTED;
        if (p.repaidAmount == p.financedAmount) {
            status = FinancingStatus.REPAID;
            p.financingStatus = status;
            if (p.status == PresentationStatus.PAID) {
                --lc.unsettledCount;
            }
        }
    }

    /// Sells the claim of presentation `presentationNo` to `forfaiter`: the state guards of
    /// forfaiting (an LC ADVISED or EXPIRED, a presentation ACCEPTED and not yet forfaited), then
    /// before maturity, for at most the drawing, at a discount rate from 0 to 100 %. To an
    /// `outsider`, a branch not yet party to the LC, every refusal reads as no LC at all.
    function forfait(
        Lc storage lc,
        mapping(uint32 presentationNo => Presentation) storage presentations,
        mapping(uint16 branch => bool) storage forfaiters,
        uint32 presentationNo,
        uint16 forfaiter,
        bool outsider,
        uint64 purchasePrice,
        uint32 discountRate,
        int64 today
    ) external {
        _requireFor(outsider, lc.status == LcStatus.ADVISED || lc.status == LcStatus.EXPIRED, Code.ILLEGAL_TRANSITION);
        _requireFor(
            outsider, presentationNo != 0 && presentationNo <= lc.presentationCount, Code.PRESENTATION_NOT_FOUND
        );
        Presentation storage p = presentations[presentationNo];
        _requireFor(outsider, p.forfaitingStatus == ForfaitingStatus.NONE, Code.ALREADY_FORFAITED);
        _requireFor(outsider, p.status == PresentationStatus.ACCEPTED, Code.ILLEGAL_TRANSITION);
        _requireFor(outsider, today < p.maturityDate, Code.MATURITY_PASSED);
        _requireFor(outsider, purchasePrice > 0 && purchasePrice <= MAX_AMOUNT, Code.INVALID_AMOUNT);
        _requireFor(outsider, purchasePrice <= p.amount, Code.PURCHASE_PRICE_EXCEEDS_CLAIM);
        _requireFor(outsider, discountRate <= HUNDRED_PERCENT, Code.INVALID_REQUEST);
        p.forfaitingStatus = ForfaitingStatus.FORFAITED;
        p.forfaiter = forfaiter;
        forfaiters[forfaiter] = true;
    }

    /// Negotiation by the nominated branch of a NEGOTIATION LC, of at most the drawing.
    function negotiate(Lc storage lc, Presentation storage p, uint64 amount) external {
        _require(lc.paymentType == PaymentType.NEGOTIATION, Code.NOT_NEGOTIATION);
        _requireAmount(amount);
        _require(amount <= p.amount, Code.NEGOTIATION_EXCEEDS_DRAWING);
        p.negotiationStatus = NegotiationStatus.NEGOTIATED;
    }

    // ---- shared with the contract (internal: copied into it)

    /// What may still be drawn: the maximum less the drawings not refused; nothing once the LC
    /// has expired, been cancelled or closed.
    function availableAmount(Lc storage lc) internal view returns (uint64) {
        if (lc.status != LcStatus.ISSUED && lc.status != LcStatus.ADVISED) {
            return 0;
        }
        uint256 maximum = uint256(lc.amount) * (100 + uint256(lc.tolerancePercent)) / 100;
        return lc.drawnAmount >= maximum ? 0 : uint64(maximum - lc.drawnAmount);
    }

    // ---- the parts of the checks

    /// At least one document, each with an id (once), a type, a file name, a media type, a size
    /// and both digests (PresentationRules.documentsWellFormed).
    function _requireDocumentsWellFormed(Document[] calldata documents) private pure {
        _require(documents.length > 0, Code.INVALID_DOCUMENT);
        bytes32[] memory ids = new bytes32[](documents.length);
        for (uint256 i; i < documents.length; ++i) {
            Document calldata d = documents[i];
            _require(
                !LcText.isBlank(bytes(d.documentId)) && d.documentType < DOCUMENT_TYPES
                    && !LcText.isBlank(bytes(d.fileName)) && bytes(d.mediaType).length > 0 && d.size > 0
                    && d.sha256Digest != 0 && d.sm3Digest != 0,
                Code.INVALID_DOCUMENT
            );
            bytes32 id = keccak256(bytes(d.documentId));
            for (uint256 k; k < i; ++k) {
                _require(ids[k] != id, Code.INVALID_DOCUMENT);
            }
            ids[i] = id;
        }
    }

    /// The digests (keccak-256) of the items listed, blank ones left out and each without its
    /// surrounding whitespace (TermsRules.cleanList).
    function _cleanList(string[] calldata items) private pure returns (bytes32[] memory cleaned) {
        cleaned = new bytes32[](items.length);
        uint256 count;
        for (uint256 i; i < items.length; ++i) {
            (bytes32 hash, bool blank) = LcText.strippedHash(bytes(items[i]));
            if (!blank) {
                cleaned[count++] = hash;
            }
        }
        assembly ("memory-safe") {
            mstore(cleaned, count) // only the ones kept
        }
    }

    function _contains(bytes32[] memory items, bytes32 item) private pure returns (bool) {
        for (uint256 i; i < items.length; ++i) {
            if (items[i] == item) {
                return true;
            }
        }
        return false;
    }

    function _requireAmount(uint64 amount) private pure {
        _require(amount > 0 && amount <= MAX_AMOUNT, Code.INVALID_AMOUNT);
    }

    /// The numbers from the tolerance on: tolerance range, the maximum within the largest amount,
    /// both dates given, expiry after today, shipment by expiry, the presentation period.
    function _checkNumbers(Numbers memory n, int64 today) private pure {
        _require(n.tolerancePercent >= 0 && n.tolerancePercent <= MAX_TOLERANCE_PERCENT, Code.TOLERANCE_OUT_OF_RANGE);
        _require(_maximumAmount(n) <= MAX_AMOUNT, Code.INVALID_AMOUNT);
        _require(n.expiryDate != NONE && n.latestShipmentDate != NONE, Code.INVALID_TERMS);
        _require(n.expiryDate > today, Code.EXPIRY_NOT_AFTER_ISSUE);
        _require(n.latestShipmentDate <= n.expiryDate, Code.SHIPMENT_AFTER_EXPIRY);
        _require(
            n.presentationPeriodDays >= 1 && n.presentationPeriodDays <= MAX_PRESENTATION_PERIOD_DAYS,
            Code.INVALID_TERMS
        );
    }

    /// The nominated branch (0: none) of valid payment terms.
    function _validPaymentTerms(
        PaymentTerms calldata pt,
        uint16 issuing,
        mapping(bytes32 nameHash => uint16 branch) storage branchIds
    ) private view returns (uint16 nominated) {
        _require(pt.paymentType <= uint8(type(PaymentType).max), Code.INVALID_TERMS);
        PaymentType paymentType = PaymentType(pt.paymentType);
        if (paymentType == PaymentType.DEFERRED) {
            _require(pt.deferredDays != NONE && pt.deferredDays >= 1, Code.INVALID_TERMS);
            _require(pt.deferredDays <= MAX_DEFERRED_DAYS, Code.DEFERRED_TOO_LONG);
        } else {
            _require(pt.deferredDays == NONE, Code.INVALID_TERMS);
        }
        bool named = bytes(pt.nominatedBranch).length != 0;
        if (paymentType == PaymentType.NEGOTIATION) {
            _require(named, Code.INVALID_TERMS);
        }
        if (named) {
            nominated = branchIds[keccak256(bytes(pt.nominatedBranch))];
            _require(nominated != 0, Code.UNKNOWN_BRANCH);
            _require(nominated != issuing, Code.INVALID_TERMS);
        }
    }

    /// At least one required document (else `missing`), each of a type with 1 to 99 copies, each
    /// type once.
    function _requireDocumentsRequired(RequiredDocument[] calldata documents, Code missing) private pure {
        _require(documents.length > 0, missing);
        uint256 seen;
        for (uint256 i; i < documents.length; ++i) {
            RequiredDocument calldata d = documents[i];
            _require(d.documentType < DOCUMENT_TYPES && d.copies >= 1, Code.INVALID_TERMS);
            _require(d.copies <= MAX_COPIES, Code.LIMIT_EXCEEDED);
            uint256 bit = 1 << d.documentType;
            _require(seen & bit == 0, Code.INVALID_TERMS);
            seen |= bit;
        }
    }

    /// Reads the changes in the order given, as TermsChange.canonical does: a field that cannot be
    /// amended, or a value not of its field's kind, is refused at its turn. A node gives them sorted
    /// by field name, the order in which its canonical JSON hands them to the Java contract. Answers
    /// `current` with the changes applied, and records in `amendment` which fields they change.
    function _readChanges(TermsChange[] calldata changes, Numbers memory current, Amendment memory amendment)
        private
        pure
        returns (Numbers memory amended)
    {
        _require(changes.length > 0, Code.INVALID_REQUEST);
        amended = current;
        for (uint256 i; i < changes.length; ++i) {
            TermsChange calldata c = changes[i];
            uint8 field = c.field;
            _require(field <= FIELD_ADDITIONAL_CONDITIONS, Code.NOT_AMENDABLE);
            uint16 bit = uint16(1) << field;
            _require(amendment.fields & bit == 0, Code.INVALID_REQUEST); // a JSON object names a field once
            amendment.fields |= bit;
            int64 value = c.number;
            if (field == FIELD_AMOUNT) {
                _require(value != NONE, Code.INVALID_REQUEST);
                _require(value > 0 && uint64(value) <= MAX_AMOUNT, Code.INVALID_AMOUNT);
                amended.amount = uint64(value);
            } else if (field == FIELD_TOLERANCE_PERCENT || field == FIELD_PRESENTATION_PERIOD_DAYS) {
                _require(value >= type(int32).min && value <= type(int32).max, Code.INVALID_REQUEST);
                if (field == FIELD_TOLERANCE_PERCENT) {
                    amended.tolerancePercent = value;
                } else {
                    amended.presentationPeriodDays = value;
                }
            } else if (field == FIELD_EXPIRY_DATE || field == FIELD_LATEST_SHIPMENT_DATE) {
                _require(value != NONE, Code.INVALID_REQUEST);
                if (field == FIELD_EXPIRY_DATE) {
                    amended.expiryDate = value;
                } else {
                    amended.latestShipmentDate = value;
                }
            } else if (field == FIELD_PARTIAL_SHIPMENTS_ALLOWED) {
                _require(value == 0 || value == 1, Code.INVALID_REQUEST);
                amended.partialShipmentsAllowed = value == 1;
            } else if (field == FIELD_REQUIRED_DOCUMENTS) {
                _require(c.documents.length > 0, Code.INVALID_REQUEST);
                for (uint256 k; k < c.documents.length; ++k) {
                    RequiredDocument calldata d = c.documents[k];
                    _require(
                        d.documentType < DOCUMENT_TYPES && d.copies >= type(int32).min && d.copies <= type(int32).max,
                        Code.INVALID_REQUEST
                    );
                }
            } else {
                _require(!LcText.isBlank(bytes(c.text)), Code.INVALID_REQUEST);
            }
        }
    }

    /// The amended texts within their limits, in the order TermsRules checks the terms' texts.
    function _checkAmendedTexts(TermsChange[] calldata changes) private pure {
        (bool found, uint256 i) = _find(changes, FIELD_EXPIRY_PLACE);
        if (found) _requireText(changes[i].text, EXPIRY_PLACE_MAX, false);
        (found, i) = _find(changes, FIELD_GOODS_DESCRIPTION);
        if (found) _requireText(changes[i].text, GOODS_DESCRIPTION_MAX, true);
        (found, i) = _find(changes, FIELD_ADDITIONAL_CONDITIONS);
        if (found) _requireText(changes[i].text, ADDITIONAL_CONDITIONS_MAX, true);
        (found, i) = _find(changes, FIELD_REQUIRED_DOCUMENTS);
        if (found) _require(changes[i].documents.length <= DOCUMENT_TYPES, Code.LIMIT_EXCEEDED);
    }

    function _find(TermsChange[] calldata changes, uint8 field) private pure returns (bool, uint256) {
        for (uint256 i; i < changes.length; ++i) {
            if (changes[i].field == field) {
                return (true, i);
            }
        }
        return (false, 0);
    }

    function _changes(uint16 fields, uint8 field) private pure returns (bool) {
        return fields & (uint16(1) << field) != 0;
    }

    /// The most that may be drawn: amount plus tolerance, rounded down to the fen.
    function _maximumAmount(Numbers memory n) private pure returns (uint256) {
        return uint256(n.amount) * (100 + uint256(uint64(n.tolerancePercent))) / 100;
    }

    function _requireText(string calldata text, uint256 maxCodePoints, bool multiLine) private pure {
        LcText.Problem problem = LcText.problem(bytes(text), maxCodePoints, multiLine);
        _require(problem != LcText.Problem.TOO_LONG, Code.LIMIT_EXCEEDED);
        _require(problem != LcText.Problem.BAD_CHARACTER, Code.INVALID_TEXT);
    }

    function _require(bool ok, Code code) private pure {
        if (!ok) {
            _refuse(code);
        }
    }

    /// A refusal as `outsider` may see it: to a branch not party to the LC, as no LC at all.
    function _requireFor(bool outsider, bool ok, Code code) private pure {
        if (!ok) {
            _refuse(outsider ? Code.LC_NOT_FOUND : code);
        }
    }

    function _refuse(Code code) private pure {
        revert Refused(_codeName(code));
    }

    /// The name of `code`: the `code`-th word of CODE_NAMES.
    function _codeName(Code code) private pure returns (string memory) {
        bytes memory names = CODE_NAMES;
        uint256 wanted = uint256(code);
        uint256 index;
        uint256 start;
        for (uint256 i; i <= names.length; ++i) {
            if (i == names.length || names[i] == " ") {
                if (index == wanted) {
                    bytes memory name = new bytes(i - start);
                    for (uint256 k; k < name.length; ++k) {
                        name[k] = names[start + k];
                    }
                    return string(name);
                }
                ++index;
                start = i + 1;
            }
        }
        return "";
    }
}
