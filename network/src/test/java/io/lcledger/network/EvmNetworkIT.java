package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.evm.EvmCalls;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The EVM chain as {@code network/evmnet} runs it: three Clique signers, one per branch, with the
 * LC contract deployed, the branches, the auditor and the calendars registered. With one signer
 * killed, the other two go on sealing and a transaction is mined; the killed signer, restarted,
 * catches up.
 */
class EvmNetworkIT {
  private static final List<String> SIGNERS = List.of("shanghai", "yangzhou", "forfaiter");
  private static Map<String, String> env;
  private static final Map<String, Web3j> rpc = new LinkedHashMap<>();

  @BeforeAll
  static void up() throws Exception {
    env = EvmNet.up();
    for (String s : SIGNERS) {
      rpc.put(s, Web3j.build(new HttpService(env.get("EVMNET_" + s.toUpperCase() + "_RPC"))));
    }
  }

  @AfterAll
  static void down() throws Exception {
    rpc.values().forEach(Web3j::shutdown);
    evmnet("down");
  }

  @Test
  void theContractIsDeployedAndEverySignerSealsTheSameChain() throws Exception {
    String contract = env.get("EVMNET_CONTRACT");
    assertThat(contract).matches("0x[0-9a-fA-F]{40}");
    for (Web3j signer : rpc.values()) {
      String code = signer.ethGetCode(contract, DefaultBlockParameterName.LATEST).send().getCode();
      assertThat(code.length()).as("the contract's code").isGreaterThan(1_000);
    }
    // registered by the deployment: each branch's account, the auditor, and the 2026 calendar
    for (String s : SIGNERS) {
      List<Type<?>> member =
          call("memberOf", address(env.get("EVMNET_" + s.toUpperCase() + "_ADDRESS")));
      assertThat(((Uint16) member.get(0)).getValue()).as(s).isPositive();
      assertThat(((Bool) member.get(1)).getValue()).as(s + " is no auditor").isFalse();
    }
    assertThat(
            ((Bool) call("memberOf", address(env.get("EVMNET_AUDITOR_ADDRESS"))).get(1)).getValue())
        .isTrue();
    assertThat(isBusinessDay("2026-10-01")).as("National Day").isFalse();
    assertThat(isBusinessDay("2026-09-20")).as("a Sunday worked (调休)").isTrue();
    assertThat(isBusinessDay("2026-10-08")).as("an ordinary Thursday").isTrue();

    long start = height("shanghai");
    awaitTrue(Duration.ofSeconds(30), () -> height("shanghai") >= start + 3);
    long h = height("shanghai") - 1;
    String hash = block("shanghai", h);
    for (String s : SIGNERS) {
      awaitTrue(Duration.ofSeconds(10), () -> height(s) > h);
      assertThat(block(s, h)).as(s + "'s block " + h).isEqualTo(hash);
    }
  }

  @Test
  void withOneSignerKilledTheOtherTwoGoOnAndItCatchesUpWhenBack() throws Exception {
    evmnet("kill", "geth-yangzhou");
    try {
      long killedAt = height("shanghai");
      awaitTrue(Duration.ofSeconds(30), () -> height("shanghai") >= killedAt + 4);

      Credentials shanghai =
          WalletUtils.loadCredentials(
              Files.readString(Path.of(env.get("EVMNET_SHANGHAI_PASSWORD_FILE"))).strip(),
              env.get("EVMNET_SHANGHAI_KEYSTORE"));
      TransactionReceipt receipt =
          transfer(rpc.get("forfaiter"), shanghai, env.get("EVMNET_AUDITOR_ADDRESS"));
      assertThat(receipt.isStatusOK()).isTrue();
    } finally {
      evmnet("start", "geth-yangzhou");
    }
    long now = height("shanghai");
    awaitTrue(Duration.ofSeconds(60), () -> height("yangzhou") >= now);
    assertThat(block("yangzhou", now)).isEqualTo(block("shanghai", now));
  }

  private static Address address(String hex) {
    return new Address(hex);
  }

  private static boolean isBusinessDay(String date) throws IOException {
    long day = java.time.LocalDate.parse(date).toEpochDay();
    return ((Bool) call("isBusinessDay", new Uint32(day)).get(0)).getValue();
  }

  /**
   * Calls a view of the contract (as the auditor) through shanghai's signer; its decoded outputs.
   */
  private static List<Type<?>> call(String name, Type<?>... inputs) throws IOException {
    List<TypeReference<?>> outputs =
        switch (name) {
          case "memberOf" -> List.of(new TypeReference<Uint16>() {}, new TypeReference<Bool>() {});
          case "isBusinessDay" -> List.of(new TypeReference<Bool>() {});
          default -> throw new IllegalArgumentException(name);
        };
    Function function = new Function(name, List.of(inputs), outputs);
    String result =
        rpc.get("shanghai")
            .ethCall(
                Transaction.createEthCallTransaction(
                    env.get("EVMNET_AUDITOR_ADDRESS"),
                    env.get("EVMNET_CONTRACT"),
                    FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST)
            .send()
            .getValue();
    return EvmCalls.decodeValues(result, outputs);
  }

  /** A signed value transfer sent through {@code node}, awaited until mined. */
  private static TransactionReceipt transfer(Web3j node, Credentials from, String to)
      throws Exception {
    BigInteger nonce =
        node.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    RawTransaction tx =
        RawTransaction.createEtherTransaction(
            nonce,
            node.ethGasPrice().send().getGasPrice(),
            BigInteger.valueOf(21_000),
            to,
            BigInteger.ONE);
    long chainId = Long.parseLong(env.get("EVMNET_CHAIN_ID"));
    String hash =
        node.ethSendRawTransaction(
                Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, from)))
            .send()
            .getTransactionHash();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      EthGetTransactionReceipt r = node.ethGetTransactionReceipt(hash).send();
      if (!r.hasError() && r.getTransactionReceipt().isPresent()) {
        return r.getTransactionReceipt().get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("transaction " + hash + " not mined in 60 s");
  }

  private static long height(String signer) {
    try {
      return rpc.get(signer).ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException | RuntimeException down) {
      return -1;
    }
  }

  private static String block(String signer, long number) throws IOException {
    return rpc.get(signer)
        .ethGetBlockByNumber(
            org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
            false)
        .send()
        .getBlock()
        .getHash();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Duration limit, Condition condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as("waited " + limit).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static void evmnet(String... args) throws Exception {
    EvmNet.run(args);
  }
}
