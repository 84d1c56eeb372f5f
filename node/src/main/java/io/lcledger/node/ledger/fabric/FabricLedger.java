package io.lcledger.node.ledger.fabric;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.lcledger.chaincode.contract.ContractCalls;
import io.lcledger.chaincode.contract.ContractCalls.Call;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcEvent;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.node.ledger.Followers;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.ledger.PreparedTransactions;
import io.lcledger.node.ledger.RequestKeys;
import io.lcledger.node.ledger.contract.ContractLedger;
import io.lcledger.node.ledger.contract.ContractReplies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fabric adapter: the branch's own peer through the Fabric Gateway, one gateway per identity
 * the node signs as (its branch, and the auditor on an auditor's node). A step is endorsed,
 * submitted and awaited by its commit status; an MVCC read conflict is retried with a fresh
 * transaction, a bounded number of times; a commit status that cannot be had is reported with the
 * transaction id, never resubmitted blindly: a step with an idempotency key keeps its prepared
 * transaction first, and a retry looks that transaction up by its id. Events come from the peer's
 * own blocks.
 *
 * <p>The terms of an LC are private data of its banks: a step's request travels in the proposal's
 * transient field, goes to the peers of the organisations the LC's key-level policy names (its
 * banks, which hold the terms) and to no other, and the LC it left is read back from this node's
 * own peer, once that peer holds the new version; the node's read model takes that same read
 * ({@link #readAfterCommit}) instead of asking the peer again.
 */
final class FabricLedger implements ContractLedger, Ledger.Audit, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FabricLedger.class);

  private final ManagedChannel channel;
  private final Map<String, Gateway> gateways;
  private final FabricProperties properties;
  private final FabricBlocks blocks;
  private final PreparedTransactions prepared;
  private final Followers followers = new Followers("fabric-events");
  // an LC's endorsing organisations never change: its key-level policy is set when it is issued
  private final Cache<String, List<String>> endorsers =
      Caffeine.newBuilder().maximumSize(10_000).build();
  private volatile Map<String, String> mspOfBranch = Map.of();
  // the LC each of this node's steps left, as the step reads it back after its commit, by
  // transaction id: the consumer of events takes it (readAfterCommit), so one read serves both
  private final Cache<String, CompletableFuture<LetterOfCredit>> readsAfterCommit =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();
  private volatile boolean closed;

  /** {@code gateways}: by member name ({@code auditor}, or a branch). */
  FabricLedger(
      ManagedChannel channel,
      Map<String, Gateway> gateways,
      FabricProperties properties,
      PreparedTransactions prepared) {
    this.channel = channel;
    this.gateways = Map.copyOf(gateways);
    this.properties = properties;
    this.blocks = new FabricBlocks(properties.channel());
    this.prepared = prepared;
  }

  // ---- steps

  @Override
  public Committed submit(Member member, String lcNumber, Command command) {
    Call call = ContractCalls.step(lcNumber, command);
    Contract contract = contract(member);
    Optional<String> key = RequestKeys.current();
    // a transaction prepared under the same key before (a retry, perhaps after a crash)
    Transaction tx = key.flatMap(prepared::find).map(bytes -> restored(member, bytes)).orElse(null);
    byte[] lost = null; // the transaction kept under the key that lost an MVCC race, if one did
    for (int attempt = 0; ; attempt++) {
      if (tx == null) {
        tx = endorse(member, contract, call, endorsingOrganisations(member, lcNumber, command));
        byte[] bytes = tx.getBytes();
        if (key.isPresent()) {
          byte[] kept = prepared.keep(key.get(), lost, bytes);
          if (!Arrays.equals(kept, bytes)) { // another node of the branch prepared it first
            tx = restored(member, kept);
            continue;
          }
        }
      } else {
        Optional<FabricBlocks.Outcome> known = blocks.outcomeOf(qscc(), tx.getTransactionId());
        if (known.isPresent()) {
          Optional<Committed> done = settled(member, lcNumber, tx, known.get(), attempt);
          if (done.isPresent()) {
            return done.get();
          }
          lost = tx.getBytes();
          tx = null; // lost an MVCC race: a fresh transaction
          continue;
        }
        // not on this peer's ledger (yet): sending the very same envelope again is safe
      }
      CompletableFuture<LetterOfCredit> read =
          readsAfterCommit.get(tx.getTransactionId(), id -> new CompletableFuture<>());
      try {
        Optional<Committed> done = submitOnce(member, lcNumber, tx, attempt);
        if (done.isPresent()) {
          read.complete(done.get().lc());
          return done.get();
        }
      } finally {
        read.complete(null); // no read for the consumer of events: it asks the ledger itself
      }
      lost = tx.getBytes();
      tx = null;
    }
  }

  /**
   * Sends a prepared transaction to the orderers and waits for its commit status: the step
   * committed, or empty when it lost an MVCC race that a fresh transaction may retry.
   */
  private Optional<Committed> submitOnce(
      Member member, String lcNumber, Transaction tx, int attempt) {
    SubmittedTransaction submitted;
    try {
      submitted = tx.submitAsync();
    } catch (SubmitException e) {
      throw new LedgerException.Unavailable(
          "the orderers did not take transaction " + tx.getTransactionId(), e);
    }
    Status status;
    try {
      status = submitted.getStatus();
    } catch (CommitStatusException e) {
      // submitted, outcome unknown: a retry under the same key finds it by its id
      throw new LedgerException.CommitFailed(
          LedgerException.CommitFailed.Reason.TIMEOUT,
          "no commit status within " + properties.commitTimeout() + ": " + e.getMessage(),
          tx.getTransactionId());
    }
    FabricBlocks.Outcome outcome =
        new FabricBlocks.Outcome(status.getBlockNumber(), status.getCode());
    if (status.getCode() == TxValidationCode.DUPLICATE_TXID) {
      // sent twice: what counts is the first copy's outcome, on the ledger
      String txId = tx.getTransactionId();
      outcome =
          blocks
              .outcomeOf(qscc(), txId)
              .orElseThrow(
                  () ->
                      new LedgerException.CommitFailed(
                          LedgerException.CommitFailed.Reason.TIMEOUT,
                          "a repeated transaction whose first copy this peer cannot find",
                          txId));
    }
    return settled(member, lcNumber, tx, outcome, attempt);
  }

  @Override
  public Optional<LetterOfCredit> readAfterCommit(TxRef tx, Duration patience) {
    CompletableFuture<LetterOfCredit> read = readsAfterCommit.getIfPresent(tx.txId());
    if (read == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(read.get(patience.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * What a transaction's outcome means for its step: committed; empty when it lost an MVCC race
   * that may be retried with a fresh transaction; otherwise a failure.
   */
  private Optional<Committed> settled(
      Member member, String lcNumber, Transaction tx, FabricBlocks.Outcome outcome, int attempt) {
    TxValidationCode code = outcome.code();
    if (code == TxValidationCode.VALID) {
      LetterOfCredit lc = committedLc(member, lcNumber, tx.getTransactionId());
      return Optional.of(
          new Committed(
              lc,
              eventOf(tx).orElse(null),
              new TxRef(tx.getTransactionId(), outcome.blockNumber())));
    }
    boolean conflict =
        code == TxValidationCode.MVCC_READ_CONFLICT
            || code == TxValidationCode.PHANTOM_READ_CONFLICT;
    if (conflict && attempt < properties.conflictRetries()) {
      log.info(
          "transaction {} lost an MVCC race; retrying with a fresh one", tx.getTransactionId());
      backoff(attempt);
      return Optional.empty();
    }
    throw new LedgerException.CommitFailed(
        conflict
            ? LedgerException.CommitFailed.Reason.MVCC_READ_CONFLICT
            : LedgerException.CommitFailed.Reason.ENDORSEMENT_POLICY_FAILURE,
        "transaction invalidated at commit: " + code,
        tx.getTransactionId());
  }

  /** A transaction read back from its prepared bytes. */
  private Transaction restored(Member member, byte[] bytes) {
    try {
      return gateway(member).newTransaction(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("a prepared transaction does not parse", e);
    }
  }

  /**
   * Endorses a step on the peers of {@code organisations}. Their answers differ when one of them
   * has not committed the block before yet (the caller's previous step, say): nothing was
   * submitted, so a fresh proposal is tried again, a few times, moments later.
   */
  private Transaction endorse(Member member, Contract contract, Call call, String[] organisations) {
    // looked up before anything is sent: a lookup that fails must not stand for the refusal
    String ownMsp = member.branch() == null ? null : mspOf(member, member.branch());
    for (int attempt = 0; ; attempt++) {
      try {
        return contract
            .newProposal(call.function())
            .addArguments(call.argArray())
            .putAllTransient(call.transientData())
            .setEndorsingOrganizations(organisations)
            .build()
            .endorse();
      } catch (EndorseException e) {
        if (!endorsersDisagreed(e, ownMsp, organisations)
            || attempt >= properties.conflictRetries()) {
          throw refusal(e, e.getTransactionId());
        }
        log.info(
            "the endorsers of {} saw different states of the ledger (answers that differ, or only"
                + " another bank's peer refusing); endorsing again",
            call.function());
        backoff(attempt);
      }
    }
  }

  /**
   * Whether the endorsing peers simulated the step on different states of the ledger: their answers
   * differ, or another bank's peer refused what this bank's own peer endorsed (the Gateway reports
   * each peer that failed, and only those). The own peer has committed this node's previous step
   * before its answer came back; another bank's may not have yet, and refuses the next step as
   * illegal in the state before it. A step the rules refuse is refused by the own peer as well.
   */
  static boolean endorsersDisagreed(GatewayException e, String ownMsp, String[] organisations) {
    List<ErrorDetail> failed = e.getDetails();
    if (failed.stream()
        .anyMatch(d -> d.getMessage().contains("ProposalResponsePayloads do not match"))) {
      return true;
    }
    return Arrays.asList(organisations).contains(ownMsp)
        && !failed.isEmpty()
        && failed.stream().noneMatch(d -> d.getMspId().equals(ownMsp));
  }

  /**
   * The organisations whose peers endorse a step: for an issue, the issuing and the advising
   * bank's; for any later step, those the LC's key-level policy names. Never another bank's peer,
   * which would see the request and hold none of the terms.
   */
  private String[] endorsingOrganisations(Member member, String lcNumber, Command command) {
    if (command instanceof Command.Issue issue) {
      return new String[] {
        mspOf(member, member.name()), mspOf(member, issue.terms().advisingBranch())
      };
    }
    List<String> named =
        endorsers.get(
            lcNumber,
            n -> {
              List<String> orgs =
                  ContractReplies.strings(evaluate(member, ContractCalls.endorsers(n)));
              return orgs.isEmpty() ? null : orgs;
            });
    if (named == null) {
      throw new LedgerException.Rejected(
          ErrorCode.LC_UNREADABLE.name(), "LC " + lcNumber + " has no endorsement policy", null);
    }
    return named.toArray(String[]::new);
  }

  /** A branch's MSP, from the network's configuration on the ledger (read again for a newcomer). */
  private String mspOf(Member member, String branch) {
    String msp = mspOfBranch.get(branch);
    if (msp == null) {
      mspOfBranch = ContractReplies.branches(evaluate(member, ContractCalls.config()));
      msp = mspOfBranch.get(branch);
    }
    if (msp == null) {
      throw new LedgerException.Rejected(
          ErrorCode.UNKNOWN_BRANCH.name(), "not a network branch: " + branch, null);
    }
    return msp;
  }

  /**
   * The LC a committed step left, read from this node's peer. A peer that was not among the
   * endorsers (a forfaiter joining) receives the terms by gossip, within moments: it is asked again
   * for a few seconds; after that the step is answered as one whose commit this node could not
   * confirm, and a retry with the same idempotency key finds it committed and reads again.
   */
  private LetterOfCredit committedLc(Member member, String lcNumber, String txId) {
    long deadline = System.nanoTime() + TERMS_PATIENCE.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return find(member, lcNumber);
      } catch (LedgerException.Rejected e) {
        if (!ErrorCode.TERMS_NOT_HELD.name().equals(e.code())) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new LedgerException.CommitFailed(
              LedgerException.CommitFailed.Reason.TIMEOUT,
              "committed, but this node's peer does not hold the LC's terms yet: " + e.detail(),
              txId);
        }
        log.info("peer does not hold the terms of {} yet (tx {}); asking again", lcNumber, txId);
        backoff(Math.min(attempt, 4));
      }
    }
  }

  private static final Duration TERMS_PATIENCE = Duration.ofSeconds(10);

  private static void backoff(int attempt) {
    try {
      Thread.sleep(50L << Math.min(attempt, 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException.Unavailable("interrupted while retrying", e);
    }
  }

  /** The chaincode event the endorsed transaction carries (in its chaincode action). */
  static Optional<LcEvent> eventOf(Transaction tx) {
    try {
      Envelope envelope = PreparedTransaction.parseFrom(tx.getBytes()).getEnvelope();
      Payload payload = Payload.parseFrom(envelope.getPayload());
      var transaction = org.hyperledger.fabric.protos.peer.Transaction.parseFrom(payload.getData());
      for (TransactionAction action : transaction.getActionsList()) {
        ChaincodeActionPayload actionPayload =
            ChaincodeActionPayload.parseFrom(action.getPayload());
        ProposalResponsePayload response =
            ProposalResponsePayload.parseFrom(
                actionPayload.getAction().getProposalResponsePayload());
        ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
        ByteString events = chaincodeAction.getEvents();
        if (!events.isEmpty()) {
          var event = org.hyperledger.fabric.protos.peer.ChaincodeEvent.parseFrom(events);
          return ContractReplies.event(event.getEventName(), event.getPayload().toStringUtf8());
        }
      }
      return Optional.empty();
    } catch (InvalidProtocolBufferException e) {
      log.warn("transaction {} could not be read for its event", tx.getTransactionId(), e);
      return Optional.empty();
    }
  }

  // ---- reads

  @Override
  public String evaluate(Member member, Call call) {
    try {
      byte[] answer = contract(member).evaluateTransaction(call.function(), call.argArray());
      return new String(answer, StandardCharsets.UTF_8);
    } catch (GatewayException e) {
      throw refusal(e, null);
    }
  }

  // ---- events

  @Override
  public void follow(long checkpoint, Consumer<LedgerEvent> listener) {
    followers.start(() -> stream(checkpoint + 1, listener));
  }

  /** Streams the chaincode's events from block {@code from}, reconnecting after any failure. */
  private void stream(long from, Consumer<LedgerEvent> listener) {
    long next = Math.max(0, from);
    Network network = anyGateway().getNetwork(properties.channel());
    int failures = 0;
    while (!closed) {
      try (CloseableIterator<ChaincodeEvent> events =
          network
              .newChaincodeEventsRequest(properties.chaincode())
              .startBlock(next)
              .build()
              .getEvents()) {
        failures = 0;
        while (events.hasNext()) {
          ChaincodeEvent e = events.next();
          // a reconnection starts again at the last block seen: its events may come twice
          next = e.getBlockNumber();
          ContractReplies.event(
                  e.getEventName(), new String(e.getPayload(), StandardCharsets.UTF_8))
              .ifPresent(
                  lcEvent ->
                      Followers.deliver(
                          listener,
                          new LedgerEvent(
                              lcEvent, new TxRef(e.getTransactionId(), e.getBlockNumber()))));
        }
      } catch (GatewayRuntimeException | IllegalStateException e) {
        if (closed) {
          return;
        }
        failures++;
        log.warn("event stream from block {} broke ({}); reconnecting", next, e.getMessage());
      }
      sleep(Followers.backoffMillis(failures));
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  // ---- audit

  @Override
  public Optional<Audit> audit() {
    return Optional.of(this);
  }

  @Override
  public List<TxLocation> locate(List<String> txIds) {
    List<TxLocation> found = new ArrayList<>();
    for (String txId : txIds) {
      blocks
          .blockOf(qscc(), txId)
          .ifPresent(b -> found.add(new TxLocation(txId, b.number(), b.hash())));
    }
    return found;
  }

  @Override
  public List<Check> verify(List<String> txIds) {
    List<Check> checks = new ArrayList<>();
    for (String txId : txIds) {
      checks.add(blocks.check(qscc(), txId));
    }
    return checks;
  }

  private Contract qscc() {
    return anyGateway().getNetwork(properties.channel()).getContract("qscc");
  }

  // ---- the rest

  @Override
  public boolean isAvailable() {
    ConnectivityState state = channel.getState(true);
    return state != ConnectivityState.TRANSIENT_FAILURE && state != ConnectivityState.SHUTDOWN;
  }

  @Override
  public String mode() {
    return "fabric";
  }

  private Contract contract(Member member) {
    return gateway(member).getNetwork(properties.channel()).getContract(properties.chaincode());
  }

  private Gateway gateway(Member member) {
    Gateway gateway = member.kind() == Member.Kind.ADMIN ? null : gateways.get(member.name());
    if (gateway == null) {
      // this node holds no identity to act as that member
      throw new LedgerException.Rejected(
          ErrorCode.NOT_AUTHORIZED.name(), "this node cannot act as " + member, null);
    }
    return gateway;
  }

  private Gateway anyGateway() {
    return gateways.values().iterator().next();
  }

  /** A refusal by the network: the chaincode's code when a peer gave one, else unavailable. */
  static LedgerException refusal(GatewayException e, String txId) {
    List<String> messages = new ArrayList<>();
    e.getDetails().forEach(d -> messages.add(d.getMessage()));
    messages.add(String.valueOf(e.getMessage())); // an evaluation may carry it here alone
    for (String message : messages) {
      int at = message.indexOf(CHAINCODE_ERROR);
      if (at >= 0) {
        LedgerException.Rejected rejected =
            LedgerException.Rejected.fromMessage(
                message.substring(at + CHAINCODE_ERROR.length()), txId);
        if (!rejected.code().equals("LEDGER_ERROR")) {
          return rejected;
        }
      }
    }
    io.grpc.Status.Code code = e.getStatus().getCode();
    String why =
        code == io.grpc.Status.Code.UNAVAILABLE || code == io.grpc.Status.Code.DEADLINE_EXCEEDED
            ? "the peer did not answer: " + code
            : "the network refused the call: " + e.getMessage();
    return new LedgerException.Unavailable(why, e);
  }

  /** How a peer reports a chaincode's error: the contract's {@code CODE: detail} follows. */
  private static final String CHAINCODE_ERROR = "chaincode response 500, ";

  @Override
  public void close() throws InterruptedException {
    closed = true;
    followers.interruptAll();
    gateways.values().forEach(Gateway::close);
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
