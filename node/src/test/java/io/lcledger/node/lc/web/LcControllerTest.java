package io.lcledger.node.lc.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lcledger.chaincode.domain.Amendment;
import io.lcledger.chaincode.domain.AmendmentStatus;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.DocumentType;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LastStep;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Money;
import io.lcledger.chaincode.domain.Party;
import io.lcledger.chaincode.domain.Payee;
import io.lcledger.chaincode.domain.PaymentTerms;
import io.lcledger.chaincode.domain.PaymentType;
import io.lcledger.chaincode.domain.Presentation;
import io.lcledger.chaincode.domain.PresentationStatus;
import io.lcledger.chaincode.domain.RequiredDocument;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.documents.DocumentRefused;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.PortalAccounts;
import io.lcledger.node.identity.SecurityConfiguration;
import io.lcledger.node.identity.TokenRegistry;
import io.lcledger.node.lc.DocumentService;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.StepGate;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.web.problem.Problems;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * The REST slice: every step endpoint, its success status, and each kind of error as problem+json.
 */
@WebMvcTest(controllers = {LcController.class, DocumentController.class})
@Import({
  SecurityConfiguration.class,
  TokenRegistry.class,
  PortalAccounts.class,
  Problems.class,
  StepGate.class
})
@EnableConfigurationProperties(NodeProperties.class)
@TestPropertySource(properties = {"lc.mode=sandbox", "spring.servlet.multipart.max-file-size=1KB"})
class LcControllerTest {
  static final String LC = "/api/v1/lcs/LC-1";
  static final String P1 = LC + "/presentations/1";

  @Autowired MockMvc mvc;
  @MockitoBean LcService lcs;
  @MockitoBean DocumentStore documents;
  @MockitoBean DocumentService presented;
  @MockitoBean Ledger ledger;

  static LetterOfCredit lc() {
    return lc(new PaymentTerms(PaymentType.SIGHT, null, null));
  }

  static LetterOfCredit lc(PaymentTerms paymentTerms) {
    LcTerms terms =
        new LcTerms(
            "LC-1",
            "yangzhou",
            new Party("A", "91310000132200821H"),
            new Party("B", "91321003MA1WCB7N6N"),
            Money.parse("1000.00"),
            "CNY",
            0,
            LocalDate.parse("2026-06-30"),
            "扬州",
            LocalDate.parse("2026-06-15"),
            15,
            paymentTerms,
            true,
            "steel",
            List.of(new RequiredDocument(DocumentType.INVOICE, 1)),
            null);
    Presentation presented =
        new Presentation(
            1,
            "yangzhou",
            PresentationStatus.PRESENTED,
            Money.parse("100.00"),
            LocalDate.parse("2026-03-01"),
            LocalDate.parse("2026-03-02"),
            LocalDate.parse("2026-03-09"),
            List.of(),
            List.of(),
            null,
            null,
            null,
            new Payee(Payee.Kind.BENEFICIARY, "91321003MA1WCB7N6N"),
            null,
            null,
            null,
            null);
    return new LetterOfCredit(
        terms,
        "shanghai",
        LocalDate.parse("2026-02-20"),
        LcStatus.ADVISED,
        Money.parse("900.00"),
        List.of(presented),
        List.of(
            new Amendment(
                1,
                AmendmentStatus.PROPOSED,
                Map.of("amount", "2000.00"),
                LocalDate.parse("2026-02-21"),
                null)),
        null,
        new LastStep(
            Step.PRESENT,
            "yangzhou",
            "YangzhouMSP",
            1,
            null,
            "tx-1",
            Instant.parse("2026-03-02T02:00:00Z")));
  }

  @BeforeEach
  void ledgerAnswers() {
    // what the gate reads before a step's body: yangzhou advises and is the nominated bank
    given(ledger.find(any(), eq("LC-1")))
        .willReturn(lc(new PaymentTerms(PaymentType.NEGOTIATION, null, "yangzhou")));
    given(ledger.find(any(), eq("LC-NONE")))
        .willThrow(new LcException(ErrorCode.LC_NOT_FOUND, "no LC LC-NONE"));
    given(lcs.issue(any(), any())).willReturn(lc());
    given(lcs.step(any(), anyString(), any(Command.class))).willReturn(lc());
    given(lcs.present(any(), anyString(), any(), any())).willReturn(lc());
    given(lcs.get(any(), anyString())).willReturn(lc());
  }

