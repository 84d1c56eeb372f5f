package io.lcledger.node.ledger.evm;

import io.lcledger.node.peers.PeerSigning;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Node-to-node requests signed with the member's own chain account (secp256k1, the Ethereum signed
 * message form), checked by recovering the account from the signature and asking the chain which
 * account the contract registers for that member: the contract is the one registry of who is who.
 */
final class EvmPeerSigning implements PeerSigning {
  private static final int SIGNATURE_BYTES = 65;

  private final EvmLedger ledger;

  EvmPeerSigning(EvmLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Optional<Signed> sign(String member, byte[] content) {
    Optional<Credentials> account = ledger.accountOf(member);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    Sign.SignatureData s = Sign.signPrefixedMessage(content, account.get().getEcKeyPair());
    byte[] signature = new byte[SIGNATURE_BYTES];
    System.arraycopy(s.getR(), 0, signature, 0, 32);
    System.arraycopy(s.getS(), 0, signature, 32, 32);
    signature[64] = s.getV()[0];
    return Optional.of(new Signed(Keys.toChecksumAddress(account.get().getAddress()), signature));
  }

  @Override
  public boolean verify(String member, Signed signed, byte[] content) {
    byte[] sig = signed.signature();
    if (sig.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      BigInteger key =
          Sign.signedPrefixedMessageToKey(
              content,
              new Sign.SignatureData(
                  sig[64], Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64)));
      String account = "0x" + Keys.getAddress(key);
      return account.equalsIgnoreCase(signed.identity()) && ledger.actsAs(member, account);
    } catch (SignatureException | IOException | RuntimeException e) {
      return false;
    }
  }
}
