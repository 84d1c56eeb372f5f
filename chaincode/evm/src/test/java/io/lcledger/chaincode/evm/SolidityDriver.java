package io.lcledger.chaincode.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.chaincode.conformance.ConformanceSuite;
import io.lcledger.chaincode.conformance.LedgerDriver;
import io.lcledger.chaincode.conformance.Outcome;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcStateMachine;
import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.domain.Step;
import io.lcledger.chaincode.domain.Subject;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ObjLongConsumer;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The Solidity contract as the conformance suite drives it: each case on a fresh deployment of
 * {@code LetterOfCreditAtTime} on a real chain, with the suite's branches, auditor and calendars.
 * Each domain command becomes the contract call a node would make, in the contract's encodings
 * (fen, day numbers, millionths of a percent); a value the encoding cannot hold is sent as one the
 * contract refuses at the very check, with the very code, that refuses it in Java.
 *
 * <p>A step is first called ({@code eth_call}), for a refusal's code: a mined transaction that
 * reverted carries no revert data. Only a step the call accepts is sent, and its outcome read from
 * its event; one that then reverts anyway fails the run.
 */
final class SolidityDriver implements LedgerDriver {
  static final String CONTRACT = "LetterOfCreditAtTime";
  static final List<String> BRANCHES = List.of("shanghai", "yangzhou", "forfaiter");
  static final String AUDITOR = "auditor";

  private final GethChain chain;
  private final Compiled compiled;
  private final ObjLongConsumer<Step> gasUsed;
  private final String address;
  private Instant time;
  private Instant timeSet;

  /** Deploys a fresh contract and sets up the suite's network on it. */
  SolidityDriver(GethChain chain, Compiled compiled, ObjLongConsumer<Step> gasUsed)
      throws Exception {
    this.chain = chain;
    this.compiled = compiled;
    this.gasUsed = gasUsed;
    Credentials admin = chain.account("admin");
    this.address = chain.deploy(admin, compiled.binary(), "");
    for (String branch : BRANCHES) {
      admin(
          "registerBranch", EvmCalls.str(branch), new Address(chain.account(branch).getAddress()));
    }
    admin("registerAuditor", new Address(chain.account(AUDITOR).getAddress()));
    for (String json : ConformanceSuite.calendars()) {
      YearCalendar calendar = CanonicalJson.read(json, YearCalendar.class);
      admin(
          "setCalendar",
          new Uint16(calendar.year()),
          days(calendar.holidays()),
          days(calendar.workingDays()));
    }
  }

  @Override
  public void at(Instant time) {
    this.time = Objects.requireNonNull(time, "time");
  }

