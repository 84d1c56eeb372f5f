package io.lcledger.node.ledger.fabric;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.lcledger.node.config.DurableCommits;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.ledger.Ledger;
import io.lcledger.node.ledger.PreparedTransactions;
import io.lcledger.node.peers.MemberCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fabric mode ({@code lc.mode=fabric}): one TLS gRPC channel to the branch's own peer, and one
 * Gateway over it per identity the node signs as, each call type with its own deadline.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lc.mode", havingValue = "fabric")
@EnableConfigurationProperties(FabricProperties.class)
class FabricConfiguration {

  @Bean(destroyMethod = "close")
  Ledger fabricLedger(
      FabricProperties fabric, NodeProperties node, JdbcClient db, DurableCommits durable)
      throws IOException {
    if (fabric.peerEndpoint() == null || fabric.peerTlsCa() == null) {
      throw new IllegalStateException(
          "lc.fabric.peer-endpoint and lc.fabric.peer-tls-ca are required");
    }
    if (fabric.identities().isEmpty()) {
      throw new IllegalStateException("lc.fabric.identities names no identity to sign with");
    }
    for (String branch : node.branches()) {
      if (!fabric.identities().containsKey(branch)) {
        throw new IllegalStateException("no Fabric identity for branch " + branch);
      }
    }
    ChannelCredentials tls =
        TlsChannelCredentials.newBuilder().trustManager(fabric.peerTlsCa().toFile()).build();
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(fabric.peerEndpoint(), tls);
    if (fabric.peerHostOverride() != null) {
      builder.overrideAuthority(fabric.peerHostOverride());
    }
    ManagedChannel channel = builder.build();
    Map<String, Gateway> gateways = new LinkedHashMap<>();
    fabric
        .identities()
        .forEach((member, identity) -> gateways.put(member, gateway(channel, fabric, identity)));
    return new FabricLedger(
        channel,
        gateways,
        fabric,
        PreparedTransactions.of(db, durable, node.dataDir().resolve("fabric").resolve("prepared")));
  }

  /** The same identities sign this node's requests to other branches' nodes. */
  @Bean
  MemberCredentials fabricMemberCredentials(FabricProperties fabric) {
    Map<String, MemberCredentials.Credential> loaded = new LinkedHashMap<>();
    fabric
        .identities()
        .forEach(
            (member, identity) -> {
              try {
                loaded.put(
                    member,
                    new MemberCredentials.Credential(
                        Identities.readPrivateKey(
                            Files.readString(
                                KeyFiles.fileOrOnlyFileIn(identity.privateKey()),
                                StandardCharsets.UTF_8)),
                        Files.readString(
                            KeyFiles.fileOrOnlyFileIn(identity.certificate()),
                            StandardCharsets.UTF_8)));
              } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load the identity of " + member, e);
              }
            });
    return member -> Optional.ofNullable(loaded.get(member));
  }

  private static Gateway gateway(
      ManagedChannel channel, FabricProperties fabric, FabricProperties.Identity identity) {
    try {
      X509Identity x509;
      try (Reader pem =
          Files.newBufferedReader(KeyFiles.fileOrOnlyFileIn(identity.certificate()))) {
        x509 = new X509Identity(identity.mspId(), Identities.readX509Certificate(pem));
      }
      var key =
          Identities.readPrivateKey(
              Files.readString(
                  KeyFiles.fileOrOnlyFileIn(identity.privateKey()), StandardCharsets.UTF_8));
      return Gateway.newInstance()
          .identity(x509)
          .signer(Signers.newPrivateKeySigner(key))
          .hash(Hash.SHA256)
          .connection(channel)
          .evaluateOptions(
              o -> o.withDeadlineAfter(millis(fabric.evaluateTimeout()), TimeUnit.MILLISECONDS))
          .endorseOptions(
              o -> o.withDeadlineAfter(millis(fabric.endorseTimeout()), TimeUnit.MILLISECONDS))
          .submitOptions(
              o -> o.withDeadlineAfter(millis(fabric.submitTimeout()), TimeUnit.MILLISECONDS))
          .commitStatusOptions(
              o -> o.withDeadlineAfter(millis(fabric.commitTimeout()), TimeUnit.MILLISECONDS))
          .connect();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the Fabric identity of " + identity.mspId(), e);
    }
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }
}
