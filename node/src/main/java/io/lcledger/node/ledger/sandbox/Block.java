package io.lcledger.node.ledger.sandbox;

import io.lcledger.chaincode.ledger.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One block of the sandbox chain: the signed transactions committed together (group commit, as an
 * orderer cuts a batch), each with its write set and event. {@code hash} covers the block number,
 * the previous block's hash and the digest of the transactions, so changing any byte of any block
 * breaks every later link. Blocks written before group commit hold one transaction in {@code tx}
 * and keep their hashes; new blocks hold theirs in {@code txs}.
 */
record Block(long number, String previousHash, Tx tx, List<Tx> txs, String hash) {
  static final String GENESIS_PREVIOUS = "0".repeat(64);

  /** The block's transactions, in commit order. */
  List<Tx> transactions() {
    return tx != null ? List.of(tx) : txs;
  }

  /**
   * A transaction as committed: proposal, creator, signature, writes, policies and event, and the
   * hash of the idempotency key its request came with, if any, with the hash of that request (each
   * absent from blocks written before it was carried: canonical JSON leaves nulls out, so their
   * hashes and signatures hold).
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
      String requestKey,
      String requestHash) {

    /** What the creator signs: the proposal, not the results. */
    byte[] proposalBytes() {
      return new Proposal(txId, mspId, function, args, timestamp, requestKey, requestHash).bytes();
    }
  }

  record Proposal(
      String txId,
      String mspId,
      String function,
      List<String> args,
      String timestamp,
      String requestKey,
      String requestHash) {
    byte[] bytes() {
      return CanonicalJson.bytes(this);
    }
  }

  /** A key written (value in Base64), or deleted (value null). */
  record Write(String key, String value) {}

  record Event(String name, String payload) {}

  static Block seal(long number, String previousHash, List<Tx> txs) {
    List<Tx> copy = List.copyOf(txs);
    return new Block(number, previousHash, null, copy, hashOf(number, previousHash, copy));
  }

  private static String hashOf(long number, String previousHash, Object content) {
    return sha256(number + ":" + previousHash + ":" + sha256(CanonicalJson.string(content)));
  }

  boolean hashIsIntact() {
    return (tx == null) != (txs == null)
        && (txs == null || !txs.isEmpty())
        && hash.equals(hashOf(number, previousHash, tx != null ? tx : txs));
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