  @Override
  public Outcome submit(String caller, String lcNumber, Command command) {
    try {
      String data = EvmCalls.encode(lcNumber, command);
      if (!time.equals(timeSet)) {
        admin("setTime", new Uint64(time.getEpochSecond()));
        timeSet = time;
      }
      Credentials from = chain.account(caller);
      GethChain.Call call = chain.call(from, address, data);
      if (call.reverted()) {
        return Outcome.refused(refusalCode(call.revertData()));
      }
      TransactionReceipt receipt = chain.send(from, address, data);
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException(
            command + " by " + caller + " passed eth_call but reverted mined: " + receipt);
      }
      Outcome outcome = outcome(receipt);
      gasUsed.accept(step(outcome.event(), lcNumber), receipt.getGasUsed().longValueExact());
      return outcome;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  private String call(String function, Type<?>... args) {
    return FunctionEncoder.encode(compiled.selector(function), List.of(args));
  }

  private static DynamicArray<Uint32> days(List<LocalDate> days) {
    return new DynamicArray<>(
        Uint32.class, days.stream().map(d -> new Uint32(d.toEpochDay())).toList());
  }

  // ---- what came of it

  private static String refusalCode(String revertData) {
    return EvmCalls.refusalCode(revertData)
        .orElseThrow(
            () -> new IllegalStateException("reverted without a Refused(code): " + revertData));
  }

  /** The outcome its one step event tells: the event, the status of what it acted on, the LC's. */
  private Outcome outcome(TransactionReceipt receipt) {
    Outcome outcome = null;
    for (Log log : receipt.getLogs()) {
      String event =
          log.getAddress().equalsIgnoreCase(address) && !log.getTopics().isEmpty()
              ? compiled.stepEvent(log.getTopics().get(0))
              : null;
      if (event == null) {
        continue;
      }
      if (outcome != null) {
        throw new IllegalStateException("two step events in " + receipt.getTransactionHash());
      }
      // every step event's data starts alike: lcNumber (offset), subjectNo, status, lcStatus
      String data = Numeric.cleanHexPrefix(log.getData());
      int status = word(data, 2).intValueExact();
      int lcStatus = word(data, 3).intValueExact();
      outcome =
          new Outcome(
              event,
              Compiled.subjectOf(event).states().get(status).name(),
              LcStatus.values()[lcStatus].name(),
              null);
    }
    if (outcome == null) {
      throw new IllegalStateException("no step event in " + receipt.getTransactionHash());
    }
    return outcome;
  }

  /** The step an event came of; PaymentMade is either payment, by the LC's payment type. */
  private Step step(String event, String lcNumber) throws IOException {
    List<Step> steps = Compiled.stepsOf(event);
    if (steps.size() == 1) {
      return steps.get(0);
    }
    GethChain.Call lc =
        chain.call(chain.account("admin"), address, EvmCalls.call("getLc", EvmCalls.str(lcNumber)));
    // getLc answers the Lc tuple, all static: its fifth word is the payment type
    boolean deferred = word(Numeric.cleanHexPrefix(lc.result()), 4).intValueExact() == 1;
    return deferred ? Step.PAY_AT_MATURITY : Step.PAY_AT_SIGHT;
  }

  private static BigInteger word(String hex, int index) {
    return new BigInteger(hex.substring(64 * index, 64 * (index + 1)), 16);
  }

  private void admin(String function, Type<?>... args) {
    try {
      TransactionReceipt receipt =
          chain.send(chain.account("admin"), address, call(function, args));
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException(function + " reverted: " + receipt);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /**
   * The contract as the build compiled it, with its library deployed once and linked in: its
   * functions' selectors and its step events, from its ABI.
   */
  record Compiled(String binary, Map<String, String> selectors, Map<String, String> stepEvents) {

    /** Deploys the libraries {@code CONTRACT} calls and links them into its binary. */
    static Compiled deploy(GethChain chain, Path directory) throws Exception {
      ObjectMapper json = new ObjectMapper();
      String binary = Files.readString(directory.resolve(CONTRACT + ".bin")).strip();
      Path links = directory.resolve(CONTRACT + ".links");
      if (Files.exists(links)) {
        for (Map.Entry<String, JsonNode> link : json.readTree(links.toFile()).properties()) {
          String library = chain.deployCompiled(chain.account("admin"), directory, link.getKey());
          binary =
              binary.replace(
                  link.getValue().asText(), Numeric.cleanHexPrefix(library).toLowerCase());
        }
      }
      Map<String, String> selectors = new HashMap<>();
      Map<String, String> stepEvents = new HashMap<>();
      for (JsonNode item : json.readTree(directory.resolve(CONTRACT + ".abi").toFile())) {
        String name = item.path("name").asText();
        String signature = EvmCalls.signature(item);
        switch (item.path("type").asText()) {
          case "function" -> selectors.put(name, Hash.sha3String(signature).substring(0, 10));
          case "event" -> {
            if (!stepsOf(name).isEmpty()) {
              stepEvents.put(Hash.sha3String(signature), name);
            }
          }
          default -> {
            // the constructor, errors
          }
        }
      }
      return new Compiled(binary, Map.copyOf(selectors), Map.copyOf(stepEvents));
    }

    String selector(String function) {
      String selector = selectors.get(function);
      if (selector == null) {
        throw new IllegalArgumentException("the contract has no function " + function);
      }
      return selector;
    }

    /** The step event a log's first topic names, or null. */
    String stepEvent(String topic) {
      return stepEvents.get(topic.toLowerCase());
    }

    /** The steps of the Java table that emit {@code event}. */
    static List<Step> stepsOf(String event) {
      List<Step> steps = new ArrayList<>();
      for (Step step : Step.values()) {
        if (LcStateMachine.rule(step).event().equals(event)) {
          steps.add(step);
        }
      }
      return steps;
    }

    /** What the steps emitting {@code event} act on first, whose status the event carries. */
    static Subject subjectOf(String event) {
      return LcStateMachine.rule(stepsOf(event).get(0)).targets().get(0).subject();
    }
  }
}
