package io.lcledger.network;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.chaincode.domain.LcTerms;
import io.lcledger.chaincode.evm.EvmCalls;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The EVM half of the benchmark, a command and not a test. On its own {@code evmnet} chain (three
 * Clique signers sealing a block a second) it runs concurrent full SIGHT lifecycles through
 * shanghai's and yangzhou's nodes in EVM mode over REST, then the same contract calls sent straight
 * through web3j by the same accounts (estimated, signed, sent, their receipts polled as often as
 * the node polls), in one run. It prints p50/p99 per step for both, each throughput and their
 * ratio.
 *
 * <p>Arguments: clients (default 8), lifecycles per client (default 5), lifecycles per client to
 * warm up first (default 2).
 */
public final class EvmBenchmark {
  private static final long POLL_MILLIS = 200; // the node's lc.evm.poll-interval default

  private final StepTimings timings = new StepTimings();

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int perClient = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Map<String, String> env = EvmNet.up();
    Path dir = Path.of("target", "evm-bench-" + System.currentTimeMillis()).toAbsolutePath();
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("shanghai", BranchNode.freePort());
    ports.put("yangzhou", BranchNode.freePort());
    try (BranchNode sh = BranchNode.startEvm(env, "shanghai", dir.resolve("shanghai"), ports);
        BranchNode yz = BranchNode.startEvm(env, "yangzhou", dir.resolve("yangzhou"), ports)) {
      new EvmBenchmark()
          .run(
              sh,
              yz,
              new Direct(env, "shanghai"),
              new Direct(env, "yangzhou"),
              clients,
              perClient,
              warmUp);
    } finally {
      EvmNet.run("down");
    }
    System.exit(0);
  }

  private void run(
      BranchNode sh,
      BranchNode yz,
      Direct shanghai,
      Direct yangzhou,
      int clients,
      int perClient,
      int warmUp)
      throws Exception {
    // the nodes and the baseline sign with the same accounts: each path runs whole, warm-up first,
    // and the baseline takes up the accounts' nonces where the nodes left them
    StepTimings.parallel(clients, warmUp, () -> timings.sightOverRest(sh, yz, lc("EW")));
    timings.latencies.clear();
    long start = System.nanoTime();
    StepTimings.parallel(clients, perClient, () -> timings.sightOverRest(sh, yz, lc("ER")));
    double restSeconds = (System.nanoTime() - start) / 1e9;
    Map<String, List<Long>> rest = new LinkedHashMap<>(timings.latencies);

    shanghai.resync();
    yangzhou.resync();
    StepTimings.parallel(clients, warmUp, () -> direct(shanghai, yangzhou, lc("DW")));
    timings.latencies.clear();
    start = System.nanoTime();
    StepTimings.parallel(clients, perClient, () -> direct(shanghai, yangzhou, lc("DR")));
    double directSeconds = (System.nanoTime() - start) / 1e9;
    Map<String, List<Long>> direct = new LinkedHashMap<>(timings.latencies);

    int ledgerSteps = 5 * clients * perClient;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nEVM benchmark: %d clients x %d SIGHT lifecycles (after %d each to warm up), 1 s blocks%n",
            clients,
            perClient,
            warmUp));
    out.append(StepTimings.table("web3", rest, direct));
    double restTps = ledgerSteps / restSeconds;
    double directTps = ledgerSteps / directSeconds;
    out.append(
        String.format(
            Locale.ROOT,
            "REST:  %d ledger steps in %.1f s = %.2f steps/s%n",
            ledgerSteps,
            restSeconds,
            restTps));
    out.append(
        String.format(
            Locale.ROOT,
            "web3j: %d ledger steps in %.1f s = %.2f steps/s%n",
            ledgerSteps,
            directSeconds,
            directTps));
    out.append(
        String.format(Locale.ROOT, "ratio REST / web3j throughput: %.2f%n", restTps / directTps));
    out.append(
        String.format(
            Locale.ROOT,
            "REST steps retried because the acting bank's node had not yet the other's block: %d%n",
            timings.waitedForBlock.get()));
    System.out.println(out);
  }

  private static String lc(String prefix) {
    return Requests.lcNumber(prefix);
  }

  /** The same five steps as {@link StepTimings#sightOverRest}, sent straight to the contract. */
  private void direct(Direct shanghai, Direct yangzhou, String lc) throws Exception {
    LcTerms terms = CanonicalJson.read(Requests.terms(lc, "SIGHT"), LcTerms.class);
    timings.timed("1 issue", () -> shanghai.submit(lc, new Command.Issue(terms)));
    timings.timed("2 advise", () -> yangzhou.submit(lc, new Command.Advise()));
    timings.timed(
        "3 present",
        () ->
            yangzhou.submit(
                lc, CanonicalJson.read(Requests.presentation("100000.00"), Command.Present.class)));
    timings.timed(
        "4 examine",
        () ->
            shanghai.submit(lc, CanonicalJson.read(Requests.compliant(1), Command.Examine.class)));
    timings.timed(
        "5 pay",
        () ->
            shanghai.submit(
                lc, CanonicalJson.read(Requests.payment(1, "100000.00"), Command.Pay.class)));
  }

  /** One bank's account sending the contract's calls itself, through its own signer. */
  private static final class Direct {
    private final Web3j web3j;
    private final Credentials account;
    private final String contract;
    private final long chainId;
    private final AtomicLong nonce = new AtomicLong();

    Direct(Map<String, String> env, String branch) throws Exception {
      String up = branch.toUpperCase(Locale.ROOT);
      this.web3j = Web3j.build(new HttpService(env.get("EVMNET_" + up + "_RPC")));
      this.account =
          WalletUtils.loadCredentials(
              Files.readString(Path.of(env.get("EVMNET_" + up + "_PASSWORD_FILE"))).strip(),
              env.get("EVMNET_" + up + "_KEYSTORE"));
      this.contract = env.get("EVMNET_CONTRACT");
      this.chainId = Long.parseLong(env.get("EVMNET_CHAIN_ID"));
    }

    /** Takes up the account's nonces where the chain has them (the node used it meanwhile). */
    void resync() throws java.io.IOException {
      nonce.set(
          web3j
              .ethGetTransactionCount(account.getAddress(), DefaultBlockParameterName.PENDING)
              .send()
              .getTransactionCount()
              .longValueExact());
    }

    TransactionReceipt submit(String lc, Command command) throws Exception {
      String data = EvmCalls.encode(lc, command);
      EthEstimateGas gas = estimate(data);
      // right after the other bank's step, this bank's signer may not have its block yet
      for (int i = 0; i < 200 && gas.hasError(); i++) {
        Thread.sleep(25);
        gas = estimate(data);
      }
      if (gas.hasError()) {
        throw new IllegalStateException(command + " refused: " + gas.getError().getData());
      }
      RawTransaction tx =
          RawTransaction.createTransaction(
              BigInteger.valueOf(nonce.getAndIncrement()),
              web3j.ethGasPrice().send().getGasPrice(),
              gas.getAmountUsed().multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO),
              contract,
              BigInteger.ZERO,
              data);
      EthSendTransaction sent =
          web3j
              .ethSendRawTransaction(
                  Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, account)))
              .send();
      if (sent.hasError()) {
        throw new IllegalStateException(command + " not sent: " + sent.getError().getMessage());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        var receipt = web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send();
        if (receipt.getTransactionReceipt().isPresent()) {
          if (!receipt.getTransactionReceipt().get().isStatusOK()) {
            throw new IllegalStateException(command + " reverted");
          }
          return receipt.getTransactionReceipt().get();
        }
        Thread.sleep(POLL_MILLIS);
      }
      throw new IllegalStateException(command + " not mined in 60 s");
    }

    private EthEstimateGas estimate(String data) throws java.io.IOException {
      return web3j
          .ethEstimateGas(
              Transaction.createEthCallTransaction(account.getAddress(), contract, data))
          .send();
    }
  }
}
