package io.lcledger.node.ledger.evm;

import io.lcledger.node.config.DurableCommits;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.ledger.PreparedTransactions;
import io.lcledger.node.peers.PeerSigning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * EVM mode ({@code lc.mode=evm}): JSON-RPC over HTTP to the branch's own chain node, and one
 * account per member the node signs as, each decrypted once at start from its keystore.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lc.mode", havingValue = "evm")
@EnableConfigurationProperties(EvmProperties.class)
class EvmConfiguration {

  @Bean(destroyMethod = "close")
  EvmLedger evmLedger(EvmProperties evm, NodeProperties node, JdbcClient db, DurableCommits durable)
      throws IOException {
    if (evm.rpcUrl() == null || evm.contract() == null) {
      throw new IllegalStateException("lc.evm.rpc-url and lc.evm.contract are required");
    }
    if (evm.accounts().isEmpty()) {
      throw new IllegalStateException("lc.evm.accounts names no account to sign with");
    }
    for (String branch : node.branches()) {
      if (!evm.accounts().containsKey(branch)) {
        throw new IllegalStateException("no EVM account for branch " + branch);
      }
    }
    Map<String, Credentials> accounts = new LinkedHashMap<>();
    evm.accounts().forEach((member, account) -> accounts.put(member, credentials(member, account)));
    long timeout = evm.rpcTimeout().toMillis();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout, TimeUnit.MILLISECONDS)
            .readTimeout(timeout, TimeUnit.MILLISECONDS)
            .writeTimeout(timeout, TimeUnit.MILLISECONDS)
            .build();
    Web3j web3j = Web3j.build(new HttpService(evm.rpcUrl(), http));
    return new EvmLedger(web3j, evm, accounts, new PreparedTransactions(db, durable));
  }

  /** Node-to-node requests are signed with the branch's chain account, checked on the chain. */
  @Bean
  PeerSigning evmPeerSigning(EvmLedger ledger) {
    return new EvmPeerSigning(ledger);
  }

  private static Credentials credentials(String member, EvmProperties.Account account) {
    try {
      String password = Files.readString(account.passwordFile(), StandardCharsets.UTF_8).strip();
      return WalletUtils.loadCredentials(
          password, KeyFiles.fileOrOnlyFileIn(account.keystore()).toFile());
    } catch (IOException | CipherException e) {
      throw new IllegalStateException("cannot open the EVM account of " + member, e);
    }
  }
}
