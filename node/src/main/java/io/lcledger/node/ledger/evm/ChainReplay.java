package io.lcledger.node.ledger.evm;

import io.lcledger.chaincode.domain.BusinessCalendar;
import io.lcledger.chaincode.domain.Caller;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LcStateMachine;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.Outcome;
import io.lcledger.chaincode.domain.Situation;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.evm.EvmCalls;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * The LCs as the Java rules rebuild them from the chain: the contract keeps what its rules need, in
 * its own lean layout, while a node answers the domain's whole {@link LetterOfCredit}. So every
 * call the contract accepted (found by its step event's log) is read back into its command and
 * applied by {@link LcStateMachine}, as the same caller, at its block's time, with the network and
 * calendar the contract held then. The conformance suite proves both rule sets answer every step
 * alike; a step the chain took that the Java rules refuse is reported as the defect it would be.
 *
 * <p>Lock-free: each LC's versions, and the network, are immutable snapshots replaced by a newer
 * one; two readers racing replay the same blocks and keep the longer.
 */
final class ChainReplay {
  private static final int LC_CACHE = 10_000;
  private static final long LOG_WINDOW = 5_000;
  private static final List<String> NETWORK_TOPICS =
      List.of("BranchRegistered", "AuditorSet", "CalendarSet").stream()
          .map(EvmCalls::topic)
          .toList();

  private final Web3j web3j;
  private final String contract;
  private final long fromBlock;
  private final AtomicReference<Network> network;
  private final Map<String, Versions> lcs = leastRecentlyUsed(LC_CACHE);
  private final Map<Long, Instant> blockTimes = leastRecentlyUsed(LC_CACHE);

  ChainReplay(Web3j web3j, String contract, long fromBlock) {
    this.web3j = web3j;
    this.contract = contract;
    this.fromBlock = fromBlock;
    this.network = new AtomicReference<>(Network.EMPTY.upTo(fromBlock - 1));
  }

  /** A map that forgets its least recently used entry beyond {@code max}; safe across threads. */
  private static <K, V> Map<K, V> leastRecentlyUsed(int max) {
    return java.util.Collections.synchronizedMap(
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
          }
        });
  }

  /** One version of an LC: the step that wrote it, where, when, and the event it emitted. */
  record Version(String txId, long block, Instant timestamp, LetterOfCredit lc, LcEvent event) {}

  /** An LC's versions, oldest first, as replayed up to block {@code upTo}. */
  private record Versions(List<Version> versions, long upTo) {}

  // ---- LCs

  /** LC {@code lcNumber}'s versions up to block {@code head}; empty if it has none. */
  List<Version> versions(String lcNumber, long head) throws IOException {
    Versions known = lcs.getOrDefault(lcNumber, new Versions(List.of(), fromBlock - 1));
    if (known.upTo() >= head) {
      return cut(known.versions(), head);
    }
    Network net = network(head);
    List<Version> versions = new ArrayList<>(known.versions());
    LetterOfCredit lc = versions.isEmpty() ? null : versions.get(versions.size() - 1).lc();
    String lcKey = EvmCalls.lcKey(lcNumber);
    for (Log log : logs(known.upTo() + 1, head, null, lcKey)) {
      Optional<String> event = EvmCalls.event(log.getTopics().get(0));
      if (event.isEmpty() || !EvmCalls.isStepEvent(event.get())) {
        continue;
      }
      Version version = replay(net, lc, log, event.get());
      versions.add(version);
      lc = version.lc();
    }
    Versions replayed = new Versions(List.copyOf(versions), head);
    lcs.merge(lcNumber, replayed, (a, b) -> a.upTo() >= b.upTo() ? a : b);
    return replayed.versions();
  }

  /**
   * The version transaction {@code txId} wrote of LC {@code lcNumber}, replaying to {@code head}.
   */
  Optional<Version> version(String lcNumber, String txId, long head) throws IOException {
    for (Version v : versions(lcNumber, head)) {
      if (v.txId().equalsIgnoreCase(txId)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static List<Version> cut(List<Version> versions, long head) {
    int n = versions.size();
    while (n > 0 && versions.get(n - 1).block() > head) {
      n--;
    }
    return n == versions.size() ? versions : versions.subList(0, n);
  }

  /** Applies the call of the transaction {@code log} came of to {@code lc}, by the Java rules. */
  private Version replay(Network net, LetterOfCredit lc, Log log, String event) throws IOException {
    Transaction tx =
        web3j
            .ethGetTransactionByHash(log.getTransactionHash())
            .send()
            .getTransaction()
            .orElseThrow(
                () -> new IOException("the chain has no transaction " + log.getTransactionHash()));
    long block = log.getBlockNumber().longValueExact();
    Instant time = blockTime(block);
    EvmCalls.Call call = EvmCalls.decode(tx.getInput());
    String account = Keys.toChecksumAddress(tx.getFrom());
    String branch = net.branchOf(account);
    Caller caller = Caller.branch(branch, account);
    Outcome outcome;
    try {
      outcome =
          LcStateMachine.apply(
              new Situation<>(
                  lc,
                  call.command(),
                  caller,
                  time,
                  log.getTransactionHash(),
                  net.calendarAt(block),
                  net.branches()));
    } catch (LcException e) {
      throw new IllegalStateException(
          "the chain took a step the Java rules refuse ("
              + e.code()
              + ": "
              + e.getMessage()
              + ") in transaction "
              + log.getTransactionHash(),
          e);
    }
    if (!outcome.event().name().equals(event)) {
      throw new IllegalStateException(
          "transaction "
              + log.getTransactionHash()
              + " emitted "
              + event
              + " on the chain but "
              + outcome.event().name()
              + " by the Java rules");
    }
    return new Version(log.getTransactionHash(), block, time, outcome.lc(), outcome.event());
  }

  Instant blockTime(long number) throws IOException {
    Instant known = blockTimes.get(number);
    if (known != null) {
      return known;
    }
    EthBlock.Block block = block(number);
    Instant time = Instant.ofEpochSecond(block.getTimestamp().longValueExact());
    blockTimes.put(number, time);
    return time;
  }

  EthBlock.Block block(long number) throws IOException {
    EthBlock.Block block =
        web3j
            .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
            .send()
            .getBlock();
    if (block == null) {
      throw new IOException("the chain has no block " + number);
    }
    return block;
  }

  /** The contract's logs in blocks {@code from..to}, whose first topics are among {@code events} */
  List<Log> logs(long from, long to, List<String> events, String lcKey) throws IOException {
    List<Log> found = new ArrayList<>();
    for (long start = Math.max(from, fromBlock); start <= to; start += LOG_WINDOW) {
      long end = Math.min(to, start + LOG_WINDOW - 1);
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(start)),
              DefaultBlockParameter.valueOf(BigInteger.valueOf(end)),
              contract);
      if (events == null) {
        filter.addNullTopic();
      } else {
        filter.addOptionalTopics(events.toArray(String[]::new));
      }
      if (lcKey != null) {
        filter.addSingleTopic(lcKey);
      }
      EthLog answer = web3j.ethGetLogs(filter).send();
      if (answer.hasError()) {
        throw new IOException("eth_getLogs: " + answer.getError().getMessage());
      }
      for (EthLog.LogResult<?> result : answer.getLogs()) {
        Log log = (Log) result.get();
        if (!log.isRemoved() && !log.getTopics().isEmpty()) {
          found.add(log);
        }
      }
    }
    return found;
  }

  // ---- the network: branches, auditors, calendars

  /** The network as the contract held it at block {@code head}. */
  Network network(long head) throws IOException {
    Network known = network.get();
    if (known.upTo() >= head) {
      return known;
    }
    Network net = known;
    for (Log log : logs(known.upTo() + 1, head, NETWORK_TOPICS, null)) {
      net = net.with(EvmCalls.event(log.getTopics().get(0)).orElseThrow(), log);
    }
    Network replayed = net.upTo(head);
    return network.accumulateAndGet(replayed, (a, b) -> a.upTo() >= b.upTo() ? a : b);
  }

  /**
   * Who is who, and each year's calendars with the block each was set in (a step is decided on the
   * calendar of its own block).
   */
  record Network(
      Map<String, String> branchByAccount,
      Map<String, String> accountByBranch,
      Set<String> auditors,
      Map<Integer, TreeMap<Long, YearCalendar>> calendars,
      long upTo) {
    static final Network EMPTY = new Network(Map.of(), Map.of(), Set.of(), Map.of(), -1);

    Network upTo(long block) {
      return new Network(branchByAccount, accountByBranch, auditors, calendars, block);
    }

    Set<String> branches() {
      return accountByBranch.keySet();
    }

    /** The branch an account acts for, or null. */
    String branchOf(String account) {
      return branchByAccount.get(account.toLowerCase());
    }

    boolean isAuditor(String account) {
      return auditors.contains(account.toLowerCase());
    }

    BusinessCalendar calendarAt(long block) {
      return BusinessCalendar.loading(year -> calendarAt(year, block).orElse(null));
    }

    Optional<YearCalendar> calendarAt(int year, long block) {
      TreeMap<Long, YearCalendar> set = calendars.get(year);
      return Optional.ofNullable(set == null ? null : set.floorEntry(block))
          .map(Map.Entry::getValue);
    }

    Network with(String event, Log log) {
      List<String> topics = log.getTopics();
      long block = log.getBlockNumber().longValueExact();
      switch (event) {
        case "BranchRegistered" -> {
          // (uint16 indexed branch, string name, address account)
          List<Type<?>> values =
              EvmCalls.decodeValues(
                  log.getData(),
                  List.of(new TypeReference<Utf8String>() {}, new TypeReference<Address>() {}));
          String name = (String) values.get(0).getValue();
          String account = values.get(1).getValue().toString().toLowerCase();
          Map<String, String> byAccount = new HashMap<>(branchByAccount);
          Map<String, String> byBranch = new HashMap<>(accountByBranch);
          String previous = byBranch.put(name, account);
          if (previous != null) {
            byAccount.remove(previous);
          }
          byAccount.put(account, name);
          return new Network(
              Map.copyOf(byAccount), Map.copyOf(byBranch), auditors, calendars, upTo);
        }
        case "AuditorSet" -> {
          // (address indexed account, bool auditor)
          String account = "0x" + topics.get(1).substring(26).toLowerCase();
          boolean auditor =
              (Boolean)
                  EvmCalls.decodeValues(log.getData(), List.of(new TypeReference<Bool>() {}))
                      .get(0)
                      .getValue();
          Set<String> next = new java.util.HashSet<>(auditors);
          if (auditor) {
            next.add(account);
          } else {
            next.remove(account);
          }
          return new Network(branchByAccount, accountByBranch, Set.copyOf(next), calendars, upTo);
        }
        case "CalendarSet" -> {
          // (uint16 indexed year, uint32[] holidays, uint32[] workingDays)
          int year = new BigInteger(topics.get(1).substring(2), 16).intValueExact();
          List<Type<?>> values =
              EvmCalls.decodeValues(
                  log.getData(),
                  List.of(
                      new TypeReference<DynamicArray<Uint32>>() {},
                      new TypeReference<DynamicArray<Uint32>>() {}));
          YearCalendar calendar = new YearCalendar(year, days(values.get(0)), days(values.get(1)));
          Map<Integer, TreeMap<Long, YearCalendar>> next = new HashMap<>(calendars);
          TreeMap<Long, YearCalendar> years =
              new TreeMap<>(next.getOrDefault(year, new TreeMap<>()));
          years.put(block, calendar);
          next.put(year, years);
          return new Network(branchByAccount, accountByBranch, auditors, Map.copyOf(next), upTo);
        }
        default -> {
          return this;
        }
      }
    }

    @SuppressWarnings("unchecked")
    private static List<LocalDate> days(Type<?> array) {
      return ((List<Uint32>) array.getValue())
          .stream().map(d -> LocalDate.ofEpochDay(d.getValue().longValueExact())).toList();
    }
  }
}
