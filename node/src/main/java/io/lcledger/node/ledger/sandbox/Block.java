package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One block of the sandbox chain, holding one signed transaction with its write set and event.
 * {@code hash} covers the block number, the previous block's hash and the digest of the
 * transaction, so changing any byte of any block breaks every later link.
 */
record Block(long number, String previousHash, Tx tx, String hash) {
  static final String GENESIS_PREVIOUS = "0".repeat(64);

  /**
   * A transaction as committed: proposal, creator, signature, writes, policies and event, and the
   * hash of the idempotency key its request came with, if any (absent from blocks written before it
   * was carried: canonical JSON leaves nulls out, so their hashes hold).
   */
  record Tx(
      String txId,
      String mspId,
      String creatorCertificate,
      String function,
      List<String> args,
      String timestamp,
      List<Write> writes,
      List<Write> policies,
      Event event,
      String signature,
      String requestKey) {

    /** What the creator signs: the proposal, not the results. */
    byte[] proposalBytes() {
      return CanonicalJson.bytes(new Proposal(txId, mspId, function, args, timestamp, requestKey));
    }
  }

  record Proposal(
      String txId,
      String mspId,
      String function,
      List<String> args,
      String timestamp,
      String requestKey) {}

  /** A key written (value in Base64), or deleted (value null). */
  record Write(String key, String value) {}

  record Event(String name, String payload) {}

  static Block seal(long number, String previousHash, Tx tx) {
    return new Block(number, previousHash, tx, hashOf(number, previousHash, tx));
  }

  static String hashOf(long number, String previousHash, Tx tx) {
    return sha256(number + ":" + previousHash + ":" + sha256(CanonicalJson.string(tx)));
  }

  boolean hashIsIntact() {
    return hash.equals(hashOf(number, previousHash, tx));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
