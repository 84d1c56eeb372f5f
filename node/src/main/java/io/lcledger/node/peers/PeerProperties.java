package io.lcledger.node.peers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The other members of the network, as this node knows them ({@code lc.peers.*}).
 *
 * @param members by member name (a branch, or {@code auditor}): its node's base URL, if it runs one
 *     that keeps documents, and the CA certificate of its MSP, which its signed requests must chain
 *     to
 * @param timeout deadline of one call to another node
 * @param clockSkew how far a signed request's date may be from this node's clock
 */
@ConfigurationProperties("lc.peers")
public record PeerProperties(
    Map<String, PeerMember> members, Duration timeout, Duration clockSkew) {
  public PeerProperties {
    members = members == null ? Map.of() : Map.copyOf(members);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    clockSkew = clockSkew == null ? Duration.ofMinutes(2) : clockSkew;
  }

  /**
   * One member: {@code url} of its node (none for an auditor), {@code mspCa} its MSP's CA
   * certificate (a PEM file, or the MSP's {@code cacerts} directory), {@code auditor} whether it
   * may read every LC. For a member this node serves, {@code certificate} and {@code privateKey}
   * (PEM files or MSP directories), if set, are the key it signs its node-to-node requests with
   * instead of its ledger identity: an SM2 key, say, with a certificate its MSP's CA issued.
   */
  public record PeerMember(
      URI url, Path mspCa, boolean auditor, Path certificate, Path privateKey) {}
}
