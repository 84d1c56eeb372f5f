package io.lcledger.chaincode.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcledger.chaincode.conformance.ConformanceCase.CaseStep;
import io.lcledger.chaincode.conformance.ConformanceCase.Expect;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shared conformance suite: the cases under {@code conformance/} on the classpath (listed in
 * {@code conformance/index.txt}), and the runner that takes them through a {@link LedgerDriver}.
 * Requests are read into the domain's commands here, once for every driver, so a request the domain
 * refuses while it is read is refused alike on every ledger.
 */
public final class ConformanceSuite {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");

  /** Each command type by its step name: {@code Command.Present} is {@code present}. */
  private static final Map<String, Class<?>> COMMANDS =
      Arrays.stream(Command.class.getPermittedSubclasses())
          .collect(Collectors.toMap(Command::nameOf, Function.identity()));

  private ConformanceSuite() {}

  /**
   * The business calendars a driver sets before the first step, as the admin sets them ({@code
   * YearCalendar} JSON): test data, with a holiday and a 调休 working day, not the official list.
   */
  public static List<String> calendars() {
    return List.of(read("conformance/calendar-2026.json"));
  }

  /** Every case of every file in the index, in order. */
  public static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (String file : read("conformance/index.txt").lines().map(String::strip).toList()) {
      if (!file.isEmpty() && !file.startsWith("#") && !file.startsWith("calendar-")) {
        cases.addAll(casesOf(file));
      }
    }
    return cases;
  }

  static List<ConformanceCase> casesOf(String file) {
    try {
      JsonNode root = JSON.readTree(read("conformance/" + file));
      ObjectNode terms = (ObjectNode) root.required("terms");
      List<ConformanceCase> cases = new ArrayList<>();
      for (JsonNode c : root.required("cases")) {
        List<CaseStep> steps = new ArrayList<>();
        Instant at = START;
        for (JsonNode s : c.required("steps")) {
          if (s.hasNonNull("at")) {
            at = Instant.parse(s.get("at").asText());
          }
          String step = s.required("step").asText();
          if (!COMMANDS.containsKey(step)) {
            throw new IllegalArgumentException(file + ": no step " + step);
          }
          JsonNode request = s.get("request");
          if (step.equals("issue")) {
            ObjectNode issued = terms.deepCopy();
            issued.put("lcNumber", s.required("lc").asText());
            if (request != null) {
              issued.setAll((ObjectNode) request);
            }
            request = issued;
          }
          JsonNode expect = s.get("expect");
          String refused = s.hasNonNull("refused") ? s.get("refused").asText() : null;
          if ((expect == null) == (refused == null)) {
            throw new IllegalArgumentException(
                file + ": each step expects an outcome or a refusal: " + s);
          }
          steps.add(
              new CaseStep(
                  at,
                  s.required("by").asText(),
                  step,
                  s.required("lc").asText(),
                  request,
                  expect == null ? null : JSON.treeToValue(expect, Expect.class),
                  refused));
        }
        cases.add(new ConformanceCase(file, c.required("name").asText(), List.copyOf(steps)));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read conformance/" + file, e);
    }
  }

  /** Runs one case on {@code driver}; the answer lists each difference, empty when it conforms. */
  public static List<String> run(ConformanceCase c, LedgerDriver driver) {
    List<String> differences = new ArrayList<>();
    int n = 0;
    for (CaseStep step : c.steps()) {
      n++;
      Outcome outcome;
      try {
        Command command = command(step);
        driver.at(step.at());
        outcome = driver.submit(step.by(), step.lc(), command);
      } catch (LcException refusedAsRead) {
        outcome = Outcome.refused(refusedAsRead.code().name());
      }
      String difference = differs(step, outcome);
      if (difference != null) {
        differences.add(
            c.file()
                + " / "
                + c.name()
                + " / step "
                + n
                + " ("
                + step.describe()
                + "): "
                + difference);
      }
    }
    return differences;
  }

  /** The step's request as its command, read as every ledger's node reads it. */
  static Command command(CaseStep step) {
    Class<?> type = COMMANDS.get(step.step());
    if (step.step().equals("issue")) {
      return new Command.Issue(CanonicalJson.read(step.request().toString(), LcTerms.class));
    }
    String json = step.request() == null ? "{}" : step.request().toString();
    return (Command) CanonicalJson.read(json, type);
  }

  private static String differs(CaseStep step, Outcome outcome) {
    if (step.refused() != null) {
      return step.refused().equals(outcome.code())
          ? null
          : "expected a refusal with " + step.refused() + ", got " + outcome;
    }
    if (!outcome.isCommitted()) {
      return "expected it to commit, got " + outcome;
    }
    Expect e = step.expect();
    boolean same =
        (e.event() == null || e.event().equals(outcome.event()))
            && (e.status() == null || e.status().equals(outcome.status()))
            && (e.lc() == null || e.lc().equals(outcome.lcStatus()));
    return same ? null : "expected " + e + ", got " + outcome;
  }

  private static String read(String resource) {
    try (InputStream in =
        Objects.requireNonNull(
            ConformanceSuite.class.getClassLoader().getResourceAsStream(resource),
            "no resource " + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
