package io.lcledger.chaincode.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcledger.chaincode.conformance.ConformanceCase;
import io.lcledger.chaincode.conformance.ConformanceCase.CaseStep;
import io.lcledger.chaincode.conformance.ConformanceCase.Expect;
import io.lcledger.chaincode.conformance.ConformanceSuite;
import io.lcledger.chaincode.conformance.LedgerDriver;
import io.lcledger.chaincode.conformance.Outcome;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared conformance suite against the Solidity contract on a real go-ethereum chain, and the
 * Java and Solidity contracts held to the same answer on every step of the suite and of probes of
 * the encodings' edges (texts, digests, rates, amendments' values, callers). Prints the gas each
 * step used once all have run.
 */
class SolidityContractConformanceIT {
  /** Where the build compiles the contract, relative to this module. */
  private static final Path COMPILED = Path.of("target", "solidity");

  private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Step, List<Long>> GAS = new EnumMap<>(Step.class);

  private static GethChain chain;
  private static SolidityDriver.Compiled compiled;

  @BeforeAll
  static void startChain(@TempDir Path dir) throws Exception {
    chain = GethChain.start(dir);
    compiled = SolidityDriver.Compiled.deploy(chain, COMPILED);
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) {
      chain.close();
    }
    System.out.print(gasTable());
  }

  static Stream<Named<ConformanceCase>> cases() {
    return ConformanceSuite.cases().stream().map(c -> Named.of(c.file() + ": " + c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSolidityContractConforms(ConformanceCase c) throws Exception {
    assertThat(ConformanceSuite.run(c, solidity())).isEmpty();
  }

  @Test
  void theJavaAndSolidityContractsAnswerEveryStepAlike() throws Exception {
    List<ConformanceCase> all = new ArrayList<>(ConformanceSuite.cases());
    all.addAll(probes());
    List<String> differences = new ArrayList<>();
    for (ConformanceCase c : all) {
      Recording java = new Recording(JavaContract.driver());
      Recording solidity = new Recording(solidity());
      ConformanceSuite.run(c, java);
      ConformanceSuite.run(c, solidity);
      for (int i = 0; i < Math.max(java.answers.size(), solidity.answers.size()); i++) {
        String j = i < java.answers.size() ? java.answers.get(i) : "(none)";
        String s = i < solidity.answers.size() ? solidity.answers.get(i) : "(none)";
        if (!j.equals(s)) {
          differences.add(c.name() + ": Java: " + j + "; Solidity: " + s);
        }
      }
    }
    assertThat(differences).isEmpty();
  }

  private static SolidityDriver solidity() throws Exception {
    return new SolidityDriver(chain, compiled, SolidityContractConformanceIT::gasUsed);
  }

  private static synchronized void gasUsed(Step step, long gas) {
    GAS.computeIfAbsent(step, s -> new ArrayList<>()).add(gas);
  }

  /** Each step's transactions: how many, and the least, median and most gas they used. */
  private static synchronized String gasTable() {
    StringBuilder table = new StringBuilder("Gas used by the Solidity contract's steps\n");
    table.append(String.format("%-22s %6s %9s %9s %9s%n", "step", "count", "min", "median", "max"));
    GAS.forEach(
        (step, used) -> {
          List<Long> sorted = used.stream().sorted().toList();
          table.append(
              String.format(
                  "%-22s %6d %9d %9d %9d%n",
                  step,
                  sorted.size(),
                  sorted.get(0),
                  sorted.get(sorted.size() / 2),
                  sorted.get(sorted.size() - 1)));
        });
    return table.toString();
  }

  /**
   * A driver that notes each answer it gives (an outcome or a refusal) with the step it answers, in
   * order. A request refused as it is read never reaches a driver, and is the same for both.
   */
  private static final class Recording implements LedgerDriver {
    private final LedgerDriver driver;
    private final List<String> answers = new ArrayList<>();

    Recording(LedgerDriver driver) {
      this.driver = driver;
    }

    @Override
    public void at(Instant time) {
      driver.at(time);
    }

    @Override
    public Outcome submit(String caller, String lcNumber, Command command) {
      String step = caller + " " + Command.nameOf(command.getClass()) + " " + lcNumber + " -> ";
      try {
        Outcome outcome = driver.submit(caller, lcNumber, command);
        answers.add(step + outcome);
        return outcome;
      } catch (LcException refused) {
        answers.add(step + Outcome.refused(refused.code().name()));
        throw refused;
      }
    }
  }

  /**
   * The Java contract's own conformance driver, from lc-chaincode-embedded's test classes, which
   * must be on this test's class path: it is package-private there, so it is found by name.
   */
  private static final class JavaContract {
    static LedgerDriver driver() {
      try {
        var type =
            Class.forName(
                "io.lcledger.chaincode.contract.JavaContractConformanceTest$JavaContractDriver");
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return (LedgerDriver) constructor.newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "the Java contract's conformance driver is not on the class path: this test needs"
                + " lc-chaincode-embedded's test-jar and its test dependencies",
            e);
      }
    }
  }

  // ---- probes: steps at the edges of what each encoding can hold, answered alike by both

  private static List<ConformanceCase> probes() {
    return List.of(
        probe(
            "issue: numbers, payment terms and required documents",
            issue("T-1", "{\"tolerancePercent\": -1}"),
            issue("T-2", "{\"tolerancePercent\": 11}"),
            issue("T-3", "{\"presentationPeriodDays\": 0}"),
            issue("T-4", "{\"presentationPeriodDays\": 366}"),
            issue("T-5", "{\"presentationPeriodDays\": null}"),
            issue("T-6", "{\"paymentTerms\": {\"type\": \"DEFERRED\"}}"),
            issue("T-7", "{\"paymentTerms\": {\"type\": \"DEFERRED\", \"deferredDays\": 366}}"),
            issue("T-8", "{\"paymentTerms\": {\"type\": \"SIGHT\", \"deferredDays\": 5}}"),
            issue("T-9", "{\"paymentTerms\": {\"type\": \"NEGOTIATION\"}}"),
            issue(
                "T-10",
                "{\"paymentTerms\": {\"type\": \"NEGOTIATION\", \"nominatedBranch\": \"\"}}"),
            issue(
                "T-11",
                "{\"paymentTerms\": {\"type\": \"NEGOTIATION\", \"nominatedBranch\": \"shanghai\"}}"),
            issue(
                "T-12",
                "{\"paymentTerms\": {\"type\": \"SIGHT\", \"nominatedBranch\": \"hangzhou\"}}"),
            issue("T-13", "{\"paymentTerms\": null}"),
            issue("T-14", "{\"paymentTerms\": {}}"),
            issue("T-15", "{\"requiredDocuments\": []}"),
            issue(
                "T-16",
                "{\"requiredDocuments\": [{\"type\": \"INVOICE\", \"copies\": 1},"
                    + " {\"type\": \"INVOICE\", \"copies\": 2}]}"),
            issue("T-17", "{\"requiredDocuments\": [{\"type\": \"INVOICE\", \"copies\": 0}]}"),
            issue("T-18", "{\"requiredDocuments\": [{\"type\": \"INVOICE\", \"copies\": 100}]}"),
            issue("T-19", "{\"requiredDocuments\": [{\"copies\": 1}]}"),
            issue(
                "T-20",
                "{\"requiredDocuments\": [{\"type\": \"INVOICE\", \"copies\": 1},"
                    + " {\"type\": \"TRANSPORT_DOCUMENT\", \"copies\": 1},"
                    + " {\"type\": \"GOODS_RECEIPT\", \"copies\": 1},"
                    + " {\"type\": \"INSURANCE\", \"copies\": 1},"
                    + " {\"type\": \"INSPECTION_CERTIFICATE\", \"copies\": 1},"
                    + " {\"type\": \"OTHER\", \"copies\": 1}, {\"type\": \"OTHER\", \"copies\": 1}]}"),
            issue("T-21", "{\"amount\": \"9999999999999.99\"}"),
            issue("T-22", "{\"amount\": \"9523809523809.52\"}"),
            issue("T-23", "{\"expiryDate\": null}"),
            issue("T-24", "{\"advisingBranch\": \"shanghai\"}"),
            issue("T-25", "{\"partialShipmentsAllowed\": false, \"tolerancePercent\": 0}"),
            step("shanghai", "issue", "-bad", null)),
        probe(
            "issue: parties and texts",
            issue("X-1", "{\"beneficiary\": {\"name\": \"x\", \"uscc\": \"91310000132200821H\"}}"),
            issue(
                "X-2", "{\"applicant\": {\"name\": \"\u3000\", \"uscc\": \"91310000132200821H\"}}"),
            issue(
                "X-3", "{\"applicant\": {\"name\": \"\u00a0\", \"uscc\": \"91310000132200821H\"}}"),
            issue("X-4", "{\"applicant\": null}"),
            issue("X-5", "{\"applicant\": {\"name\": \"x\", \"uscc\": \"91310000132200821h\"}}"),
            issue("X-6", "{\"goodsDescription\": \"steel\\u202e coils\"}"),
            issue("X-7", "{\"goodsDescription\": \"steel\\n\\tcoils\\r\\n\"}"),
            issue("X-8", "{\"expiryPlace\": \"扬\\n州\"}"),
            issue("X-9", "{\"expiryPlace\": \"" + "州".repeat(141) + "\"}"),
            issue("X-10", "{\"expiryPlace\": \"" + "州".repeat(140) + "\"}"),
            issue("X-11", "{\"expiryPlace\": \"扬\\ud800州\"}"),
            issue("X-12", "{\"expiryPlace\": \"扬\\u0085州\"}"),
            issue("X-13", "{\"expiryPlace\": \"\\ud83d\\ude00\"}"),
            issue("X-14", "{\"expiryPlace\": \" \\u2007 \"}"),
            issue("X-15", "{\"expiryPlace\": \" \\u2028 \"}"),
            issue("X-16", "{\"currency\": \"CNYY\"}"),
            issue("X-17", "{\"currency\": \"cny\"}"),
            issue("X-18", "{\"currency\": null}"),
            issue("X-19", "{\"goodsDescription\": \"\", \"currency\": \"USD\"}"),
            issue("X-20", "{\"advisingBranch\": \"" + "y".repeat(65) + "\"}")),
        probe(
            "callers, and LC numbers",
            step("auditor", "issue", "C-1", null),
            issue("C-2", "{}"),
            step("yangzhou", "issue", "C-2", null),
            step("forfaiter", "issue", "C-2", null),
            step("auditor", "issue", "C-2", null),
            step("shanghai", "advise", "no/such", null),
            step("auditor", "expire", "C-2", null),
            step("forfaiter", "close", "C-2", null)),
        probe(
            "amendments: fields and values, in the order given",
            issue("M-1", "{}"),
            step("yangzhou", "advise", "M-1", null),
            amend("M-1", "{}"),
            amend("M-1", "{\"applicant\": \"x\"}"),
            amend("M-1", "{\"amount\": 5}"),
            amend("M-1", "{\"amount\": \"0.00\"}"),
            amend("M-1", "{\"amount\": \"abc\", \"foo\": 1}"),
            amend("M-1", "{\"foo\": 1, \"amount\": \"abc\"}"),
            amend("M-1", "{\"tolerancePercent\": 5.5}"),
            amend("M-1", "{\"tolerancePercent\": 11}"),
            amend("M-1", "{\"tolerancePercent\": 3000000000}"),
            amend("M-1", "{\"expiryDate\": \"2026-02-30\"}"),
            amend("M-1", "{\"expiryDate\": \"2026-03-01\"}"),
            amend("M-1", "{\"latestShipmentDate\": \"2026-07-01\"}"),
            amend("M-1", "{\"presentationPeriodDays\": 0}"),
            amend("M-1", "{\"partialShipmentsAllowed\": \"yes\"}"),
            amend("M-1", "{\"goodsDescription\": \"  \"}"),
            amend("M-1", "{\"goodsDescription\": \"a\\u0000b\"}"),
            amend("M-1", "{\"expiryPlace\": \"a\\nb\"}"),
            amend("M-1", "{\"requiredDocuments\": []}"),
            amend("M-1", "{\"requiredDocuments\": [{\"type\": \"PASSPORT\", \"copies\": 1}]}"),
            amend("M-1", "{\"requiredDocuments\": [{\"type\": \"INVOICE\", \"copies\": 0}]}"),
            amend("M-1", "{\"requiredDocuments\": [{\"type\": \"INVOICE\", \"copies\": 100}]}"),
            amend("M-1", "{\"requiredDocuments\": [{\"type\": \"INVOICE\"}]}"),
            amend(
                "M-1", "{\"partialShipmentsAllowed\": false, \"additionalConditions\": \"none\"}")),
        probe(
            "amendments checked again when accepted",
            issue("N-1", "{}"),
            step("yangzhou", "advise", "N-1", null),
            amend("N-1", "{\"amount\": \"9500000000000.00\"}"),
            amend("N-1", "{\"tolerancePercent\": 10}"),
            answer("N-1", 1, true),
            answer("N-1", 2, true),
            amend("N-1", "{\"latestShipmentDate\": \"2026-06-25\"}"),
            amend("N-1", "{\"expiryDate\": \"2026-06-20\"}"),
            answer("N-1", 3, true),
            answer("N-1", 4, true),
            amend("N-1", "{\"presentationPeriodDays\": 20}"),
            step(
                Instant.parse("2026-07-01T02:00:00Z"),
                "yangzhou",
                "answerAmendment",
                "N-1",
                "{\"amendmentNo\": 5, \"accepted\": true}"),
            answer("N-1", 0, true),
            answer("N-1", -1, false)),
        probe(
            "presentations: documents, dates and discrepancies",
            issue("D-1", "{}"),
            step("yangzhou", "advise", "D-1", null),
            present("D-1", "{\"sha256\": \"" + "A".repeat(64) + "\"}"),
            present("D-1", "{\"sm3\": \"abc\"}"),
            present("D-1", "{\"size\": 0}"),
            present("D-1", "{\"documentId\": \"  \"}"),
            present("D-1", "{\"type\": null}"),
            present("D-1", "{\"fileName\": null}"),
            present("D-1", "{\"mediaType\": null}"),
            step(
                "yangzhou",
                "present",
                "D-1",
                "{\"amount\": \"1.00\", \"documents\": [" + document("{}") + "]}"),
            step(
                "yangzhou",
                "present",
                "D-1",
                "{\"shipmentDate\": \"2026-03-01\", \"documents\": [" + document("{}") + "]}"),
            step(
                "yangzhou",
                "present",
                "D-1",
                "{\"amount\": \"1.00\", \"shipmentDate\": \"2026-03-01\", \"documents\": ["
                    + document("{}")
                    + ","
                    + document("{}")
                    + "]}"),
            present("D-1", "{}"),
            present("D-1", "{\"documentId\": \"inv-1\"}"),
            step(
                "shanghai",
                "examine",
                "D-1",
                "{\"presentationNo\": 1, \"result\": \"DISCREPANT\", \"discrepancies\": [\"  \", \"\u3000\"]}"),
            step(
                "shanghai",
                "examine",
                "D-1",
                "{\"presentationNo\": 1, \"result\": \"DISCREPANT\", \"discrepancies\": [\" weight differs \", \"\u3000late\"]}"),
            step(
                "shanghai",
                "refuse",
                "D-1",
                "{\"presentationNo\": 1, \"discrepancies\": [\"weight differs\"], \"documentDisposition\": \"HOLDING\"}"),
            step(
                "shanghai",
                "refuse",
                "D-1",
                "{\"presentationNo\": 1, \"discrepancies\": [\"late\", \"weight differs\\t\", \"\"], \"documentDisposition\": \"HOLDING\"}"),
            step(
                "shanghai",
                "pay",
                "D-1",
                "{\"presentationNo\": 2, \"amount\": \"100.00\", \"paymentReference\": \" \"}"),
            step(
                "shanghai", "examine", "D-1", "{\"presentationNo\": 2, \"result\": \"COMPLIANT\"}"),
            step(
                "shanghai",
                "pay",
                "D-1",
                "{\"presentationNo\": 2, \"amount\": \"100.00\", \"paymentReference\": \" \"}"),
            step("shanghai", "pay", "D-1", "{\"presentationNo\": 2, \"paymentReference\": \"P\"}"),
            step("shanghai", "close", "D-1", null),
            step("shanghai", "requestCancellation", "D-1", "{\"reason\": \"\u2003\"}"),
            step(
                "shanghai",
                "pay",
                "D-1",
                "{\"presentationNo\": 2, \"amount\": \"100.00\", \"paymentReference\": \"P-2\"}"),
            step("shanghai", "requestCancellation", "D-1", "{\"reason\": \"\u2003done\"}")),
        probe(
            "financing: rates, interest, forfaiting by a bank not yet party",
            issue("R-1", "{\"paymentTerms\": {\"type\": \"DEFERRED\", \"deferredDays\": 90}}"),
            step("yangzhou", "advise", "R-1", null),
            present("R-1", "{}"),
            step(
                "shanghai", "examine", "R-1", "{\"presentationNo\": 1, \"result\": \"COMPLIANT\"}"),
            step("shanghai", "acceptDeferred", "R-1", "{\"presentationNo\": 1}"),
            grant("R-1", "0"),
            grant("R-1", "-1"),
            grant("R-1", "100.0000001"),
            grant("R-1", "4.3500001"),
            grant("R-1", "1E+3"),
            step(
                "shanghai",
                "grantBuyerFinancing",
                "R-1",
                "{\"presentationNo\": 1, \"amount\": \"100.00\", \"dueDate\": \"2026-06-01\"}"),
            grant("R-1", "4.123456"),
            step(
                Instant.parse("2026-03-01T02:00:00Z"),
                "shanghai",
                "repayBuyerFinancing",
                "R-1",
                "{\"presentationNo\": 1, \"amount\": \"100.00\"}"),
            step(
                Instant.parse("2026-04-15T02:00:00Z"),
                "shanghai",
                "repayBuyerFinancing",
                "R-1",
                "{\"presentationNo\": 1, \"amount\": \"33.33\"}"),
            forfait("forfaiter", "R-1", "0.0000001"),
            forfait("yangzhou", "R-1", "0.0000001"),
            forfait("forfaiter", "R-1", "101"),
            forfait("forfaiter", "R-1", "0"),
            step("forfaiter", "advise", "R-1", null),
            step("forfaiter", "expire", "R-1", null),
            forfait("forfaiter", "R-1", "1"),
            step(
                "shanghai",
                "pay",
                "R-1",
                "{\"presentationNo\": 1, \"amount\": \"100.00\", \"paymentReference\": \"P\"}"),
            step("shanghai", "close", "R-1", null),
            step(
                "shanghai",
                "repayBuyerFinancing",
                "R-1",
                "{\"presentationNo\": 1, \"amount\": \"66.67\"}"),
            step("shanghai", "close", "R-1", null)));
  }

  private static ConformanceCase probe(String name, CaseStep... steps) {
    return new ConformanceCase("(probes)", name, List.of(steps));
  }

  private static CaseStep issue(String lc, String overrides) {
    ObjectNode terms = (ObjectNode) baseTerms().deepCopy();
    terms.put("lcNumber", lc);
    terms.setAll((ObjectNode) json(overrides));
    return new CaseStep(START, "shanghai", "issue", lc, terms, new Expect(null, null, null), null);
  }

  private static CaseStep amend(String lc, String changes) {
    return step("shanghai", "proposeAmendment", lc, "{\"changes\": " + changes + "}");
  }

  private static CaseStep answer(String lc, int amendmentNo, boolean accepted) {
    return step(
        "yangzhou",
        "answerAmendment",
        lc,
        "{\"amendmentNo\": " + amendmentNo + ", \"accepted\": " + accepted + "}");
  }

  private static CaseStep present(String lc, String documentOverrides) {
    return step(
        "yangzhou",
        "present",
        lc,
        "{\"amount\": \"100.00\", \"shipmentDate\": \"2026-03-01\", \"documents\": ["
            + document(documentOverrides)
            + "]}");
  }

  private static String document(String overrides) {
    ObjectNode d =
        (ObjectNode)
            json(
                "{\"documentId\": \"inv-1\", \"type\": \"INVOICE\", \"fileName\": \"invoice.pdf\","
                    + " \"mediaType\": \"application/pdf\", \"size\": 2048, \"sha256\": \""
                    + "a".repeat(64)
                    + "\", \"sm3\": \""
                    + "b".repeat(64)
                    + "\"}");
    d.setAll((ObjectNode) json(overrides));
    // a null here means "left out": the document has no such field
    List<String> leftOut = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : d.properties()) {
      if (field.getValue().isNull()) {
        leftOut.add(field.getKey());
      }
    }
    d.remove(leftOut);
    return d.toString();
  }

  private static CaseStep grant(String lc, String rate) {
    return step(
        "shanghai",
        "grantBuyerFinancing",
        lc,
        "{\"presentationNo\": 1, \"amount\": \"100.00\", \"annualRatePercent\": \""
            + rate
            + "\", \"dueDate\": \"2026-06-01\"}");
  }

  private static CaseStep forfait(String by, String lc, String rate) {
    return step(
        by,
        "forfait",
        lc,
        "{\"presentationNo\": 1, \"purchasePrice\": \"98.00\", \"discountRatePercent\": \""
            + rate
            + "\"}");
  }

  private static CaseStep step(String by, String step, String lc, String request) {
    return step(START, by, step, lc, request);
  }

  private static CaseStep step(Instant at, String by, String step, String lc, String request) {
    JsonNode body = request == null ? null : json(request);
    if (step.equals("issue") && body == null) {
      ObjectNode terms = (ObjectNode) baseTerms().deepCopy();
      terms.put("lcNumber", lc);
      body = terms;
    }
    return new CaseStep(at, by, step, lc, body, new Expect(null, null, null), null);
  }

  /** The terms the suite's cases issue, from its first case. */
  private static JsonNode baseTerms() {
    return ConformanceSuite.cases().get(0).steps().get(0).request();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
