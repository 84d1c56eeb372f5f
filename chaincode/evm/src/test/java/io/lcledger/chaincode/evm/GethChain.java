package io.lcledger.chaincode.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * A real go-ethereum v1.13.15 chain for tests: one Clique signer that seals a block as soon as a
 * transaction waits (period 0), HTTP JSON-RPC on 127.0.0.1 only, no peers, no discovery, and funded
 * accounts for the admin, the three branches and an auditor. The binary comes from {@code
 * network/geth-bin.sh} (built once through the Go module proxy, then cached).
 */
final class GethChain implements AutoCloseable {
  private static final long CHAIN_ID =
      71_061; // this test chain's own, so its signatures are valid nowhere else
  private static final Duration RECEIPT_WAIT = Duration.ofSeconds(30);
  private static final BigInteger GAS_LIMIT_CAP = BigInteger.valueOf(25_000_000);
  private static final List<String> ACCOUNTS =
      List.of("admin", "shanghai", "yangzhou", "forfaiter", "auditor");

  private final Process geth;
  private final Web3j web3j;
  private final Map<String, Credentials> accounts;
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();

  private GethChain(Process geth, Web3j web3j, Map<String, Credentials> accounts) {
    this.geth = geth;
    this.web3j = web3j;
    this.accounts = accounts;
  }

