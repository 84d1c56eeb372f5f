package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.contract.ContractCalls;
import io.lcledger.chaincode.contract.ContractCalls.Call;
import io.lcledger.chaincode.contract.LedgerKeys;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.embedded.ContractInvoker;
import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.embedded.EmbeddedWorld;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.ledger.RequestKeys;
import io.lcledger.node.ledger.contract.ContractLedger;
import io.lcledger.node.ledger.contract.ContractReplies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded sandbox ledger: the real chaincode classes run in-process against a world state
 * rebuilt from an append-only chain of signed transactions on disk. One process plays every
 * branch's peer, so every branch endorses every transaction; key-level policies are still checked
 * at commit. It is a development ledger, and says so.
 */
final class SandboxLedger implements ContractLedger, Ledger.Audit, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxLedger.class);

  private final SandboxIdentities identities;
  private final BlockStore store;
  private final Clock clock;
  private final ContractInvoker contracts = new ContractInvoker();
  private final EmbeddedWorld world = new EmbeddedWorld();
  private final List<Block> blocks = new ArrayList<>();
  private final List<BlockStore.Position> positions = new ArrayList<>();
  private final Map<String, Block> byTxId = new HashMap<>();
  // the first transaction of each idempotency key (its hash), rebuilt from the chain on start
  private final Map<String, Block> byRequestKey = new HashMap<>();
  private final List<Consumer<LedgerEvent>> listeners = new CopyOnWriteArrayList<>();
  // committed events wait here, in commit order, to be delivered outside the ledger's lock
  private final Queue<LedgerEvent> undelivered = new ConcurrentLinkedQueue<>();
  private final Object delivering = new Object();
  private final SecureRandom nonces = new SecureRandom();

  SandboxLedger(Path dataDir, Clock clock, List<String> genesisCalendars) throws IOException {
    this(
        dataDir,
        clock,
        genesisCalendars,
        new BlockStore(dataDir.resolve("ledger").resolve("blocks.jsonl")));
  }

  SandboxLedger(Path dataDir, Clock clock, List<String> genesisCalendars, BlockStore store)
      throws IOException {
    this.clock = clock;
    this.identities = new SandboxIdentities(dataDir.resolve("identities"));
    this.store = store;
    replay();
    if (blocks.isEmpty()) {
      genesis(genesisCalendars);
    }
    log.warn(
        "SANDBOX ledger (development only): {} blocks in {}; every branch runs in this process",
        blocks.size(),
        store.file());
  }

  /** Rebuilds the state from disk, refusing a chain that was altered. */
  private void replay() throws IOException {
    String previous = Block.GENESIS_PREVIOUS;
    for (BlockStore.Stored stored : store.recover()) {
      Block block = stored.block();
      String problem = problemWith(block, blocks.size(), previous);
      if (problem != null) {
        throw new IllegalStateException(
            "sandbox ledger " + store.file() + " is corrupt: " + problem);
      }
      index(block, stored.position());
      previous = block.hash();
    }
  }

  private static String problemWith(Block block, long expectedNumber, String expectedPrevious) {
    if (block.number() != expectedNumber) {
      return "block " + block.number() + " where " + expectedNumber + " was expected";
    }
    if (!block.previousHash().equals(expectedPrevious)) {
      return "block " + block.number() + " does not link to the block before it";
    }
    if (!block.hashIsIntact()) {
      return "block " + block.number() + " does not match its hash";
    }
    Block.Tx tx = block.tx();
    if (!SandboxIdentities.verify(tx.creatorCertificate(), tx.proposalBytes(), tx.signature())) {
      return "transaction " + tx.txId() + " in block " + block.number() + " has a bad signature";
    }
    return null;
  }

  private void index(Block block, BlockStore.Position position) {
    apply(block);
    blocks.add(block);
    positions.add(position);
    byTxId.put(block.tx().txId(), block);
    if (block.tx().requestKey() != null) {
      byRequestKey.putIfAbsent(block.tx().requestKey(), block);
    }
  }

  /** The LC as a block wrote it: what the step answered. */
  private static String writtenLc(Block block, String lcNumber) {
    String key = new CompositeKey(LedgerKeys.LC, lcNumber).toString();
    return block.tx().writes().stream()
        .filter(w -> w.key().equals(key) && w.value() != null)
        .findFirst()
        .map(w -> new String(Base64.getDecoder().decode(w.value()), StandardCharsets.UTF_8))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "transaction " + block.tx().txId() + " wrote no LC " + lcNumber));
  }

  private void genesis(List<String> calendars) {
    String config =
        CanonicalJson.string(
            Map.of(
                "branches", SandboxIdentities.BRANCH_MSPS,
                "auditorMspIds", List.of(SandboxIdentities.AUDITOR_MSP),
                "adminMspIds",
                    List.copyOf(new java.util.TreeSet<>(SandboxIdentities.BRANCH_MSPS.values()))));
    commit(Member.ADMIN, "network:configure", config);
    for (String calendar : calendars) {
      commit(Member.ADMIN, "network:setCalendar", calendar);
    }
    deliverEvents();
  }

  @Override
  public Committed submit(Member member, String lcNumber, Command command) {
    Call call = ContractCalls.step(lcNumber, command);
    String requestKey = RequestKeys.current().map(Block::sha256).orElse(null);
    Raw raw = commit(member, lcNumber, requestKey, call.function(), call.argArray());
    deliverEvents();
    LetterOfCredit lc = ContractReplies.lc(raw.payload());
    return new Committed(lc, raw.event(), raw.tx());
  }

  /** What a committed transaction answered, the LC event it emitted (if any) and where it is. */
  private record Raw(String payload, LcEvent event, TxRef tx) {}

  private Raw commit(Member member, String function, String... args) {
    return commit(member, null, null, function, args);
  }

  /**
   * Runs and appends one transaction. A request key already on the chain means a retry of a step
   * that was taken (its answer lost to a crash, say): the original outcome is answered again, and
   * nothing runs.
   */
  private synchronized Raw commit(
      Member member, String lcNumber, String requestKey, String function, String... args) {
    Block earlier = requestKey == null ? null : byRequestKey.get(requestKey);
    if (earlier != null) {
      return new Raw(
          writtenLc(earlier, lcNumber),
          lcEvent(earlier).orElse(null),
          new TxRef(earlier.tx().txId(), earlier.number()));
    }
    SandboxIdentities.Identity creator = identities.of(member);
    Instant timestamp = clock.instant();
    String txId = newTxId(creator);
    EmbeddedStub stub = run(creator, txId, timestamp, function, args);
    if (!endorsementSatisfied(stub)) {
      throw new LedgerException.CommitFailed(
          LedgerException.CommitFailed.Reason.ENDORSEMENT_POLICY_FAILURE,
          "transaction " + txId + " was invalidated at commit",
          txId);
    }
    Block.Tx unsigned =
        new Block.Tx(
            txId,
            creator.mspId(),
            creator.certificatePem(),
            function,
            List.of(args),
            timestamp.toString(),
            writes(stub.writes()),
            writes(stub.validationParameterWrites()),
            stub.getEvent() == null
                ? null
                : new Block.Event(
                    stub.getEvent().getEventName(), stub.getEvent().getPayload().toStringUtf8()),
            null,
            requestKey);
    Block.Tx signed =
        new Block.Tx(
            unsigned.txId(),
            unsigned.mspId(),
            unsigned.creatorCertificate(),
            unsigned.function(),
            unsigned.args(),
            unsigned.timestamp(),
            unsigned.writes(),
            unsigned.policies(),
            unsigned.event(),
            creator.sign(unsigned.proposalBytes()),
            unsigned.requestKey());
    String previous =
        blocks.isEmpty() ? Block.GENESIS_PREVIOUS : blocks.get(blocks.size() - 1).hash();
    Block block = Block.seal(blocks.size(), previous, signed);
    BlockStore.Position position;
    try {
      position = store.append(block);
    } catch (IOException e) {
      throw new LedgerException.Unavailable("cannot append to the sandbox chain", e);
    }
    index(block, position);
    TxRef tx = new TxRef(txId, block.number());
    LcEvent event = lcEvent(block).orElse(null);
    if (event != null) {
      undelivered.add(new LedgerEvent(event, tx));
    }
    return new Raw(stub.payload(), event, tx);
  }

  private static Optional<LcEvent> lcEvent(Block block) {
    Block.Event event = block.tx().event();
    return event == null ? Optional.empty() : ContractReplies.event(event.name(), event.payload());
  }

  /**
   * Delivers committed events to the listeners (outbox, streams), in commit order, outside the
   * ledger's lock: a slow listener delays no other transaction. A step is answered only once its
   * event was delivered, by this thread or by the one delivering before it.
   */
  private void deliverEvents() {
    synchronized (delivering) {
      for (LedgerEvent event = undelivered.poll(); event != null; event = undelivered.poll()) {
        for (Consumer<LedgerEvent> listener : listeners) {
          try {
            listener.accept(event);
          } catch (RuntimeException e) {
            log.error("event listener failed on {}", event.event().name(), e);
          }
        }
      }
    }
  }

  @Override
  public synchronized String evaluate(Member member, Call call) {
    SandboxIdentities.Identity creator = identities.of(member);
    return run(creator, newTxId(creator), clock.instant(), call.function(), call.argArray())
        .payload();
  }

  private EmbeddedStub run(
      SandboxIdentities.Identity creator,
      String txId,
      Instant timestamp,
      String function,
      String... args) {
    EmbeddedStub stub =
        new EmbeddedStub(
            world, txId, creator.serialized(), creator.mspId(), timestamp, function, List.of(args));
    try {
      stub.payload(contracts.invoke(stub, function, args));
      return stub;
    } catch (ChaincodeException e) {
      throw LedgerException.Rejected.fromMessage(e.getMessage(), txId);
    }
  }

  /** Every branch's peer endorses in the sandbox; a key-level policy naming anyone else fails. */
  private boolean endorsementSatisfied(EmbeddedStub stub) {
    return world.endorsedEnough(stub, Set.copyOf(SandboxIdentities.BRANCH_MSPS.values()));
  }

  /** A block's transaction into the world state, as recorded (values base64, null deletes). */
  private void apply(Block block) {
    Block.Tx tx = block.tx();
    Map<String, byte[]> writes = new LinkedHashMap<>();
    tx.writes()
        .forEach(
            w ->
                writes.put(
                    w.key(), w.value() == null ? null : Base64.getDecoder().decode(w.value())));
    Map<String, byte[]> policies = new LinkedHashMap<>();
    tx.policies().forEach(p -> policies.put(p.key(), Base64.getDecoder().decode(p.value())));
    world.apply(tx.txId(), Instant.parse(tx.timestamp()), writes, policies);
  }

  private static List<Block.Write> writes(Map<String, byte[]> writes) {
    List<Block.Write> list = new ArrayList<>();
    writes.forEach(
        (key, value) ->
            list.add(
                new Block.Write(
                    key, value == null ? null : Base64.getEncoder().encodeToString(value))));
    return list;
  }

  private String newTxId(SandboxIdentities.Identity creator) {
    byte[] nonce = new byte[24];
    nonces.nextBytes(nonce);
    return Block.sha256(HexFormat.of().formatHex(nonce) + creator.certificatePem());
  }

  @Override
  public Optional<Audit> audit() {
    return Optional.of(this);
  }

  @Override
  public synchronized List<TxLocation> locate(List<String> txIds) {
    List<TxLocation> locations = new ArrayList<>();
    for (String txId : txIds) {
      Block block = byTxId.get(txId);
      if (block != null) {
        locations.add(new TxLocation(txId, block.number(), block.hash()));
      }
    }
    return locations;
  }

  /**
   * Verifies these transactions against the chain as it is on disk now, so a file altered since
   * start is caught. Only the transactions' own blocks and their neighbours are read, by their
   * recorded positions, and without the ledger's lock: each block must be intact, signed, equal to
   * what was committed, and linked to the block before it and by the block after it. The whole
   * chain is verified at every start; re-reading all of it for one LC would grow with the chain.
   */
  @Override
  public List<Check> verify(List<String> txIds) {
    Map<String, Long> numbers = new LinkedHashMap<>();
    TreeMap<Long, Sealed> committed = new TreeMap<>();
    long height;
    synchronized (this) {
      height = blocks.size();
      for (String txId : txIds) {
        Block block = byTxId.get(txId);
        if (block != null) {
          numbers.put(txId, block.number());
          for (long n = Math.max(0, block.number() - 1);
              n <= Math.min(height - 1, block.number() + 1);
              n++) {
            committed.put(n, new Sealed(blocks.get((int) n).hash(), positions.get((int) n)));
          }
        }
      }
    }
    Map<Long, Block> onDisk = new HashMap<>();
    Map<Long, String> unreadable = new HashMap<>();
    committed.forEach(
        (n, c) -> {
          try {
            onDisk.put(n, store.read(c.position()));
          } catch (IOException | RuntimeException e) {
            unreadable.put(n, "block " + n + " cannot be read: " + e.getMessage());
          }
        });
    String chainProblem = null;
    for (long n : new TreeSet<>(numbers.values())) {
      chainProblem = problemAround(n, height, committed, onDisk, unreadable);
      if (chainProblem != null) {
        break;
      }
    }
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            "block hash chain",
            chainProblem == null,
            chainProblem == null
                ? numbers.size()
                    + " blocks of this LC intact, signed and linked to their neighbours ("
                    + height
                    + " blocks in the chain, all verified at start)"
                : chainProblem));
    for (String txId : txIds) {
      Long n = numbers.get(txId);
      Block block = n == null ? null : onDisk.get(n);
      boolean same =
          block != null
              && block.tx().txId().equals(txId)
              && block.hash().equals(committed.get(n).hash());
      checks.add(
          new Check(
              "transaction " + txId + " in its block",
              same,
              n == null
                  ? "not found in the chain"
                  : same ? "in block " + n : "block " + n + " differs from what was committed"));
    }
    return checks;
  }

  /** A block's hash as committed and where it is on disk. */
  private record Sealed(String hash, BlockStore.Position position) {}

  /** What is wrong with block {@code n} or its links to its neighbours on disk, or null. */
  private static String problemAround(
      long n,
      long height,
      Map<Long, Sealed> committed,
      Map<Long, Block> onDisk,
      Map<Long, String> unreadable) {
    for (long m = Math.max(0, n - 1); m <= Math.min(height - 1, n + 1); m++) {
      if (unreadable.containsKey(m)) {
        return unreadable.get(m);
      }
    }
    Block block = onDisk.get(n);
    String previous = n == 0 ? Block.GENESIS_PREVIOUS : committed.get(n - 1).hash();
    String problem = problemWith(block, n, previous);
    if (problem != null) {
      return problem;
    }
    if (!block.hash().equals(committed.get(n).hash())) {
      return "block " + n + " differs from what was committed";
    }
    if (n > 0) {
      Block before = onDisk.get(n - 1);
      if (!before.hashIsIntact() || !before.hash().equals(previous)) {
        return "block " + (n - 1) + ", which block " + n + " links to, was altered";
      }
    }
    if (n + 1 < height && !onDisk.get(n + 1).previousHash().equals(block.hash())) {
      return "block " + (n + 1) + " no longer links to block " + n;
    }
    return null;
  }

  @Override
  public void follow(long checkpoint, Consumer<LedgerEvent> listener) {
    listeners.add(listener); // first, so that nothing committed meanwhile is missed
    eventsAfter(checkpoint).forEach(listener);
  }

  private synchronized List<LedgerEvent> eventsAfter(long checkpoint) {
    List<LedgerEvent> events = new ArrayList<>();
    int from = (int) Math.max(0, Math.min(blocks.size(), checkpoint + 1));
    for (Block block : blocks.subList(from, blocks.size())) {
      lcEvent(block)
          .ifPresent(
              e -> events.add(new LedgerEvent(e, new TxRef(block.tx().txId(), block.number()))));
    }
    return events;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public String mode() {
    return "sandbox";
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