  static final String ISSUE =
      """
      {"lcNumber":"LC-1","advisingBranch":"yangzhou","applicant":{"name":"A","uscc":"91310000132200821H"},
       "beneficiary":{"name":"B","uscc":"91321003MA1WCB7N6N"},"amount":"1000.00","currency":"CNY","tolerancePercent":0,
       "expiryDate":"2026-06-30","expiryPlace":"扬州","latestShipmentDate":"2026-06-15","paymentTerms":{"type":"SIGHT"},
       "goodsDescription":"steel","requiredDocuments":[{"type":"INVOICE","copies":1}]}""";

  static Stream<Arguments> everyStep() {
    return Stream.of(
        Arguments.of("/api/v1/lcs", ISSUE, "sandbox-shanghai", 201),
        Arguments.of(LC + "/advice", "{}", "sandbox-yangzhou", 200),
        Arguments.of(
            LC + "/amendments", "{\"changes\":{\"amount\":\"2000.00\"}}", "sandbox-shanghai", 201),
        Arguments.of(LC + "/amendments/1/response", "{\"accepted\":true}", "sandbox-yangzhou", 200),
        Arguments.of(
            LC + "/presentations",
            "{\"amount\":\"100.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\"d\"]}",
            "sandbox-yangzhou",
            201),
        Arguments.of(P1 + "/examination", "{\"result\":\"COMPLIANT\"}", "sandbox-shanghai", 200),
        Arguments.of(P1 + "/waiver", "{\"applicantWaived\":true}", "sandbox-shanghai", 200),
        Arguments.of(
            P1 + "/refusal",
            "{\"discrepancies\":[\"x\"],\"documentDisposition\":\"HOLDING\"}",
            "sandbox-shanghai",
            200),
        Arguments.of(P1 + "/acceptance", "{}", "sandbox-shanghai", 200),
        Arguments.of(
            P1 + "/buyer-financing",
            "{\"amount\":\"100.00\",\"annualRatePercent\":\"4.35\",\"dueDate\":\"2026-06-01\"}",
            "sandbox-shanghai",
            201),
        Arguments.of(
            P1 + "/buyer-financing/repayment", "{\"amount\":\"100.00\"}", "sandbox-shanghai", 200),
        Arguments.of(
            P1 + "/forfaiting",
            "{\"purchasePrice\":\"98.00\",\"discountRatePercent\":\"3\"}",
            "sandbox-forfaiter",
            201),
        Arguments.of(P1 + "/negotiation", "{\"amount\":\"99.00\"}", "sandbox-yangzhou", 201),
        Arguments.of(
            P1 + "/payment",
            "{\"amount\":\"100.00\",\"paymentReference\":\"P\"}",
            "sandbox-shanghai",
            200),
        Arguments.of(LC + "/cancellation", "{\"reason\":\"r\"}", "sandbox-shanghai", 202),
        Arguments.of(LC + "/cancellation/response", "{\"accepted\":true}", "sandbox-yangzhou", 200),
        Arguments.of(LC + "/expiry", "{}", "sandbox-yangzhou", 200),
        Arguments.of(LC + "/closure", "{}", "sandbox-shanghai", 200));
  }

  @ParameterizedTest(name = "POST {0}")
  @MethodSource("everyStep")
  void everyStepAnswersWithItsStatus(String path, String body, String token, int expected)
      throws Exception {
    mvc.perform(json(post(path), body, token))
        .andExpect(status().is(expected))
        .andExpect(jsonPath("$.txId").value("tx-1"));
  }

