package io.lcledger.node.ledger.evm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a node reaches its branch's EVM node in EVM mode ({@code lc.evm.*}).
 *
 * @param rpcUrl the branch's own chain node, its JSON-RPC over HTTP
 * @param contract the LC contract's address
 * @param fromBlock the block the contract was deployed in: no earlier block holds its logs
 * @param accounts who the node signs as: the branch it serves (and {@code auditor} on an auditor's
 *     node), each an encrypted keystore file and the file holding its password
 * @param confirmations how many blocks, counting its own, must hold a transaction before its step
 *     counts, and before its event is notified (a proof-of-authority chain can reorganise short
 *     forks)
 * @param pollInterval how often receipts and new blocks are asked for
 * @param receiptTimeout how long a sent transaction is waited for
 * @param rpcTimeout the deadline of one JSON-RPC request
 */
@ConfigurationProperties("lc.evm")
record EvmProperties(
    String rpcUrl,
    String contract,
    Long fromBlock,
    Map<String, Account> accounts,
    Integer confirmations,
    Duration pollInterval,
    Duration receiptTimeout,
    Duration rpcTimeout) {

  EvmProperties {
    fromBlock = fromBlock == null ? 0 : fromBlock;
    accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    confirmations = confirmations == null ? 1 : confirmations;
    pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
    receiptTimeout = receiptTimeout == null ? Duration.ofSeconds(60) : receiptTimeout;
    rpcTimeout = rpcTimeout == null ? Duration.ofSeconds(10) : rpcTimeout;
  }

  /** One signing account: its keystore (a file, or a directory holding only it) and password. */
  record Account(Path keystore, Path passwordFile) {}
}
