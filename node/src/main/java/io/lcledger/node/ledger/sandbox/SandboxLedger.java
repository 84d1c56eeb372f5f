package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.contract.ContractCalls;
import io.lcledger.chaincode.contract.ContractCalls.Call;
import io.lcledger.chaincode.contract.StoredLcs;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.embedded.ContractInvoker;
import io.lcledger.chaincode.embedded.EmbeddedStub;
import io.lcledger.chaincode.embedded.EmbeddedWorld;
import io.lcledger.chaincode.embedded.WorldView;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.node.ledger.Followers;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.ledger.RequestKeys;
import io.lcledger.node.ledger.contract.ContractLedger;
import io.lcledger.node.ledger.contract.ContractReplies;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded sandbox ledger: the real chaincode classes run in-process against a world state
 * rebuilt from an append-only chain of signed transactions on disk. One process plays every
 * branch's peer, so every branch endorses every transaction; key-level policies are still checked
 * at commit. It is a development ledger, and says so.
 *
 * <p>Steps execute as a Fabric peer endorses, then commit as it validates: a step is signed and run
 * outside any lock against the world as it is, noting each key it reads; under the ledger's lock it
 * is applied only if every key it read still holds what it read (then it ran as if it ran now),
 * else it runs again under the lock. The lock is held for a check and an apply in memory, not for
 * the contract. Commits are grouped, as an orderer batches: one committer thread seals whatever is
 * queued into one block, appends it with one fsync, delivers its events and only then answers the
 * steps in it. A read runs without the lock and waits until everything it could have seen is on
 * disk, so nothing is ever shown that a crash could take back. A step's writes are laid over the
 * committed world ({@link PendingWorld}) and reach it only once their block is on disk, so the
 * committer snapshots the world to its file without stopping the steps.
 */