  @ParameterizedTest(name = "POST {0}")
  @MethodSource("everyStep")
  void everyStepNeedsABranchCredential(String path, String body, String token, int expected)
      throws Exception {
    mvc.perform(json(post(path), body, null))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    mvc.perform(json(post(path), body, "sandbox-auditor"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.code").value("NOT_AUTHORIZED"));
  }

  /** Who may take each step on LC-1 (shanghai issued it; yangzhou advises and is nominated). */
  static final Map<String, Set<String>> MAY_TAKE =
      Map.ofEntries(
          Map.entry("advice", Set.of("yangzhou")),
          Map.entry("amendments", Set.of("shanghai")),
          Map.entry("amendments/1/response", Set.of("yangzhou")),
          Map.entry("presentations", Set.of("yangzhou")),
          Map.entry("presentations/1/forfaiting", Set.of("yangzhou", "forfaiter")),
          Map.entry("presentations/1/negotiation", Set.of("yangzhou")),
          Map.entry("cancellation/response", Set.of("yangzhou")),
          Map.entry("expiry", Set.of("shanghai", "yangzhou")));

  static Stream<Arguments> everyStepByEachBankThatMayNotTakeIt() {
    return everyStep()
        .map(a -> (String) a.get()[0])
        .filter(path -> path.startsWith(LC + "/"))
        .flatMap(
            path -> {
              Set<String> may =
                  MAY_TAKE.getOrDefault(path.substring(LC.length() + 1), Set.of("shanghai"));
              return Stream.of("shanghai", "yangzhou", "forfaiter")
                  .filter(branch -> !may.contains(branch))
                  .map(
                      branch ->
                          Arguments.of(
                              path,
                              branch,
                              branch.equals("forfaiter") ? 404 : 403,
                              branch.equals("forfaiter") ? "LC_NOT_FOUND" : "NOT_AUTHORIZED"));
            });
  }

  @ParameterizedTest(name = "POST {0} by {1}: {2}")
  @MethodSource("everyStepByEachBankThatMayNotTakeIt")
  void aBankThatMayNotTakeAStepIsRefusedBeforeItsBodyIsRead(
      String path, String branch, int status, String code) throws Exception {
    for (String body : List.of("{\"amount\":", "{\"documentIds\":[\"no-such\"]}", "[]")) {
      mvc.perform(json(post(path), body, "sandbox-" + branch))
          .andExpect(status().is(status))
          .andExpect(jsonPath("$.code").value(code));
    }
    verifyNoInteractions(lcs, documents, presented);
  }

  @Test
  void aStepOnAnLcThatDoesNotExistIsNotFoundWhateverItsBody() throws Exception {
    mvc.perform(json(post("/api/v1/lcs/LC-NONE/presentations"), "{\"x\":", "sandbox-yangzhou"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.code").value("LC_NOT_FOUND"));
    // the bank that may take it still has its body checked
    mvc.perform(json(post(LC + "/presentations"), "{\"x\":", "sandbox-yangzhou"))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(lcs);
  }

  @Test
  void missingFieldsAreValidationFailedWithTheFields() throws Exception {
    mvc.perform(json(post("/api/v1/lcs"), "{\"lcNumber\":\"LC-1\"}", "sandbox-shanghai"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
        .andExpect(jsonPath("$.errors[?(@.field=='amount')]").exists());
    mvc.perform(json(post(P1 + "/examination"), "{\"result\":\"MAYBE\"}", "sandbox-shanghai"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
    mvc.perform(
            json(
                post("/api/v1/lcs"), ISSUE.replace("\"1000.00\"", "\"1,000\""), "sandbox-shanghai"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.code").value("INVALID_AMOUNT"));
  }

  static Stream<Arguments> ledgerCodes() {
    return Stream.of(
        Arguments.of("LC_NOT_FOUND", 404),
        Arguments.of("ILLEGAL_TRANSITION", 409),
        Arguments.of("DUPLICATE_LC_NUMBER", 409),
        Arguments.of("ALREADY_FORFAITED", 409),
        Arguments.of("NOT_AUTHORIZED", 403),
        Arguments.of("OVERDRAWN", 422),
        Arguments.of("PRESENTATION_LATE", 422),
        Arguments.of("LC_EXPIRED", 422),
        Arguments.of("DEADLINE_PASSED", 422),
        Arguments.of("INVALID_USCC", 400));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("ledgerCodes")
  void theLedgersCodesPassThroughWithTheirStatus(String code, int expected) throws Exception {
    given(lcs.step(any(), anyString(), any(Command.Advise.class)))
        .willThrow(new LedgerException.Rejected(code, "because", "tx-1"));
    mvc.perform(json(post(LC + "/advice"), "{}", "sandbox-yangzhou"))
        .andExpect(status().is(expected))
        .andExpect(jsonPath("$.code").value(code))
        .andExpect(jsonPath("$.detail").value("because"));
  }

  static Stream<io.lcledger.chaincode.domain.ErrorCode> everyLedgerCode() {
    return Stream.of(io.lcledger.chaincode.domain.ErrorCode.values());
  }

  /** api.md's statuses, by the kind of each code. */
  static int expectedStatus(io.lcledger.chaincode.domain.ErrorCode code) {
    return switch (code.kind()) {
      case INVALID_INPUT -> 400;
      case RULE_BROKEN -> 422;
      case NOT_PERMITTED -> 403;
      case NOT_FOUND -> 404;
      case WRONG_STATE -> 409;
      case NOT_CONFIGURED -> 503;
      case UNREADABLE -> 500;
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyLedgerCode")
  void everyLedgerCodeAnswersWithItsOwnStatusAsProblemJson(
      io.lcledger.chaincode.domain.ErrorCode code) throws Exception {
    given(lcs.step(any(), anyString(), any(Command.Expire.class)))
        .willThrow(new LedgerException.Rejected(code.name(), "detail of " + code, "tx-1"));
    mvc.perform(json(post(LC + "/expiry"), "{}", "sandbox-yangzhou"))
        .andExpect(status().is(expectedStatus(code)))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value(code.name()))
        .andExpect(jsonPath("$.status").value(expectedStatus(code)))
        .andExpect(jsonPath("$.type").exists())
        .andExpect(jsonPath("$.title").exists());
  }

  @Test
  void anUnreachableLedgerIs503WithRetryAfter() throws Exception {
    given(lcs.get(any(), anyString()))
        .willThrow(new LedgerException.Unavailable("peer down", null));
    mvc.perform(get(LC).header("Authorization", "Bearer sandbox-shanghai"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(jsonPath("$.code").value("LEDGER_UNAVAILABLE"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"MVCC_READ_CONFLICT, 409", "ENDORSEMENT_POLICY_FAILURE, 422", "TIMEOUT, 503"})
  void aStepThatFailsAtCommitAnswersItsReasonAsProblemJson(
      LedgerException.CommitFailed.Reason reason, int expected) throws Exception {
    given(lcs.step(any(), anyString(), any(Command.Close.class)))
        .willThrow(new LedgerException.CommitFailed(reason, "invalidated", "tx-9"));
    mvc.perform(json(post(LC + "/closure"), "{}", "sandbox-shanghai"))
        .andExpect(status().is(expected))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value(reason.name()));
  }

  @Test
  void readsAreOpenToAuditors() throws Exception {
    mvc.perform(get(LC).header("Authorization", "Bearer sandbox-auditor"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.amount").value("1000.00"))
        .andExpect(jsonPath("$.presentations[0].examinationDeadline").value("2026-03-09"));
  }

  @Test
  void aDocumentAboveTheLimitIs413() throws Exception {
    // the servlet container enforces the limit while parsing; here it answers as it would
    given(documents.store(any(), any(), any(), any()))
        .willThrow(new MaxUploadSizeExceededException(1024));
    MockMultipartFile big =
        new MockMultipartFile("file", "big.pdf", "application/pdf", new byte[2048]);
    mvc.perform(
            multipart("/api/v1/documents")
                .file(big)
                .param("type", "INVOICE")
                .header("Authorization", "Bearer sandbox-yangzhou"))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.code").value("PAYLOAD_TOO_LARGE"));
  }

  @Test
  void anUnknownDocumentIs404() throws Exception {
    given(documents.find(anyString())).willReturn(java.util.Optional.empty());
    given(presented.presented(any(), anyString(), any()))
        .willThrow(DocumentStore.notFound("00000000-0000-0000-0000-000000000000"));
    mvc.perform(
            get("/api/v1/documents/00000000-0000-0000-0000-000000000000")
                .header("Authorization", "Bearer sandbox-yangzhou"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.code").value("DOCUMENT_NOT_FOUND"));
  }

  @Test
  void aDocumentWhoseHoldingNodeCannotBeAskedIs503() throws Exception {
    given(documents.find(anyString())).willReturn(java.util.Optional.empty());
    given(presented.presented(any(), anyString(), any()))
        .willThrow(
            new DocumentRefused(
                DocumentRefused.Reason.HOLDER_UNAVAILABLE, "the node of yangzhou did not answer"));
    mvc.perform(
            get("/api/v1/documents/00000000-0000-0000-0000-000000000000")
                .header("Authorization", "Bearer sandbox-shanghai"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.code").value("DOCUMENT_HOLDER_UNAVAILABLE"));
  }

  @Test
  void listingIsPagedForTheCaller() throws Exception {
    given(lcs.list(any(), any(), any(), anyInt(), anyInt()))
        .willReturn(new LcService.Page(List.of(), 0, 20, 0));
    mvc.perform(get("/api/v1/lcs").header("Authorization", "Bearer sandbox-shanghai"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(0));
  }

  private static MockHttpServletRequestBuilder json(
      MockHttpServletRequestBuilder request, String body, String token) {
    request.contentType(MediaType.APPLICATION_JSON).content(body);
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }
}
