package io.lcledger.node.ledger.evm;

import io.lcledger.chaincode.domain.Caller;
import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.HistoryEntry;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.domain.YearCalendar;
import io.lcledger.chaincode.evm.EvmCalls;
import io.lcledger.node.ledger.Followers;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.ledger.Member;
import io.lcledger.node.ledger.PreparedTransactions;
import io.lcledger.node.ledger.RequestKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The EVM adapter: the branch's own chain node over JSON-RPC, signing with the branch's own
 * account. A step is first estimated (the contract's refusal comes back with its code, as an
 * endorsement's would), then signed with the account's next nonce, kept under its idempotency key,
 * sent, and awaited until {@code confirmations} blocks hold it. A retry under the same key sends
 * the very same signed transaction again, which the chain can take at most once (its nonce), or
 * finds its receipt. The LCs themselves are rebuilt from the chain's committed calls by {@link
 * ChainReplay}.
 */
final class EvmLedger implements Ledger, Ledger.Audit, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EvmLedger.class);

  /** How much gas over the estimate a step is sent with: a later block may take a longer path. */
  private static final int GAS_HEADROOM_PERCENT = 50;

  private final Web3j web3j;
  private final EvmProperties properties;
  private final Map<String, Credentials> accounts;
  private final Map<String, Nonces> nonces;
  private final PreparedTransactions prepared;
  private final ChainReplay replay;
  private volatile long chainId = -1; // asked of the chain node once it answers
  private final Followers followers = new Followers("evm-events");
  private volatile boolean closed;

  /** {@code accounts}: by member name ({@code auditor}, or a branch). */
  EvmLedger(
      Web3j web3j,
      EvmProperties properties,
      Map<String, Credentials> accounts,
      PreparedTransactions prepared) {
    this.web3j = web3j;
    this.properties = properties;
    this.accounts = Map.copyOf(accounts);
    this.prepared = prepared;
    this.replay = new ChainReplay(web3j, properties.contract(), properties.fromBlock());
    Map<String, Nonces> byMember = new java.util.HashMap<>();
    accounts.forEach((member, key) -> byMember.put(member, new Nonces(web3j, key)));
    this.nonces = Map.copyOf(byMember);
  }

  // ---- steps

  @Override
  public Committed submit(Member member, String lcNumber, Command command) {
    Credentials key = account(member);
    String data = EvmCalls.encode(lcNumber, command);
    Optional<String> idempotencyKey = RequestKeys.current();
    try {
      byte[] signed = idempotencyKey.flatMap(prepared::find).orElse(null);
      byte[] lost = null; // a transaction kept under the key whose nonce another took
      for (int attempt = 0; attempt < 4; attempt++) {
        if (signed == null) {
          signed = prepare(member, key, data);
          if (idempotencyKey.isPresent()) {
            byte[] kept = prepared.keep(idempotencyKey.get(), lost, signed);
            if (kept != signed) { // another node of the branch prepared it first
              nonces.get(member.name()).fill(signed, chainId());
              signed = kept;
            }
          }
        }
        String txId = Numeric.toHexString(Hash.sha3(signed));
        Optional<TransactionReceipt> receipt = receipt(txId);
        if (receipt.isEmpty()) {
          SendResult sent;
          try {
            sent = send(signed);
          } catch (IOException | LedgerException.Unavailable e) {
            if (idempotencyKey.isEmpty()) {
              nonces
                  .get(member.name())
                  .fill(signed, chainId()); // no retry will send it: no gap either
            }
            throw e;
          }
          if (sent == SendResult.NONCE_TAKEN) {
            receipt = receipt(txId); // mined meanwhile, or never to be
            if (receipt.isEmpty()) {
              log.info("transaction {} lost its nonce; preparing it afresh", txId);
              nonces.get(member.name()).resync();
              lost = signed;
              signed = null;
              continue;
            }
          }
        }
        TransactionReceipt confirmed = confirmed(receipt.orElse(null), txId);
        return committed(lcNumber, command, key, data, confirmed);
      }
      throw new LedgerException.Unavailable("no nonce could be kept for the step", null);
    } catch (IOException e) {
      throw new LedgerException.Unavailable("the chain node did not answer: " + e.getMessage(), e);
    }
  }

  /** Checks the step against the contract's rules now, then signs it with the next nonce. */
  private byte[] prepare(Member member, Credentials key, String data) throws IOException {
    EthEstimateGas estimate = estimate(key, data);
    if (estimate.hasError()) {
      throw refusal(estimate.getError(), null);
    }
    BigInteger gas =
        estimate
            .getAmountUsed()
            .multiply(BigInteger.valueOf(100 + GAS_HEADROOM_PERCENT))
            .divide(BigInteger.valueOf(100));
    BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
    long nonce = nonces.get(member.name()).next();
    RawTransaction tx =
        RawTransaction.createTransaction(
            BigInteger.valueOf(nonce), gasPrice, gas, properties.contract(), BigInteger.ZERO, data);
    return TransactionEncoder.signMessage(tx, chainId(), key);
  }

  /** The step's gas by the contract's rules at the latest block, or its refusal. */
  private EthEstimateGas estimate(Credentials key, String data) throws IOException {
    return web3j
        .ethEstimateGas(
            Transaction.createEthCallTransaction(key.getAddress(), properties.contract(), data))
        .send();
  }

  private enum SendResult {
    SENT,
    NONCE_TAKEN
  }

  /** Sends a signed transaction; sending it again is harmless. */
  private SendResult send(byte[] signed) throws IOException {
    EthSendTransaction sent = web3j.ethSendRawTransaction(Numeric.toHexString(signed)).send();
    if (!sent.hasError()) {
      return SendResult.SENT;
    }
    String message = String.valueOf(sent.getError().getMessage()).toLowerCase();
    if (message.contains("already known")) {
      return SendResult.SENT; // the chain node holds it already
    }
    if (message.contains("nonce too low") || message.contains("underpriced")) {
      return SendResult.NONCE_TAKEN;
    }
    throw new LedgerException.Unavailable(
        "the chain node refused the transaction: " + sent.getError().getMessage(), null);
  }

  /**
   * The receipt once {@code confirmations} blocks hold the transaction, in the chain the node
   * follows now: a fork that drops its block sends the wait back to its receipt.
   */
  private TransactionReceipt confirmed(TransactionReceipt first, String txId) throws IOException {
    long deadline = System.nanoTime() + properties.receiptTimeout().toNanos();
    TransactionReceipt receipt = first;
    while (true) {
      if (receipt != null) {
        long block = receipt.getBlockNumber().longValueExact();
        long head = head();
        if (head >= block + properties.confirmations() - 1) {
          EthBlock.Block canonical = replay.block(block);
          if (canonical.getHash().equalsIgnoreCase(receipt.getBlockHash())) {
            return receipt;
          }
          receipt = null; // its block was reorganised away: wait for it again
        }
      }
      if (System.nanoTime() > deadline) {
        throw new LedgerException.CommitFailed(
            LedgerException.CommitFailed.Reason.TIMEOUT,
            "not confirmed within " + properties.receiptTimeout(),
            txId);
      }
      pause(properties.pollInterval().toMillis());
      if (receipt == null) {
        receipt = receipt(txId).orElse(null);
      }
    }
  }

  private Committed committed(
      String lcNumber, Command command, Credentials key, String data, TransactionReceipt receipt)
      throws IOException {
    String txId = receipt.getTransactionHash();
    if (!receipt.isStatusOK()) {
      // reverted once mined: another step got there first; the rules say why now
      EthEstimateGas now = estimate(key, data);
      if (now.hasError()) {
        throw refusal(now.getError(), txId);
      }
      throw new LedgerException.CommitFailed(
          LedgerException.CommitFailed.Reason.MVCC_READ_CONFLICT,
          "another step changed the LC first; the step was not taken",
          txId);
    }
    String number = command instanceof Command.Issue issue ? issue.terms().lcNumber() : lcNumber;
    long block = receipt.getBlockNumber().longValueExact();
    ChainReplay.Version version =
        replay
            .version(number, txId, Math.max(block, confirmedHead()))
            .orElseThrow(
                () -> new IllegalStateException("transaction " + txId + " wrote no LC version"));
    return new Committed(version.lc(), version.event(), new TxRef(txId, block));
  }

  private Optional<TransactionReceipt> receipt(String txId) throws IOException {
    return web3j.ethGetTransactionReceipt(txId).send().getTransactionReceipt();
  }

  /** The contract's refusal, with its code; any other error means the chain cannot be used. */
  private static LedgerException refusal(Response.Error error, String txId) {
    String data = error.getData() == null ? null : error.getData().replace("\"", "");
    Optional<String> code = EvmCalls.refusalCode(data);
    if (code.isPresent()) {
      return new LedgerException.Rejected(code.get(), "refused by the contract", txId);
    }
    return new LedgerException.Unavailable(
        "the chain node refused the call: " + error.getMessage(), null);
  }

  // ---- reads

  @Override
  public LetterOfCredit find(Member member, String lcNumber) {
    List<ChainReplay.Version> versions = readable(member, lcNumber);
    return versions.get(versions.size() - 1).lc();
  }

  @Override
  public List<HistoryEntry> history(Member member, String lcNumber) {
    return readable(member, lcNumber).stream()
        .map(v -> HistoryEntry.of(v.txId(), v.timestamp(), v.lc()))
        .toList();
  }

  private List<ChainReplay.Version> readable(Member member, String lcNumber) {
    Credentials key = account(member);
    try {
      long head = confirmedHead();
      List<ChainReplay.Version> versions = replay.versions(lcNumber, head);
      Caller caller = caller(key, head);
      if (versions.isEmpty() || !versions.get(versions.size() - 1).lc().visibleTo(caller)) {
        throw new LedgerException.Rejected(
            ErrorCode.LC_NOT_FOUND.name(), "no LC " + lcNumber, null);
      }
      return versions;
    } catch (IOException e) {
      throw new LedgerException.Unavailable("the chain node did not answer: " + e.getMessage(), e);
    }
  }

  private Caller caller(Credentials key, long head) throws IOException {
    String account = org.web3j.crypto.Keys.toChecksumAddress(key.getAddress());
    ChainReplay.Network net = replay.network(head);
    return new Caller(net.branchOf(account), account, net.isAuditor(account));
  }

  @Override
  public Optional<YearCalendar> calendar(Member member, int year) {
    try {
      long head = confirmedHead();
      return replay.network(head).calendarAt(year, head);
    } catch (IOException e) {
      throw new LedgerException.Unavailable("the chain node did not answer: " + e.getMessage(), e);
    }
  }

  // ---- events

  @Override
  public void follow(long checkpoint, Consumer<LedgerEvent> listener) {
    followers.start(() -> stream(checkpoint + 1, listener));
  }

  /**
   * Reads the step events of each confirmed block from {@code from} on, in order; a block is read
   * only once {@code confirmations} blocks hold it, so a short fork is never notified.
   */
  private void stream(long from, Consumer<LedgerEvent> listener) {
    long next = Math.max(from, properties.fromBlock());
    int failures = 0;
    while (!closed) {
      try {
        long head = confirmedHead();
        if (head >= next) {
          for (Log entry : replay.logs(next, head, null, null)) {
            Optional<String> event = EvmCalls.event(entry.getTopics().get(0));
            if (event.isEmpty() || !EvmCalls.isStepEvent(event.get())) {
              continue;
            }
            String lcNumber =
                (String)
                    EvmCalls.decodeValues(
                            entry.getData(),
                            List.of(
                                new org.web3j.abi.TypeReference<
                                    org.web3j.abi.datatypes.Utf8String>() {}))
                        .get(0)
                        .getValue();
            String txId = entry.getTransactionHash();
            ChainReplay.Version version =
                replay
                    .version(lcNumber, txId, head)
                    .orElseThrow(() -> new IOException("no LC version of " + txId));
            Followers.deliver(
                listener, new LedgerEvent(version.event(), new TxRef(txId, version.block())));
          }
          next = head + 1;
        }
        failures = 0;
        pause(properties.pollInterval().toMillis());
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        failures++;
        log.warn("reading events from block {} failed ({}); trying again", next, e.getMessage());
        pause(Followers.backoffMillis(failures));
      }
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
    try {
      for (String txId : txIds) {
        Optional<TransactionReceipt> receipt = receipt(txId);
        if (receipt.isPresent()) {
          found.add(
              new TxLocation(
                  txId,
                  receipt.get().getBlockNumber().longValueExact(),
                  receipt.get().getBlockHash()));
        }
      }
    } catch (IOException e) {
      throw new LedgerException.Unavailable("the chain node did not answer: " + e.getMessage(), e);
    }
    return found;
  }

  /**
   * Each transaction against the chain: its receipt says it succeeded in a block, that block is the
   * one the chain holds at its height now (same hash), and the block lists the transaction.
   */
  @Override
  public List<Check> verify(List<String> txIds) {
    List<Check> checks = new ArrayList<>();
    try {
      for (String txId : txIds) {
        String name = "transaction " + txId + " in its block";
        Optional<TransactionReceipt> receipt = receipt(txId);
        if (receipt.isEmpty()) {
          checks.add(new Check(name, false, "the chain node has no receipt of it"));
          continue;
        }
        long number = receipt.get().getBlockNumber().longValueExact();
        if (!receipt.get().isStatusOK()) {
          checks.add(new Check(name, false, "block " + number + " holds it reverted"));
          continue;
        }
        EthBlock.Block block = replay.block(number);
        if (!block.getHash().equalsIgnoreCase(receipt.get().getBlockHash())) {
          checks.add(
              new Check(
                  name, false, "block " + number + " is no longer the one its receipt names"));
          continue;
        }
        boolean listed =
            block.getTransactions().stream()
                .anyMatch(t -> String.valueOf(t.get()).equalsIgnoreCase(txId));
        checks.add(
            listed
                ? new Check(
                    name, true, "succeeded in block " + number + " (hash " + block.getHash() + ")")
                : new Check(name, false, "block " + number + " does not list it"));
      }
    } catch (IOException e) {
      throw new LedgerException.Unavailable("the chain node did not answer: " + e.getMessage(), e);
    }
    return checks;
  }

  // ---- who is who, for node-to-node requests

  /** The account this node signs as {@code member} with, if it holds one. */
  Optional<Credentials> accountOf(String member) {
    return Optional.ofNullable(accounts.get(member));
  }

  /** Whether the chain registers {@code account} for {@code member} (a branch, or an auditor). */
  boolean actsAs(String member, String account) throws IOException {
    ChainReplay.Network net = replay.network(confirmedHead());
    return Member.AUDITOR.name().equals(member)
        ? net.isAuditor(account)
        : account.equalsIgnoreCase(net.accountByBranch().get(member));
  }

  // ---- the rest

  /** The newest block with {@code confirmations} blocks on it, counting itself. */
  private long confirmedHead() throws IOException {
    return head() - properties.confirmations() + 1;
  }

  /** The chain's id, which every signature names (EIP-155): asked once, when first needed. */
  private long chainId() throws IOException {
    if (chainId < 0) {
      chainId = web3j.ethChainId().send().getChainId().longValueExact();
    }
    return chainId;
  }

  private long head() throws IOException {
    return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  @Override
  public boolean isAvailable() {
    try {
      head();
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public String mode() {
    return "evm";
  }

  private Credentials account(Member member) {
    Credentials key = member.kind() == Member.Kind.ADMIN ? null : accounts.get(member.name());
    if (key == null) {
      // this node holds no account to act as that member
      throw new LedgerException.Rejected(
          ErrorCode.NOT_AUTHORIZED.name(), "this node cannot act as " + member, null);
    }
    return key;
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException.Unavailable("interrupted while waiting for the chain", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    followers.interruptAll();
    web3j.shutdown();
  }

  /**
   * One account's nonces: handed out in order under concurrent steps, started from the chain's
   * count of the account's transactions (pending included), so a restart takes up where the chain
   * is. A nonce handed out to a transaction that will not be sent would leave a gap that holds up
   * every later one: it is filled with an empty transfer to the account itself (refused harmlessly
   * if the transaction did reach the chain after all).
   */
  static final class Nonces {
    private final Web3j web3j;
    private final Credentials key;
    private long next = -1;

    Nonces(Web3j web3j, Credentials key) {
      this.web3j = web3j;
      this.key = key;
    }

    synchronized long next() throws IOException {
      if (next < 0) {
        next = count();
      }
      return next++;
    }

    /** After a nonce was found taken: no lower than the chain's count from now on. */
    synchronized void resync() throws IOException {
      next = Math.max(next, count());
    }

    /** Fills the nonce of {@code signed}, a transaction that will never be sent. */
    void fill(byte[] signed, long chainId) {
      BigInteger nonce = TransactionDecoder.decode(Numeric.toHexString(signed)).getNonce();
      try {
        BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
        RawTransaction empty =
            RawTransaction.createEtherTransaction(
                nonce, gasPrice, BigInteger.valueOf(21_000), key.getAddress(), BigInteger.ZERO);
        web3j
            .ethSendRawTransaction(
                Numeric.toHexString(TransactionEncoder.signMessage(empty, chainId, key)))
            .send();
      } catch (IOException | RuntimeException e) {
        log.warn("nonce {} of {} could not be filled: {}", nonce, key.getAddress(), e.getMessage());
      }
    }

    private long count() throws IOException {
      return web3j
          .ethGetTransactionCount(key.getAddress(), DefaultBlockParameterName.PENDING)
          .send()
          .getTransactionCount()
          .longValueExact();
    }
  }
}