final class SandboxLedger implements ContractLedger, Ledger.Audit, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxLedger.class);
  private static final int MAX_TRANSACTIONS_PER_BLOCK = 256;
  // how often the world and indexes are snapshotted to disk, in blocks: a start replays fewer
  static final int SNAPSHOT_EVERY = 1_000;
  // blocks read, verified and applied together when a start replays the chain
  private static final int REPLAY_CHUNK = 512;

  private final SandboxIdentities identities;
  private final BlockStore store;
  private final int snapshotEvery;
  private final Clock clock;
  private final ContractInvoker contracts = new ContractInvoker();
  // the chain's indexes and the committed world (on disk, snapshotted): written by the committer
  // only, the indexes under this
  private final SandboxState state;
  private final EmbeddedWorld committed;
  // what steps read and write: the committed world with the executed steps' writes over it (written
  // under this)
  private final PendingWorld world;
  // keyed transactions taken and not yet on disk: a retry waits for the original's outcome
  private final Map<String, InFlight> inFlight = new HashMap<>();
  // transactions applied to the world so far; counted before each is applied, so that a read that
  // saw a transaction's writes then reads a count that includes it (written under this)
  private volatile long executed;
  private boolean closing; // once set, nothing more is queued: the committer stops after the rest

  private final BlockingQueue<Executed> toCommit = new LinkedBlockingQueue<>();
  private final Thread committer = new Thread(this::commitLoop, "sandbox-commit");
  // guarded by itself: how many executed transactions are on disk
  private final Object durability = new Object();
  private long durable;
  private volatile LedgerException.Unavailable broken;

  private final List<Consumer<LedgerEvent>> listeners = new CopyOnWriteArrayList<>();
  private final SecureRandom nonces = new SecureRandom();

  /** A transaction executed and laid over the world, waiting for its block to reach the disk. */
  private record Executed(
      Block.Tx tx,
      String payload,
      PendingWorld.Writes writes,
      LcEvent event,
      LetterOfCredit lc,
      CompletableFuture<Raw> outcome) {
    long sequence() {
      return writes.sequence();
    }
  }

  /** Queued by {@link #close()}: the committer writes what came before it, then stops. */
  private static final Executed STOP = new Executed(null, null, null, null, null, null);

  SandboxLedger(Path dataDir, Clock clock, List<String> genesisCalendars) throws IOException {
    this(dataDir, clock, genesisCalendars, false, SNAPSHOT_EVERY);
  }

  SandboxLedger(
      Path dataDir,
      Clock clock,
      List<String> genesisCalendars,
      boolean verifyAll,
      int snapshotEvery)
      throws IOException {
    this(
        dataDir,
        clock,
        genesisCalendars,
        new BlockStore(dataDir.resolve("ledger").resolve("blocks.jsonl")),
        verifyAll,
        snapshotEvery);
  }

  SandboxLedger(Path dataDir, Clock clock, List<String> genesisCalendars, BlockStore store)
      throws IOException {
    this(dataDir, clock, genesisCalendars, store, false, SNAPSHOT_EVERY);
  }

  /**
   * Opens the chain: the world and indexes as the last snapshot ({@code ledger/state.mv.db}) left
   * them, once the snapshot's last block is found unchanged on disk, then every block after it
   * replayed and verified (hash, link, signatures). {@code verifyAll} sets the snapshot aside and
   * verifies and replays the whole chain, as on the first start. A snapshot is taken every {@code
   * snapshotEvery} blocks (sooner if the changes it would write grow large), and at shutdown.
   */
  SandboxLedger(
      Path dataDir,
      Clock clock,
      List<String> genesisCalendars,
      BlockStore store,
      boolean verifyAll,
      int snapshotEvery)
      throws IOException {
    this(
        dataDir,
        clock,
        genesisCalendars,
        store,
        new SandboxState(store.file().resolveSibling("state.mv.db")),
        verifyAll,
        snapshotEvery);
  }

  SandboxLedger(
      Path dataDir,
      Clock clock,
      List<String> genesisCalendars,
      BlockStore store,
      SandboxState state,
      boolean verifyAll,
      int snapshotEvery)
      throws IOException {
    this.clock = clock;
    this.snapshotEvery = Math.max(1, snapshotEvery);
    this.store = store;
    this.state = state;
    try {
      this.identities = new SandboxIdentities(dataDir.resolve("identities"));
    } catch (IOException | RuntimeException e) {
      state.close();
      throw e;
    }
    this.committed = state.world();
    this.world = new PendingWorld(committed);
    try {
      replay(verifyAll);
    } catch (IOException | RuntimeException e) {
      state.close();
      store.close();
      throw e;
    }
    committer.setDaemon(true);
    committer.start();
    if (state.height() == 0) {
      genesis(genesisCalendars);
    }
    log.warn(
        "SANDBOX ledger (development only): {} blocks in {}; every branch runs in this process",
        state.height(),
        store.file());
  }

  /**
   * Brings the world up to the chain on disk, refusing a chain that was altered: the snapshot's
   * last block must be on disk unchanged, and each block after it must be intact, linked and
   * signed. Signatures are checked on every core, a chunk of blocks at a time.
   */
  private void replay(boolean verifyAll) throws IOException {
    if (verifyAll && state.height() > 0) {
      log.info("verifying the whole sandbox chain {} (the snapshot is set aside)", store.file());
      state.clear();
    }
    long offset = 0;
    if (state.height() > 0) {
      long last = state.height() - 1;
      SandboxState.Sealed sealed = state.block(last);
      Block onDisk;
      try {
        onDisk = store.read(sealed.position());
      } catch (IOException | RuntimeException e) {
        throw corrupt("it ends before block " + last + ", which its snapshot holds");
      }
      if (onDisk.number() != last
          || !onDisk.hashIsIntact()
          || !onDisk.hash().equals(sealed.hash())) {
        throw corrupt("block " + last + " is not the block that was snapshotted");
      }
      offset = sealed.position().offset() + sealed.position().length() + 1;
    }
    store.recover(
        offset,
        state.height(),
        REPLAY_CHUNK,
        chunk -> {
          boolean badSignature =
              chunk.parallelStream().anyMatch(b -> unsignedTransactionIn(b.block()) != null);
          for (BlockStore.Stored stored : chunk) {
            Block block = stored.block();
            String problem = linkProblemWith(block, state.height(), state.lastHash());
            if (problem == null && badSignature) {
              problem = unsignedTransactionIn(block);
            }
            if (problem != null) {
              throw corrupt(problem);
            }
            block.transactions().forEach(this::apply);
            state.index(block, stored.position());
            if (state.snapshotDue(snapshotEvery)) { // memory stays bounded on a long chain too
              state.snapshot();
            }
          }
        });
    if (state.height() > state.snapshotHeight()) {
      state.snapshot();
    }
  }

  private IllegalStateException corrupt(String problem) {
    return new IllegalStateException("sandbox ledger " + store.file() + " is corrupt: " + problem);
  }

  private static String problemWith(Block block, long expectedNumber, String expectedPrevious) {
    String problem = linkProblemWith(block, expectedNumber, expectedPrevious);
    return problem != null ? problem : unsignedTransactionIn(block);
  }

  private static String linkProblemWith(Block block, long expectedNumber, String expectedPrevious) {
    if (block.number() != expectedNumber) {
      return "block " + block.number() + " where " + expectedNumber + " was expected";
    }
    if (!block.previousHash().equals(expectedPrevious)) {
      return "block " + block.number() + " does not link to the block before it";
    }
    if (!block.hashIsIntact()) {
      return "block " + block.number() + " does not match its hash";
    }
    return null;
  }

  private static String unsignedTransactionIn(Block block) {
    for (Block.Tx tx : block.transactions()) {
      if (!SandboxIdentities.verify(tx.creatorCertificate(), tx.proposalBytes(), tx.signature())) {
        return "transaction " + tx.txId() + " in block " + block.number() + " has a bad signature";
      }
    }
    return null;
  }

  /** The LC as a transaction wrote it: what the step answered. */
  private static LetterOfCredit writtenLc(Block.Tx tx, String lcNumber) {
    Map<String, byte[]> written = new HashMap<>();
    tx.writes().stream()
        .filter(w -> w.value() != null)
        .forEach(w -> written.put(w.key(), Base64.getDecoder().decode(w.value())));
    return StoredLcs.leftBy(
            written::get,
            (collection, key) -> written.get(EmbeddedStub.privateKey(collection, key)),
            lcNumber)
        .orElseThrow(
            () ->
                new IllegalStateException("transaction " + tx.txId() + " wrote no LC " + lcNumber));
  }

  private void genesis(List<String> calendars) {
    String config =
        CanonicalJson.string(
            Map.of(
                "branches", SandboxIdentities.BRANCH_MSPS,
                "auditorMspIds", List.of(SandboxIdentities.AUDITOR_MSP),
                "adminMspIds",
                    List.copyOf(new java.util.TreeSet<>(SandboxIdentities.BRANCH_MSPS.values()))));
    commit(Member.ADMIN, null, null, null, Map.of(), "network:configure", config);
    for (String calendar : calendars) {
      commit(Member.ADMIN, null, null, null, Map.of(), "network:setCalendar", calendar);
    }
  }

  @Override
  public Committed submit(Member member, String lcNumber, Command command) {
    Call call = ContractCalls.step(lcNumber, command);
    String requestKey = RequestKeys.current().map(Block::sha256).orElse(null);
    String requestHash = requestKey == null ? null : RequestKeys.currentRequestHash().orElse(null);
    Raw raw =
        commit(
            member,
            lcNumber,
            requestKey,
            requestHash,
            call.transientData(),
            call.function(),
            call.argArray());
    LetterOfCredit lc = raw.lc() != null ? raw.lc() : ContractReplies.lc(raw.payload());
    return new Committed(lc, raw.event(), raw.tx());
  }

  /** What a committed transaction answered, the LC event it emitted (if any) and where it is. */
  private record Raw(String payload, LcEvent event, TxRef tx, LetterOfCredit lc) {}

  /** A keyed step taken and not yet on disk: its outcome, and the hash of its request. */
  private record InFlight(CompletableFuture<Raw> outcome, String requestHash) {}

  /**
   * Refuses a key that another request took: both hashes are known (a transaction written before
   * the hash was carried, or a caller that gave none, cannot tell, and is answered as a retry).
   */
  private static void sameRequest(String taken, String asked, String txId) {
    if (taken != null && asked != null && !taken.equals(asked)) {
      throw new LedgerException.KeyReused(txId);
    }
  }

  /**
   * Takes one step and waits until its block is on disk and its event delivered. A request key
   * already on the chain, or in flight, means a retry of a step that was taken (its answer lost to
   * a crash, say): the original outcome is answered again, and nothing runs; unless the key came
   * with another request, which is refused.
   */
  private Raw commit(
      Member member,
      String lcNumber,
      String requestKey,
      String requestHash,
      Map<String, byte[]> transientData,
      String function,
      String... args) {
    SandboxIdentities.Identity creator = identities.of(member);
    Instant timestamp = clock.instant();
    String txId = newTxId(creator);
    // the creator signs the proposal, which the results do not change: outside the lock
    String signature =
        creator.sign(
            new Block.Proposal(
                    txId,
                    creator.mspId(),
                    function,
                    List.of(args),
                    timestamp.toString(),
                    requestKey,
                    requestHash)
                .bytes());
    InFlight original;
    CompletableFuture<Raw> outcome = null;
    TxRef earlierAt = null;
    synchronized (this) {
      failIfUnavailable();
      // in flight until its event was delivered: a retry is answered no earlier than the original
      original = requestKey == null ? null : inFlight.get(requestKey);
      String earlier =
          requestKey == null || original != null ? null : state.transactionOf(requestKey);
      if (earlier != null) {
        earlierAt = new TxRef(earlier, state.blockOf(earlier));
      } else if (original == null) {
        outcome = new CompletableFuture<>();
        if (requestKey != null) {
          // taken from here on: a retry waits for this
          inFlight.put(requestKey, new InFlight(outcome, requestHash));
        }
      }
    }
    if (earlierAt != null) { // read back from disk, outside the lock
      Block.Tx tx = committedTx(earlierAt);
      sameRequest(tx.requestHash(), requestHash, tx.txId());
      return new Raw(null, lcEvent(tx).orElse(null), earlierAt, writtenLc(tx, lcNumber));
    }
    if (outcome == null) {
      sameRequest(original.requestHash(), requestHash, null);
      return outcomeOf(original.outcome());
    }
    try {
      Function<WorldView, Run> step =
          view ->
              Run.of(
                  run(view, creator, txId, timestamp, transientData, function, args),
                  creator,
                  signature,
                  requestKey,
                  requestHash);
      Reads reads = new Reads(world);
      Run ran = step.apply(reads);
      synchronized (this) {
        failIfUnavailable();
        if (!reads.stillHeldBy(world)) {
          ran = step.apply(world); // another step changed what this one read: again, held still
        }
        apply(ran, outcome);
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        if (requestKey != null) {
          inFlight.remove(requestKey, new InFlight(outcome, requestHash)); // equal to the one put
        }
      }
      outcome.completeExceptionally(e); // a retry waiting for it is answered the same
      throw e;
    }
    return outcomeOf(outcome);
  }

  /**
   * The world as one step's optimistic run reads it: each key read (value and key-level policy) and
   * what it held then. A range or a history read is not checked key by key: a step that reads one
   * runs again under the lock (steps read single keys; queries read ranges).
   */
  private static final class Reads implements WorldView {
    private final WorldView world;
    private final Map<String, byte[]> states = new HashMap<>();
    private final Map<String, byte[]> policies = new HashMap<>();
    private boolean unrepeatable;

    Reads(WorldView world) {
      this.world = world;
    }

    @Override
    public byte[] state(String key) {
      return noted(states, key, world.state(key));
    }

    @Override
    public byte[] policy(String key) {
      return noted(policies, key, world.policy(key));
    }

    @Override
    public Iterator<Map.Entry<String, byte[]>> stateFrom(String from) {
      unrepeatable = true;
      return world.stateFrom(from);
    }

    @Override
    public List<KeyModification> history(String key) {
      unrepeatable = true;
      return world.history(key);
    }

    private byte[] noted(Map<String, byte[]> seen, String key, byte[] value) {
      if (!seen.containsKey(key)) {
        seen.put(key, value);
      } else if (!Arrays.equals(seen.get(key), value)) {
        unrepeatable = true; // changed while this step ran
      }
      return value;
    }

    /** Whether {@code now} holds what was read: a run now would read, so do, the same. */
    boolean stillHeldBy(WorldView now) {
      if (unrepeatable) {
        return false;
      }
      for (Map.Entry<String, byte[]> read : states.entrySet()) {
        if (!Arrays.equals(now.state(read.getKey()), read.getValue())) {
          return false;
        }
      }
      for (Map.Entry<String, byte[]> read : policies.entrySet()) {
        if (!Arrays.equals(now.policy(read.getKey()), read.getValue())) {
          return false;
        }
      }
      return true;
    }
  }

  /** A committed transaction as its block on disk holds it. */
  private Block.Tx committedTx(TxRef at) {
    SandboxState.Sealed sealed;
    synchronized (this) {
      sealed = state.block(at.blockNumber());
    }
    try {
      return store.read(sealed.position()).transactions().stream()
          .filter(tx -> tx.txId().equals(at.txId()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("not in its block: " + at.txId()));
    } catch (IOException e) {
      throw new LedgerException.Unavailable("the sandbox chain cannot be read", e);
    }
  }

  /**
   * A step's run: its stub, its transaction as its block will hold it, its LC event, and the LC it
   * left (null if it emitted no event, or if this node cannot read that LC).
   */
  private record Run(EmbeddedStub stub, Block.Tx tx, LcEvent event, LetterOfCredit lc) {
    static Run of(
        EmbeddedStub stub,
        SandboxIdentities.Identity creator,
        String signature,
        String requestKey,
        String requestHash) {
      Block.Tx tx =
          new Block.Tx(
              stub.getTxId(),
              creator.mspId(),
              creator.certificatePem(),
              stub.getFunction(),
              stub.getParameters(),
              stub.getTxTimestamp().toString(),
              writes(stub.writes()),
              writes(stub.validationParameterWrites()),
              stub.getEvent() == null
                  ? null
                  : new Block.Event(
                      stub.getEvent().getEventName(), stub.getEvent().getPayload().toStringUtf8()),
              signature,
              requestKey,
              requestHash);
      LcEvent event = lcEvent(tx).orElse(null);
      // a step answers the LC it leaves: read here, once, for its caller and its event's consumers
      return new Run(stub, tx, event, event == null ? null : leftLc(stub, event.lcNumber()));
    }

    /**
     * The LC as the contract wrote it, handed over as the object its sealed bytes were made from
     * (every step that changes an LC writes it so); null otherwise, and then its caller and the
     * consumers read it as they would without it.
     */
    private static LetterOfCredit leftLc(EmbeddedStub stub, String lcNumber) {
      return stub.lcWritten(lcNumber).orElse(null);
    }
  }

  /**
   * Applies a step's writes to the world in memory and queues its transaction for its block; under
   * the lock. The key-level policies of the keys it writes are checked here, as a peer checks them
   * at commit.
   */
  private void apply(Run ran, CompletableFuture<Raw> outcome) {
    EmbeddedStub stub = ran.stub();
    if (!endorsementSatisfied(stub)) {
      throw new LedgerException.CommitFailed(
          LedgerException.CommitFailed.Reason.ENDORSEMENT_POLICY_FAILURE,
          "transaction " + stub.getTxId() + " was invalidated at commit",
          stub.getTxId());
    }
    long sequence = executed + 1;
    executed = sequence; // before the writes are visible to reads without the lock
    PendingWorld.Writes writes =
        new PendingWorld.Writes(
            sequence,
            stub.getTxId(),
            stub.getTxTimestamp(),
            stub.writes(),
            stub.validationParameterWrites());
    world.apply(writes);
    toCommit.add(new Executed(ran.tx(), stub.payload(), writes, ran.event(), ran.lc(), outcome));
  }

  private static Raw outcomeOf(CompletableFuture<Raw> outcome) {
    try {
      return outcome.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * The committer: seals what is queued into one block, appends it with one fsync, delivers its
   * events in commit order and answers its steps. A slow listener delays the next block, never the
   * execution of steps meanwhile, which then share that block.
   */
  private void commitLoop() {
    List<Executed> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(toCommit.take());
      } catch (InterruptedException e) {
        return;
      }
      toCommit.drainTo(batch, MAX_TRANSACTIONS_PER_BLOCK - 1);
      stopping = batch.remove(STOP);
      if (!batch.isEmpty()) {
        commitBlock(batch);
      }
      batch.clear();
    }
  }

  /**
   * Commits a batch, or refuses it once the ledger has stopped. Whatever fails on the way stops the
   * ledger and answers every step waiting (a world file that could not be written leaves its store
   * closed, and the next block's indexing fails): the committer itself never dies with steps
   * waiting on it.
   */
  private void commitBlock(List<Executed> batch) {
    LedgerException.Unavailable stopped = broken;
    if (stopped != null) { // steps queued before it stopped, as breakDown refuses those it finds
      batch.forEach(step -> step.outcome().completeExceptionally(stopped));
      return;
    }
    try {
      writeBlock(batch);
    } catch (RuntimeException e) {
      breakDown(batch, e);
    }
  }

  private void writeBlock(List<Executed> batch) {
    long number;
    String previous;
    synchronized (this) { // only this thread moves them on
      number = state.height();
      previous = state.lastHash();
    }
    // hashing every write of the batch: outside the lock, which steps wait for
    Block block = Block.seal(number, previous, batch.stream().map(Executed::tx).toList());
    BlockStore.Position position;
    try {
      position = store.append(block);
    } catch (IOException | RuntimeException e) {
      breakDown(batch, e);
      return;
    }
    long last = batch.get(batch.size() - 1).sequence();
    synchronized (this) {
      state.index(block, position);
      batch.forEach(step -> world.settle(step.writes()));
    }
    // only this thread writes the committed world and the indexes, so they now hold exactly what
    // the chain on disk leaves: written to their file while steps go on executing
    if (state.snapshotDue(snapshotEvery)) {
      try {
        state.snapshot();
      } catch (RuntimeException e) { // this block is on disk; the world file is in doubt
        log.error("sandbox ledger stopped: its snapshot could not be written", e);
        synchronized (this) {
          broken =
              new LedgerException.Unavailable(
                  "the sandbox ledger's snapshot could not be written; restart the node", e);
        }
      }
    }
    synchronized (durability) {
      durable = last;
      durability.notifyAll();
    }
    for (Executed step : batch) {
      TxRef tx = new TxRef(step.tx().txId(), block.number());
      if (step.event() != null) {
        deliver(new LedgerEvent(step.event(), tx, step.lc()));
      }
      step.outcome().complete(new Raw(step.payload(), step.event(), tx, step.lc()));
    }
    synchronized (this) {
      batch.stream()
          .map(step -> step.tx().requestKey())
          .filter(Objects::nonNull)
          .forEach(inFlight::remove);
    }
  }

  /**
   * The chain could not be written: the world in memory now holds steps that are not on disk, so
   * this ledger refuses everything until the node restarts and rebuilds it from the chain.
   */
  private void breakDown(List<Executed> batch, Exception cause) {
    LedgerException.Unavailable failure =
        new LedgerException.Unavailable(
            "the sandbox chain could not be written; restart the node", cause);
    log.error("sandbox ledger stopped: {} could not be written", store.file(), cause);
    broken = failure;
    batch.forEach(step -> step.outcome().completeExceptionally(failure));
    List<Executed> queued = new ArrayList<>();
    toCommit.drainTo(queued);
    queued.forEach(step -> step.outcome().completeExceptionally(failure));
    synchronized (durability) {
      durability.notifyAll();
    }
  }

  private void failIfBroken() {
    if (broken != null) {
      throw broken;
    }
  }

  private void failIfUnavailable() {
    failIfBroken();
    if (closing) {
      throw new LedgerException.Unavailable("the sandbox ledger is shutting down", null);
    }
  }

  /** Waits until the first {@code sequence} executed transactions are on disk. */
  private void awaitDurable(long sequence) {
    synchronized (durability) {
      while (durable < sequence) {
        failIfBroken();
        try {
          durability.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LedgerException.Unavailable(
              "interrupted while the sandbox chain was written", e);
        }
      }
    }
  }

  private static Optional<LcEvent> lcEvent(Block.Tx tx) {
    Block.Event event = tx.event();
    return event == null ? Optional.empty() : ContractReplies.event(event.name(), event.payload());
  }

  /** Delivers a committed event to the listeners (outbox, streams), on the committer's thread. */
  private void deliver(LedgerEvent event) {
    for (Consumer<LedgerEvent> listener : listeners) {
      Followers.deliver(listener, event);
    }
  }

  /** A query against the world state; answered once what it read is on disk. */
  @Override
  public String evaluate(Member member, Call call) {
    failIfBroken();
    SandboxIdentities.Identity creator = identities.of(member);
    String txId = newTxId(creator);
    Instant timestamp = clock.instant();
    String payload;
    try {
      payload =
          run(world, creator, txId, timestamp, Map.of(), call.function(), call.argArray())
              .payload();
    } catch (LedgerException.Rejected refused) {
      awaitDurable(executed);
      throw refused;
    }
    // read after the run: it counts every transaction whose writes the run could have seen
    awaitDurable(executed);
    return payload;
  }

  private EmbeddedStub run(
      WorldView view,
      SandboxIdentities.Identity creator,
      String txId,
      Instant timestamp,
      Map<String, byte[]> transientData,
      String function,
      String... args) {
    EmbeddedStub stub =
        new EmbeddedStub(
            view,
            txId,
            creator.serialized(),
            creator.mspId(),
            timestamp,
            function,
            List.of(args),
            transientData);
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

  /** A transaction into the world state, as recorded (values base64, null deletes). */
  private void apply(Block.Tx tx) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    tx.writes()
        .forEach(
            w ->
                writes.put(
                    w.key(), w.value() == null ? null : Base64.getDecoder().decode(w.value())));
    Map<String, byte[]> policies = new LinkedHashMap<>();
    tx.policies().forEach(p -> policies.put(p.key(), Base64.getDecoder().decode(p.value())));
    committed.apply(tx.txId(), Instant.parse(tx.timestamp()), writes, policies);
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
      Long block = state.blockOf(txId);
      if (block != null) {
        locations.add(new TxLocation(txId, block, state.block(block).hash()));
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
    TreeMap<Long, SandboxState.Sealed> committed = new TreeMap<>();
    long height;
    synchronized (this) {
      height = state.height();
      for (String txId : txIds) {
        Long block = state.blockOf(txId);
        if (block != null) {
          numbers.put(txId, block);
          for (long n = Math.max(0, block - 1); n <= Math.min(height - 1, block + 1); n++) {
            committed.put(n, state.block(n));
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
                    + " blocks in the chain)"
                : chainProblem));
    for (String txId : txIds) {
      Long n = numbers.get(txId);
      Block block = n == null ? null : onDisk.get(n);
      boolean same =
          block != null
              && block.transactions().stream().anyMatch(tx -> tx.txId().equals(txId))
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

  /** What is wrong with block {@code n} or its links to its neighbours on disk, or null. */
  private static String problemAround(
      long n,
      long height,
      Map<Long, SandboxState.Sealed> committed,
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

  /** The events of the blocks after {@code checkpoint}, read from disk, in order. */
  private List<LedgerEvent> eventsAfter(long checkpoint) {
    List<LedgerEvent> events = new ArrayList<>();
    long height;
    synchronized (this) {
      height = state.height();
    }
    for (long n = Math.max(0, checkpoint + 1); n < height; n++) {
      Block block;
      try {
        block = store.read(state.block(n).position());
      } catch (IOException e) {
        throw new LedgerException.Unavailable("the sandbox chain cannot be read", e);
      }
      for (Block.Tx tx : block.transactions()) {
        lcEvent(tx)
            .ifPresent(e -> events.add(new LedgerEvent(e, new TxRef(tx.txId(), block.number()))));
      }
    }
    return events;
  }

  @Override
  public boolean isAvailable() {
    return broken == null;
  }

  @Override
  public String mode() {
    return "sandbox";
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      closing = true;
      toCommit.add(STOP);
    }
    try {
      committer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      synchronized (this) {
        // the committer has stopped: the committed world holds every block on disk
        if (broken == null && !committer.isAlive()) {
          state.snapshot();
        }
      }
    } finally {
      state.close();
      store.close();
    }
  }
}
