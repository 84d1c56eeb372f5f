// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {BusinessDays} from "./BusinessDays.sol";
import {LcRules} from "./LcRules.sol";
import {
    Amendment,
    AmendmentStatus,
    CancellationStatus,
    Code,
    Document,
    FinancingStatus,
    ForfaitingStatus,
    Lc,
    LcStatus,
    Member,
    Network,
    NegotiationStatus,
    Numbers,
    PaymentType,
    Presentation,
    PresentationStatus,
    Terms,
    TermsChange
} from "./LcTypes.sol";

/// @title Domestic letters of credit (国内信用证) between the branches of a bank network
/// @notice The twin of the Java rules table (LcStateMachine): the same steps, taken by the same
/// branches, from the same states, with the same checks and error codes, decided in the same
/// order: visibility (a branch not party to an LC is answered as if it did not exist), who may act,
/// state guards, checks. One shared conformance suite holds both to it.
/// @dev Each step reads as a row of the Java table: the bounds a node applies as it reads the
/// request, who may act (`_open`), the state guards, then the checks and the change (in the linked
/// library LcRules where they are more than a line), then its one event. Amounts are in fen, dates
/// are day numbers, rates in millionths of a percent (LcTypes). A refused step reverts with
/// Refused(code), the code being the Java ErrorCode's name.
contract LetterOfCredit {
    /// The role a caller must hold on an LC to take a step (Actor).
    enum Actor {
        ISSUING,
        ADVISING,
        PRESENTER,
        NOMINATED,
        NOT_ISSUER,
        ANY_PARTY
    }

    // Bounds a node already applies as it reads a request (the Command constructors): the contract
    // applies them first too, in bytes (at most 4 a code point), so it takes no request larger than
    // one the Java ledger takes.
    uint256 internal constant DOCUMENTS_MAX = 50;
    uint256 internal constant DOCUMENT_ID_MAX_BYTES = 4 * 64;
    uint256 internal constant FILE_NAME_MAX_BYTES = 4 * 255;
    uint256 internal constant MEDIA_TYPE_MAX_BYTES = 4 * 255;
    uint256 internal constant DISCREPANCIES_MAX = 50;
    uint256 internal constant DISCREPANCY_MAX_BYTES = 4 * 500;
    uint256 internal constant AMENDMENT_CHANGES_MAX = 10;
    uint256 internal constant REASON_MAX_BYTES = 4 * 1000;
    uint256 internal constant PAYMENT_REFERENCE_MAX_BYTES = 4 * 64;

    address private _admin;
    Network private _network;
    BusinessDays.Calendar private _calendar;

    mapping(bytes32 lcKey => Lc) private _lcs;
    mapping(bytes32 lcKey => mapping(uint32 presentationNo => Presentation)) private _presentations;
    mapping(bytes32 lcKey => mapping(uint32 presentationNo => bytes32[] stripped)) private _notedDiscrepancies;
    mapping(bytes32 lcKey => mapping(uint32 amendmentNo => Amendment)) private _amendments;
    /// Branches that bought a claim of the LC, and so became party to it.
    mapping(bytes32 lcKey => mapping(uint16 branch => bool)) private _forfaiters;

    // Every step's event starts alike: the LC (its key, keccak256 of its number, indexed), the
    // number of the presentation or amendment acted on (0 for the LC itself), the new status of
    // what the step acted on (the LC, a presentation, an amendment, a financing, forfaiting,
    // negotiation or the cancellation: the Java ordinal of its status), the LC's status and the
    // acting branch. What the step recorded, and the rules keep no copy of, follows.

    event LcIssued(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        LcStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        Terms terms
    );
    event LcAdvised(
        bytes32 indexed lcKey, string lcNumber, uint32 subjectNo, LcStatus status, LcStatus lcStatus, uint16 actingBranch
    );
    event AmendmentProposed(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        AmendmentStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        TermsChange[] changes
    );
    event AmendmentAccepted(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        AmendmentStatus status,
        LcStatus lcStatus,
        uint16 actingBranch
    );
    event AmendmentRejected(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        AmendmentStatus status,
        LcStatus lcStatus,
        uint16 actingBranch
    );
    event DocumentsPresented(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        PresentationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        uint64 amount,
        int64 shipmentDate,
        int64 examinationDeadline,
        Document[] documents
    );
    event DocumentsFoundCompliant(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        PresentationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch
    );
    event DiscrepanciesFound(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        PresentationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        string[] discrepancies
    );
    event DiscrepanciesWaived(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        PresentationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        bool applicantWaived
    );
    event DocumentsRefused(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        PresentationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        string[] discrepancies,
        uint8 documentDisposition
    );
    event DeferredPaymentAccepted(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        PresentationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        int64 maturityDate
    );
    event PaymentMade(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        PresentationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        uint64 amount,
        string paymentReference
    );
    event BuyerFinancingGranted(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        FinancingStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        uint64 amount,
        uint32 annualRate,
        int64 dueDate
    );
    event BuyerFinancingRepaid(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        FinancingStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        uint64 amount,
        uint64 interest
    );
    event ClaimForfaited(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        ForfaitingStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        uint64 purchasePrice,
        uint32 discountRate
    );
    event DocumentsNegotiated(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        NegotiationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        uint64 amount
    );
    event CancellationRequested(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        CancellationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch,
        string reason
    );
    event LcCancelled(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        CancellationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch
    );
    event CancellationRejected(
        bytes32 indexed lcKey,
        string lcNumber,
        uint32 subjectNo,
        CancellationStatus status,
        LcStatus lcStatus,
        uint16 actingBranch
    );
    event LcExpired(
        bytes32 indexed lcKey, string lcNumber, uint32 subjectNo, LcStatus status, LcStatus lcStatus, uint16 actingBranch
    );
    event LcClosed(
        bytes32 indexed lcKey, string lcNumber, uint32 subjectNo, LcStatus status, LcStatus lcStatus, uint16 actingBranch
    );

    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);
    event BranchRegistered(uint16 indexed branch, string name, address account);
    event AuditorSet(address indexed account, bool auditor);
    event CalendarSet(uint16 indexed year, uint32[] holidays, uint32[] workingDays);

    constructor() {
        _admin = msg.sender;
        emit AdminTransferred(address(0), msg.sender);
    }

    // ---- network administration (the Java NetworkContract)

    modifier onlyAdmin() {
        _require(msg.sender == _admin, Code.NOT_AUTHORIZED);
        _;
    }

    function transferAdmin(address newAdmin) external onlyAdmin {
        _require(newAdmin != address(0), Code.INVALID_NETWORK_CONFIG);
        emit AdminTransferred(_admin, newAdmin);
        _admin = newAdmin;
    }

    /// Registers branch `name` (lower case, as NetworkConfig) as acting through `account`, or moves
    /// an existing branch to a new account, the old one no longer acting for it. An account acts for
    /// one branch only.
    function registerBranch(string calldata name, address account) external onlyAdmin {
        uint16 branch = LcRules.registerBranch(_network, name, account);
        emit BranchRegistered(branch, name, account);
    }

    /// Lets `account` read every LC; an auditor acts on none.
    function registerAuditor(address account) external onlyAdmin {
        _setAuditor(account, true);
    }

    function revokeAuditor(address account) external onlyAdmin {
        _setAuditor(account, false);
    }

    /// Sets the business calendar of `year`: its public holidays and the weekend days worked
    /// instead (调休), as day numbers. A year never set counts weekends only.
    function setCalendar(uint16 year, uint32[] calldata holidays, uint32[] calldata workingDays)
        external
        onlyAdmin
    {
        _require(LcRules.setCalendarYear(_calendar, year, holidays, workingDays), Code.INVALID_CALENDAR);
        emit CalendarSet(year, holidays, workingDays);
    }

    // ---- the steps

    /// Issues an LC with `terms`; the caller's branch becomes its issuing branch.
    function issue(Terms calldata terms) external {
        (uint16 caller, bool auditor) = _caller();
        LcRules.requireLcNumber(terms.lcNumber);
        bytes32 key = keccak256(bytes(terms.lcNumber));
        Lc storage lc = _lcs[key];
        if (lc.issuingBranch != 0) {
            // the number is taken; only its issuer may learn so
            _require(auditor || _isParty(key, lc, caller), Code.LC_NOT_FOUND);
            _require(caller != 0 && caller == lc.issuingBranch, Code.NOT_AUTHORIZED);
            _refuse(Code.DUPLICATE_LC_NUMBER);
        }
        _require(caller != 0, Code.NOT_AUTHORIZED);
        (uint16 advising, uint16 nominated, Numbers memory numbers) =
            LcRules.validateTerms(terms, caller, _today(), _network.branchIds);

        lc.issuingBranch = caller;
        lc.advisingBranch = advising;
        lc.nominatedBranch = nominated;
        lc.status = LcStatus.ISSUED;
        lc.paymentType = PaymentType(terms.paymentTerms.paymentType);
        if (lc.paymentType == PaymentType.DEFERRED) {
            lc.deferredDays = uint16(uint64(terms.paymentTerms.deferredDays));
        }
        _setNumbers(lc, numbers);
        emit LcIssued(key, terms.lcNumber, 0, LcStatus.ISSUED, LcStatus.ISSUED, caller, terms);
    }

    function advise(string calldata lcNumber) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ADVISING);
        _requireLcIn(lc, _bit(LcStatus.ISSUED));
        _requireNotExpired(lc);
        lc.status = LcStatus.ADVISED;
        emit LcAdvised(key, lcNumber, 0, LcStatus.ADVISED, LcStatus.ADVISED, caller);
    }

    /// Proposes changes of terms; they bind the issuer at once, the beneficiary once accepted.
    function proposeAmendment(string calldata lcNumber, TermsChange[] calldata changes) external {
        _bound(changes.length <= AMENDMENT_CHANGES_MAX);
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ISSUED) | _bit(LcStatus.ADVISED));
        Amendment memory amendment = LcRules.readAmendment(changes, _numbers(lc), lc.drawnAmount, _today());
        uint32 amendmentNo = ++lc.amendmentCount;
        _amendments[key][amendmentNo] = amendment;
        emit AmendmentProposed(key, lcNumber, amendmentNo, AmendmentStatus.PROPOSED, lc.status, caller, changes);
    }

    /// The beneficiary's answer to amendment `amendmentNo`, through the advising branch.
    function answerAmendment(string calldata lcNumber, uint32 amendmentNo, bool accepted) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ADVISING);
        _requireLcIn(lc, _bit(LcStatus.ISSUED) | _bit(LcStatus.ADVISED));
        _require(amendmentNo != 0 && amendmentNo <= lc.amendmentCount, Code.AMENDMENT_NOT_FOUND);
        Amendment storage amendment = _amendments[key][amendmentNo];
        _require(amendment.status == AmendmentStatus.PROPOSED, Code.ILLEGAL_TRANSITION);
        if (accepted) {
            _setNumbers(lc, LcRules.checkAcceptance(_numbers(lc), amendment, lc.drawnAmount, _today()));
            amendment.status = AmendmentStatus.ACCEPTED;
            emit AmendmentAccepted(key, lcNumber, amendmentNo, AmendmentStatus.ACCEPTED, lc.status, caller);
        } else {
            amendment.status = AmendmentStatus.REJECTED;
            emit AmendmentRejected(key, lcNumber, amendmentNo, AmendmentStatus.REJECTED, lc.status, caller);
        }
    }

    /// Presents documents for a drawing of `amount`; the presentation gets the next number.
    function present(string calldata lcNumber, uint64 amount, int64 shipmentDate, Document[] calldata documents)
        external
    {
        _bound(documents.length <= DOCUMENTS_MAX);
        for (uint256 i; i < documents.length; ++i) {
            Document calldata d = documents[i];
            _bound(
                bytes(d.documentId).length <= DOCUMENT_ID_MAX_BYTES && bytes(d.fileName).length <= FILE_NAME_MAX_BYTES
                    && bytes(d.mediaType).length <= MEDIA_TYPE_MAX_BYTES
            );
        }
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.PRESENTER);
        _requireLcIn(lc, _bit(LcStatus.ADVISED));
        (uint32 presentationNo, int64 deadline) =
            LcRules.present(lc, _presentations[key], _calendar, caller, _today(), amount, shipmentDate, documents);
        emit DocumentsPresented(
            key,
            lcNumber,
            presentationNo,
            PresentationStatus.PRESENTED,
            lc.status,
            caller,
            amount,
            shipmentDate,
            deadline,
            documents
        );
    }

    /// The issuing branch's finding on a presentation: compliant, or the discrepancies noted.
    function examine(string calldata lcNumber, uint32 presentationNo, bool compliant, string[] calldata discrepancies)
        external
    {
        _boundDiscrepancies(discrepancies);
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _requirePresentationIn(p, _bit(PresentationStatus.PRESENTED));
        if (compliant) {
            p.status = PresentationStatus.COMPLIANT;
            emit DocumentsFoundCompliant(key, lcNumber, presentationNo, PresentationStatus.COMPLIANT, lc.status, caller);
        } else {
            LcRules.noteDiscrepancies(p, _notedDiscrepancies[key][presentationNo], discrepancies, _today());
            emit DiscrepanciesFound(
                key, lcNumber, presentationNo, PresentationStatus.DISCREPANT, lc.status, caller, discrepancies
            );
        }
    }

    /// The issuing branch honours discrepant documents; it alone decides, the applicant's waiver
    /// is recorded, not binding.
    function waive(string calldata lcNumber, uint32 presentationNo, bool applicantWaived) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _requirePresentationIn(p, _bit(PresentationStatus.DISCREPANT));
        p.status = PresentationStatus.WAIVED;
        emit DiscrepanciesWaived(
            key, lcNumber, presentationNo, PresentationStatus.WAIVED, lc.status, caller, applicantWaived
        );
    }

    /// Refuses the documents in one notice that lists every discrepancy noted and says what
    /// happens to the documents (a DocumentDisposition: HOLDING, HOLDING_UNTIL_WAIVER, RETURNING,
    /// FOLLOWING_INSTRUCTIONS; a larger value is absent).
    function refuse(
        string calldata lcNumber,
        uint32 presentationNo,
        string[] calldata discrepancies,
        uint8 documentDisposition
    ) external {
        _boundDiscrepancies(discrepancies);
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _requirePresentationIn(p, _bit(PresentationStatus.PRESENTED) | _bit(PresentationStatus.DISCREPANT));
        LcRules.refuseDocuments(
            lc, p, _notedDiscrepancies[key][presentationNo], discrepancies, documentDisposition, _today()
        );
        emit DocumentsRefused(
            key,
            lcNumber,
            presentationNo,
            PresentationStatus.REFUSED,
            lc.status,
            caller,
            discrepancies,
            documentDisposition
        );
    }

    /// Confirms payment at maturity of a deferred-payment drawing (到期付款确认).
    function acceptDeferred(string calldata lcNumber, uint32 presentationNo) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _requirePresentationIn(p, _bit(PresentationStatus.COMPLIANT) | _bit(PresentationStatus.WAIVED));
        _require(lc.paymentType == PaymentType.DEFERRED, Code.NOT_DEFERRED);
        // deferredDays after receipt; on a weekend or holiday, the next business day (顺延)
        int64 maturity =
            int64(uint64(BusinessDays.onOrAfter(_calendar, uint64(p.receivedOn) + uint64(lc.deferredDays))));
        p.status = PresentationStatus.ACCEPTED;
        p.maturityDate = maturity;
        --lc.awaitingDecisionCount;
        emit DeferredPaymentAccepted(
            key, lcNumber, presentationNo, PresentationStatus.ACCEPTED, lc.status, caller, maturity
        );
    }

    /// Pays a drawing: at sight once honoured, or at maturity once accepted, by the LC's terms.
    function pay(string calldata lcNumber, uint32 presentationNo, uint64 amount, string calldata paymentReference)
        external
    {
        _bound(bytes(paymentReference).length <= PAYMENT_REFERENCE_MAX_BYTES);
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED) | _bit(LcStatus.EXPIRED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _requirePresentationIn(
            p,
            lc.paymentType == PaymentType.DEFERRED
                ? _bit(PresentationStatus.ACCEPTED)
                : _bit(PresentationStatus.COMPLIANT) | _bit(PresentationStatus.WAIVED)
        );
        LcRules.pay(lc, p, amount, paymentReference);
        emit PaymentMade(
            key, lcNumber, presentationNo, PresentationStatus.PAID, lc.status, caller, amount, paymentReference
        );
    }

    /// Buyer financing (买方押汇) of an honoured drawing: the issuing branch pays for the applicant,
    /// who repays later with interest. `annualRate` in millionths of a percent.
    function grantBuyerFinancing(
        string calldata lcNumber,
        uint32 presentationNo,
        uint64 amount,
        uint32 annualRate,
        int64 dueDate
    ) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED) | _bit(LcStatus.EXPIRED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _require(p.financingStatus == FinancingStatus.NONE, Code.ALREADY_FINANCED);
        _requirePresentationIn(
            p,
            _bit(PresentationStatus.COMPLIANT) | _bit(PresentationStatus.WAIVED) | _bit(PresentationStatus.ACCEPTED)
                | _bit(PresentationStatus.PAID)
        );
        LcRules.grantBuyerFinancing(lc, p, amount, annualRate, dueDate, _today());
        emit BuyerFinancingGranted(
            key, lcNumber, presentationNo, FinancingStatus.GRANTED, lc.status, caller, amount, annualRate, dueDate
        );
    }

    /// A repayment of buyer financing, with interest for the days since its value date.
    function repayBuyerFinancing(string calldata lcNumber, uint32 presentationNo, uint64 amount) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED) | _bit(LcStatus.EXPIRED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _require(p.financingStatus == FinancingStatus.GRANTED, Code.ILLEGAL_TRANSITION);
        (FinancingStatus status, uint64 interest) = LcRules.repayBuyerFinancing(lc, p, amount, _today());
        emit BuyerFinancingRepaid(key, lcNumber, presentationNo, status, lc.status, caller, amount, interest);
    }

    /// Forfaiting (福费廷): a branch other than the issuer buys an accepted deferred claim without
    /// recourse, before maturity, and is paid at maturity. `discountRate` in millionths of a percent.
    function forfait(string calldata lcNumber, uint32 presentationNo, uint64 purchasePrice, uint32 discountRate)
        external
    {
        (bytes32 key, Lc storage lc, uint16 caller, bool outsider) = _open(lcNumber, Actor.NOT_ISSUER);
        // the state guards too are the library's: to a branch not yet party to the LC every
        // refusal must read as no LC at all
        LcRules.forfait(
            lc, _presentations[key], _forfaiters[key], presentationNo, caller, outsider, purchasePrice, discountRate, _today()
        );
        emit ClaimForfaited(
            key, lcNumber, presentationNo, ForfaitingStatus.FORFAITED, lc.status, caller, purchasePrice, discountRate
        );
    }

    /// Negotiation (议付): the nominated branch pays the beneficiary early, with recourse.
    function negotiate(string calldata lcNumber, uint32 presentationNo, uint64 amount) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.NOMINATED);
        _requireLcIn(lc, _bit(LcStatus.ADVISED));
        Presentation storage p = _presentation(key, lc, presentationNo);
        _require(p.negotiationStatus == NegotiationStatus.NONE, Code.ALREADY_NEGOTIATED);
        _requirePresentationIn(
            p,
            _bit(PresentationStatus.PRESENTED) | _bit(PresentationStatus.COMPLIANT) | _bit(PresentationStatus.WAIVED)
        );
        LcRules.negotiate(lc, p, amount);
        emit DocumentsNegotiated(key, lcNumber, presentationNo, NegotiationStatus.NEGOTIATED, lc.status, caller, amount);
    }

    /// The issuing branch asks to cancel the LC before expiry, giving its reason.
    function requestCancellation(string calldata lcNumber, string calldata reason) external {
        _bound(bytes(reason).length <= REASON_MAX_BYTES);
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ISSUED) | _bit(LcStatus.ADVISED));
        _require(
            lc.cancellation == CancellationStatus.NONE || lc.cancellation == CancellationStatus.REJECTED,
            Code.ILLEGAL_TRANSITION
        );
        _require(!LcRules.isBlank(reason), Code.INVALID_REQUEST);
        _requireNotExpired(lc);
        _requireSettled(lc);
        lc.cancellation = CancellationStatus.REQUESTED;
        emit CancellationRequested(key, lcNumber, 0, CancellationStatus.REQUESTED, lc.status, caller, reason);
    }

    /// The beneficiary's answer to the cancellation request, through the advising branch.
    function answerCancellation(string calldata lcNumber, bool accepted) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ADVISING);
        _requireLcIn(lc, _bit(LcStatus.ISSUED) | _bit(LcStatus.ADVISED));
        _require(lc.cancellation == CancellationStatus.REQUESTED, Code.ILLEGAL_TRANSITION);
        if (accepted) {
            _requireSettled(lc);
            lc.cancellation = CancellationStatus.ACCEPTED;
            lc.status = LcStatus.CANCELLED;
            emit LcCancelled(key, lcNumber, 0, CancellationStatus.ACCEPTED, LcStatus.CANCELLED, caller);
        } else {
            lc.cancellation = CancellationStatus.REJECTED;
            emit CancellationRejected(key, lcNumber, 0, CancellationStatus.REJECTED, lc.status, caller);
        }
    }

    /// Any party records that the LC expired: after its expiry date, with no drawing awaiting a
    /// decision. Its unused balance is released.
    function expire(string calldata lcNumber) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ANY_PARTY);
        _requireLcIn(lc, _bit(LcStatus.ISSUED) | _bit(LcStatus.ADVISED));
        _require(_today() > lc.expiryDate, Code.NOT_YET_EXPIRED);
        _require(lc.awaitingDecisionCount == 0, Code.OUTSTANDING_ITEMS);
        lc.status = LcStatus.EXPIRED;
        emit LcExpired(key, lcNumber, 0, LcStatus.EXPIRED, LcStatus.EXPIRED, caller);
    }

    /// The issuing branch closes a settled LC on which nothing more can be drawn.
    function close(string calldata lcNumber) external {
        (bytes32 key, Lc storage lc, uint16 caller,) = _open(lcNumber, Actor.ISSUING);
        _requireLcIn(lc, _bit(LcStatus.ADVISED) | _bit(LcStatus.EXPIRED));
        _requireSettled(lc);
        // another drawing is possible while a balance is left and partial drawings are allowed
        // (or none was made yet); an expired LC has none
        bool canBeDrawnAgain =
            (lc.partialShipmentsAllowed || lc.drawnAmount == 0) && LcRules.availableAmount(lc) > 0;
        _require(lc.status == LcStatus.EXPIRED || !canBeDrawnAgain, Code.BALANCE_AVAILABLE);
        lc.status = LcStatus.CLOSED;
        emit LcClosed(key, lcNumber, 0, LcStatus.CLOSED, LcStatus.CLOSED, caller);
    }

    // ---- reads (a chain's state is readable by every node that holds it: these hide nothing)

    function admin() external view returns (address) {
        return _admin;
    }

    /// The branch `account` acts for (0: none) and whether it may read every LC.
    function memberOf(address account) external view returns (uint16 branch, bool auditor) {
        Member memory m = _network.members[account];
        return (m.branch, m.auditor);
    }

    function branchId(string calldata name) external view returns (uint16) {
        return _network.branchIds[keccak256(bytes(name))];
    }

    function branchName(uint16 branch) external view returns (string memory) {
        return _network.branchNames[branch];
    }

    function isBusinessDay(uint32 day) external view returns (bool) {
        return BusinessDays.isBusinessDay(_calendar, day);
    }

    /// An LC's state, and what may still be drawn on it.
    function getLc(string calldata lcNumber) external view returns (Lc memory lc, uint64 availableAmount) {
        Lc storage stored = _stored(lcNumber);
        return (stored, LcRules.availableAmount(stored));
    }

    function getPresentation(string calldata lcNumber, uint32 presentationNo)
        external
        view
        returns (Presentation memory)
    {
        return _presentation(keccak256(bytes(lcNumber)), _stored(lcNumber), presentationNo);
    }

    /// The digests (keccak-256) of the discrepancies noted on a presentation, without their
    /// surrounding whitespace: a refusal must list each of them.
    function getNotedDiscrepancies(string calldata lcNumber, uint32 presentationNo)
        external
        view
        returns (bytes32[] memory)
    {
        bytes32 key = keccak256(bytes(lcNumber));
        _presentation(key, _stored(lcNumber), presentationNo);
        return _notedDiscrepancies[key][presentationNo];
    }

    function getAmendment(string calldata lcNumber, uint32 amendmentNo) external view returns (Amendment memory) {
        Lc storage lc = _stored(lcNumber);
        _require(amendmentNo != 0 && amendmentNo <= lc.amendmentCount, Code.AMENDMENT_NOT_FOUND);
        return _amendments[keccak256(bytes(lcNumber))][amendmentNo];
    }

    /// Whether `branch` bought a claim of the LC, and so is party to it.
    function isForfaiter(string calldata lcNumber, uint16 branch) external view returns (bool) {
        _stored(lcNumber);
        return _forfaiters[keccak256(bytes(lcNumber))][branch];
    }

    // ---- time

    /// The time of the transaction: the block's. The rules' only source of time.
    function _now() internal view virtual returns (uint256) {
        return block.timestamp;
    }

    /// The transaction's business date (UTC+8).
    function _today() private view returns (int64) {
        return BusinessDays.dateOf(_now());
    }

    // ---- who acts, on which LC (Rule.authorize)

    function _setAuditor(address account, bool auditor) private {
        _require(account != address(0), Code.INVALID_NETWORK_CONFIG);
        _network.members[account].auditor = auditor;
        emit AuditorSet(account, auditor);
    }

    /// The caller's branch (0: none) and whether it is an auditor. Until a branch is registered
    /// the network is not configured, and nobody but the admin is anybody.
    function _caller() private view returns (uint16 branch, bool auditor) {
        Member memory m = _network.members[msg.sender];
        if (m.branch == 0 && !m.auditor) {
            _require(_network.branchCount != 0, Code.NETWORK_NOT_CONFIGURED);
        }
        return (m.branch, m.auditor);
    }

    /// The LC a step acts on, once the caller may act on it. An LC the caller may not see is
    /// refused exactly as a missing one, except to a branch that may buy its claim (forfaiting),
    /// which is then an outsider: every later refusal must read the same to it.
    function _open(string calldata lcNumber, Actor actor)
        private
        view
        returns (bytes32 key, Lc storage lc, uint16 caller, bool outsider)
    {
        bool auditor;
        (caller, auditor) = _caller();
        key = keccak256(bytes(lcNumber));
        lc = _lcs[key];
        if (lc.issuingBranch == 0) {
            LcRules.requireLcNumber(lcNumber);
            _refuse(Code.LC_NOT_FOUND);
        }
        bool visible = auditor || _isParty(key, lc, caller);
        bool mayApproach = actor == Actor.NOT_ISSUER && caller != 0;
        _require(visible || mayApproach, Code.LC_NOT_FOUND);
        _require(_permits(actor, caller, lc), Code.NOT_AUTHORIZED);
        outsider = !visible;
    }

    /// Whether `branch` is party to the LC: its issuing, advising or nominated branch (every
    /// presenting and negotiating branch is one of these), or a branch that bought one of its
    /// claims.
    function _isParty(bytes32 key, Lc storage lc, uint16 branch) private view returns (bool) {
        if (branch == 0) {
            return false;
        }
        return branch == lc.issuingBranch || branch == lc.advisingBranch || branch == lc.nominatedBranch
            || _forfaiters[key][branch];
    }

    function _permits(Actor actor, uint16 branch, Lc storage lc) private view returns (bool) {
        if (branch == 0) {
            return false; // an auditor reads; it never acts
        }
        bool issuing = branch == lc.issuingBranch;
        bool advising = branch == lc.advisingBranch;
        bool nominated = branch == lc.nominatedBranch;
        if (actor == Actor.ISSUING) return issuing;
        if (actor == Actor.ADVISING) return advising;
        if (actor == Actor.PRESENTER) return advising || nominated;
        if (actor == Actor.NOMINATED) return nominated;
        if (actor == Actor.NOT_ISSUER) return !issuing;
        return issuing || advising || nominated;
    }

    function _stored(string calldata lcNumber) private view returns (Lc storage lc) {
        lc = _lcs[keccak256(bytes(lcNumber))];
        _require(lc.issuingBranch != 0, Code.LC_NOT_FOUND);
    }

    // ---- state guards and the LC's own checks

    function _bit(LcStatus status) private pure returns (uint256) {
        return 1 << uint8(status);
    }

    function _bit(PresentationStatus status) private pure returns (uint256) {
        return 1 << uint8(status);
    }

    function _isIn(LcStatus status, uint256 allowed) private pure returns (bool) {
        return _bit(status) & allowed != 0;
    }

    function _requireLcIn(Lc storage lc, uint256 allowed) private view {
        _require(_isIn(lc.status, allowed), Code.ILLEGAL_TRANSITION);
    }

    function _presentation(bytes32 key, Lc storage lc, uint32 presentationNo)
        private
        view
        returns (Presentation storage)
    {
        _require(presentationNo != 0 && presentationNo <= lc.presentationCount, Code.PRESENTATION_NOT_FOUND);
        return _presentations[key][presentationNo];
    }

    function _requirePresentationIn(Presentation storage p, uint256 allowed) private view {
        _require(_bit(p.status) & allowed != 0, Code.ILLEGAL_TRANSITION);
    }

    function _requireNotExpired(Lc storage lc) private view {
        _require(_today() <= lc.expiryDate, Code.LC_EXPIRED);
    }

    /// Every presentation paid or refused, every financing repaid.
    function _requireSettled(Lc storage lc) private view {
        _require(lc.unsettledCount == 0, Code.OUTSTANDING_ITEMS);
    }

    /// The numbers of the LC's terms in force.
    function _numbers(Lc storage lc) private view returns (Numbers memory) {
        return Numbers({
            amount: lc.amount,
            tolerancePercent: int64(uint64(lc.tolerancePercent)),
            expiryDate: lc.expiryDate,
            latestShipmentDate: lc.latestShipmentDate,
            presentationPeriodDays: int64(uint64(lc.presentationPeriodDays)),
            partialShipmentsAllowed: lc.partialShipmentsAllowed
        });
    }

    /// Puts numbers the rules have checked into the LC's terms.
    function _setNumbers(Lc storage lc, Numbers memory n) private {
        lc.amount = n.amount;
        lc.tolerancePercent = uint8(uint64(n.tolerancePercent));
        lc.expiryDate = n.expiryDate;
        lc.latestShipmentDate = n.latestShipmentDate;
        lc.presentationPeriodDays = uint16(uint64(n.presentationPeriodDays));
        lc.partialShipmentsAllowed = n.partialShipmentsAllowed;
    }

    // ---- refusals

    function _require(bool ok, Code code) private pure {
        if (!ok) {
            _refuse(code);
        }
    }

    /// A bound the node applies as it reads a request.
    function _bound(bool ok) private pure {
        _require(ok, Code.LIMIT_EXCEEDED);
    }

    function _boundDiscrepancies(string[] calldata discrepancies) private pure {
        _bound(discrepancies.length <= DISCREPANCIES_MAX);
        for (uint256 i; i < discrepancies.length; ++i) {
            _bound(bytes(discrepancies[i]).length <= DISCREPANCY_MAX_BYTES);
        }
    }

    /// Reverts with Refused(the name of `code`); the library spells the names.
    function _refuse(Code code) private pure {
        LcRules.refuse(code);
    }
}