  /** Creates a chain under {@code dir} and starts its signer; answers once it takes requests. */
  static GethChain start(Path dir) throws Exception {
    Path geth = gethBinary();
    Files.createDirectories(dir);
    Map<String, Credentials> accounts = new LinkedHashMap<>();
    for (String name : ACCOUNTS) {
      accounts.put(name, Credentials.create(Keys.createEcKeyPair()));
    }
    Credentials signer = accounts.get("admin");
    Path data = dir.resolve("data");
    Files.writeString(dir.resolve("genesis.json"), genesis(signer, accounts.values()));
    Files.writeString(dir.resolve("password"), "");
    Files.writeString(
        dir.resolve("signer.key"),
        Numeric.toHexStringNoPrefixZeroPadded(signer.getEcKeyPair().getPrivateKey(), 64));
    run(
        dir,
        geth.toString(),
        "--datadir",
        data.toString(),
        "init",
        dir.resolve("genesis.json").toString());
    run(
        dir,
        geth.toString(),
        "--datadir",
        data.toString(),
        "account",
        "import",
        "--password",
        dir.resolve("password").toString(),
        dir.resolve("signer.key").toString());
    int http = freePort();
    List<String> command =
        List.of(
            geth.toString(),
            "--datadir",
            data.toString(),
            "--networkid",
            Long.toString(CHAIN_ID),
            "--nodiscover",
            "--maxpeers",
            "0",
            "--nat",
            "none",
            "--port",
            Integer.toString(freePort()),
            "--authrpc.addr",
            "127.0.0.1",
            "--authrpc.port",
            Integer.toString(freePort()),
            "--http",
            "--http.addr",
            "127.0.0.1",
            "--http.port",
            Integer.toString(http),
            "--http.api",
            "eth,net,web3",
            "--ipcdisable",
            "--syncmode",
            "full",
            "--unlock",
            signer.getAddress(),
            "--password",
            dir.resolve("password").toString(),
            "--allow-insecure-unlock",
            "--mine",
            "--miner.etherbase",
            signer.getAddress(),
            "--miner.gasprice",
            "1",
            "--verbosity",
            "2");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("geth.log").toFile())
            .start();
    Web3j web3j = Web3j.build(new HttpService("http://127.0.0.1:" + http));
    GethChain chain = new GethChain(process, web3j, accounts);
    chain.awaitReady(dir.resolve("geth.log"));
    return chain;
  }

  Web3j web3j() {
    return web3j;
  }

  /** The funded account {@code name}: admin, shanghai, yangzhou, forfaiter or auditor. */
  Credentials account(String name) {
    Credentials c = accounts.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no account " + name);
    }
    return c;
  }

  /** Deploys {@code binaryHex} with its encoded constructor arguments; the contract's address. */
  String deploy(Credentials from, String binaryHex, String encodedConstructorArgsHex)
      throws Exception {
    String init =
        Numeric.prependHexPrefix(
            Numeric.cleanHexPrefix(binaryHex)
                + Numeric.cleanHexPrefix(
                    encodedConstructorArgsHex == null ? "" : encodedConstructorArgsHex));
    TransactionReceipt receipt = submit(from, null, init);
    if (!receipt.isStatusOK() || receipt.getContractAddress() == null) {
      throw new IllegalStateException("deployment failed: " + receipt);
    }
    return receipt.getContractAddress();
  }

  /**
   * Deploys contract {@code name} as the build compiled it into {@code compiled} ({@code
   * <name>.bin}), first deploying each external library it calls ({@code <name>.links}) and linking
   * it in; the contract's address.
   */
  String deployCompiled(Credentials from, Path compiled, String name) throws Exception {
    String binary = Files.readString(compiled.resolve(name + ".bin")).strip();
    Path links = compiled.resolve(name + ".links");
    if (Files.exists(links)) {
      Map<String, String> placeholders =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readValue(
                  links.toFile(),
                  new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
      for (Map.Entry<String, String> library : placeholders.entrySet()) {
        String address = deployCompiled(from, compiled, library.getKey());
        binary = binary.replace(library.getValue(), Numeric.cleanHexPrefix(address).toLowerCase());
      }
    }
    return deploy(from, binary, "");
  }

  /**
   * Signs (with the sender's next nonce), sends and waits for the receipt of a call to {@code to}.
   */
  TransactionReceipt send(Credentials from, String to, String dataHex) throws Exception {
    return submit(from, to, dataHex);
  }

  /** Calls {@code to} at the latest block without a transaction. */
  Call call(Credentials from, String to, String dataHex) throws IOException {
    EthCall answer =
        web3j
            .ethCall(
                Transaction.createEthCallTransaction(from.getAddress(), to, dataHex),
                DefaultBlockParameterName.LATEST)
            .send();
    if (answer.hasError()) {
      Object data = answer.getError().getData();
      if (data != null) {
        return new Call(null, data.toString().replace("\"", ""));
      }
      if (answer.getError().getMessage().startsWith("execution reverted")) {
        return new Call(null, "0x"); // geth leaves out empty revert data
      }
      throw new IOException("eth_call failed: " + answer.getError().getMessage());
    }
    return new Call(answer.getValue(), null);
  }

  /** An {@code eth_call}'s answer: its result, or the revert data when it reverted. */
  record Call(String result, String revertData) {
    boolean reverted() {
      return revertData != null;
    }
  }

  private synchronized TransactionReceipt submit(Credentials from, String to, String data)
      throws Exception {
    long nonce =
        nonces.containsKey(from.getAddress())
            ? nonces.get(from.getAddress())
            : web3j
                .ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING)
                .send()
                .getTransactionCount()
                .longValueExact();
    BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
    BigInteger gas = gasFor(from, to, data);
    RawTransaction tx =
        to == null
            ? RawTransaction.createContractTransaction(
                BigInteger.valueOf(nonce), gasPrice, gas, BigInteger.ZERO, data)
            : RawTransaction.createTransaction(
                BigInteger.valueOf(nonce), gasPrice, gas, to, BigInteger.ZERO, data);
    byte[] signed = TransactionEncoder.signMessage(tx, CHAIN_ID, from);
    EthSendTransaction sent = web3j.ethSendRawTransaction(Numeric.toHexString(signed)).send();
    if (sent.hasError()) {
      nonces.remove(from.getAddress()); // ask the chain again next time
      throw new IOException("transaction refused by geth: " + sent.getError().getMessage());
    }
    nonces.put(from.getAddress(), nonce + 1);
    return receipt(sent.getTransactionHash());
  }

  /**
   * Waits for a receipt, and then until the chain's head has the receipt's block: geth may answer a
   * receipt a moment before a call or an estimate at the latest block sees its state, and the next
   * transaction's estimate must (a contract just deployed, say). Until its transaction index has
   * caught up with the head, geth answers "transaction indexing is in progress" rather than
   * nothing: that too means "not yet".
   */
  private TransactionReceipt receipt(String hash) throws Exception {
    long deadline = System.nanoTime() + RECEIPT_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      EthGetTransactionReceipt answer = web3j.ethGetTransactionReceipt(hash).send();
      if (answer.hasError()
          && !answer.getError().getMessage().contains("indexing is in progress")) {
        throw new IOException("no receipt for " + hash + ": " + answer.getError().getMessage());
      }
      if (!answer.hasError() && answer.getTransactionReceipt().isPresent()) {
        TransactionReceipt receipt = answer.getTransactionReceipt().get();
        while (web3j.ethBlockNumber().send().getBlockNumber().compareTo(receipt.getBlockNumber())
            < 0) {
          if (System.nanoTime() > deadline) {
            throw new IOException("the head never reached block " + receipt.getBlockNumber());
          }
          Thread.sleep(2);
        }
        return receipt;
      }
      Thread.sleep(5);
    }
    throw new IOException("no receipt for " + hash + " in " + RECEIPT_WAIT);
  }

  /**
   * The estimate with a margin; a transaction that would revert gets the cap, and reverts mined.
   */
  private BigInteger gasFor(Credentials from, String to, String data) throws IOException {
    var estimate =
        web3j
            .ethEstimateGas(
                to == null
                    ? Transaction.createContractTransaction(from.getAddress(), null, null, data)
                    : Transaction.createEthCallTransaction(from.getAddress(), to, data))
            .send();
    if (estimate.hasError()) {
      return GAS_LIMIT_CAP;
    }
    return estimate.getAmountUsed().multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4));
  }

  @Override
  public void close() {
    web3j.shutdown();
    geth.destroy();
    try {
      if (!geth.waitFor(10, TimeUnit.SECONDS)) {
        geth.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      geth.destroyForcibly();
    }
  }

  private void awaitReady(Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      if (!geth.isAlive()) {
        throw new IllegalStateException("geth exited: " + Files.readString(log));
      }
      try {
        web3j.ethBlockNumber().send();
        return;
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("geth not ready in 60 s: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** A Clique genesis: London rules (no Shanghai: Clique does not support it), one signer. */
  private static String genesis(Credentials signer, Iterable<Credentials> funded) {
    StringBuilder alloc = new StringBuilder();
    for (Credentials c : funded) {
      if (alloc.length() > 0) {
        alloc.append(',');
      }
      alloc
          .append('"')
          .append(Numeric.cleanHexPrefix(c.getAddress()))
          .append("\":{\"balance\":\"0x")
          .append(BigInteger.TEN.pow(24).toString(16))
          .append("\"}");
    }
    String extra =
        "0x" + "00".repeat(32) + Numeric.cleanHexPrefix(signer.getAddress()) + "00".repeat(65);
    return """
        {"config":{"chainId":%d,"homesteadBlock":0,"eip150Block":0,"eip155Block":0,"eip158Block":0,
         "byzantiumBlock":0,"constantinopleBlock":0,"petersburgBlock":0,"istanbulBlock":0,
         "berlinBlock":0,"londonBlock":0,"clique":{"period":0,"epoch":30000}},
         "difficulty":"0x1","gasLimit":"0x%s","extradata":"%s","alloc":{%s}}
        """
        .formatted(CHAIN_ID, BigInteger.valueOf(30_000_000).toString(16), extra, alloc);
  }

  private static Path gethBinary() throws Exception {
    String script =
        System.getProperty(
            "geth.bin.script",
            Path.of("../../network/geth-bin.sh").toAbsolutePath().normalize().toString());
    Process p =
        new ProcessBuilder("bash", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(script + " failed");
    }
    return Path.of(dir, "geth");
  }

  private static void run(Path dir, String... command) throws Exception {
    Path log = dir.resolve("setup.log");
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(command)))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
