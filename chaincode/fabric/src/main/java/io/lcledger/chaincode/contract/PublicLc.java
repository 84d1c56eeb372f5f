package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What the channel's public state holds of an LC, readable by every peer: what the rules and the
 * other members need (its number, status and banks) and the hash that binds its terms. The terms
 * themselves (companies, goods, amounts, documents) live in the private data collection of the LC's
 * banks, {@link #collection}, one key per version.
 *
 * @param version how many versions the LC has; the terms of version n are under {@code lcv/n}
 * @param collection the collection of the LC's banks that holds its terms
 * @param termsHash hex SHA-256 of this version's sealed terms as stored in the collection
 */
public record PublicLc(
    String lcNumber,
    LcStatus status,
    String issuingBranch,
    String advisingBranch,
    List<String> branches,
    int version,
    String collection,
    String termsHash) {

  public PublicLc {
    branches = branches == null ? List.of() : List.copyOf(branches);
  }

  /**
   * The public half stored under an LC's key, or null for an LC stored whole (before its terms
   * moved to a collection). Bytes that are not JSON are {@link
   * io.lcledger.chaincode.domain.LcException}.
   */
  public static PublicLc of(byte[] stored) {
    return CanonicalJson.tree(stored).has("termsHash")
        ? CanonicalJson.read(stored, PublicLc.class)
        : null;
  }

  /** The hash the channel keeps of a version's sealed terms: hex SHA-256 of their bytes. */
  public static String hashOf(byte[] sealed) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sealed));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
