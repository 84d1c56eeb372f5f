package io.lcledger.chaincode.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * The LC a transaction left, read from its write set by a ledger that keeps every collection (the
 * embedded ones): its public half points at the version of the terms the same transaction wrote. A
 * Fabric node cannot do this (its blocks hold only hashes) and reads the LC from its peer.
 */
public final class StoredLcs {
  private StoredLcs() {}

  /**
   * The LC's canonical JSON as {@code publicWrite} and {@code privateWrite} (collection, key) hold
   * it, or empty if the transaction wrote no LC {@code lcNumber}.
   */
  public static Optional<String> leftBy(
      Function<String, byte[]> publicWrite,
      BiFunction<String, String, byte[]> privateWrite,
      String lcNumber) {
    byte[] stored = publicWrite.apply(new CompositeKey(LedgerKeys.LC, lcNumber).toString());
    if (stored == null) {
      return Optional.empty();
    }
    JsonNode tree;
    try {
      tree = CanonicalJson.tree(stored);
    } catch (LcException notJson) {
      return Optional.of(new String(stored, java.nio.charset.StandardCharsets.UTF_8));
    }
    if (!tree.has("termsHash")) {
      return Optional.of(tree.toString()); // written before the collections: the LC itself
    }
    PublicLc summary = CanonicalJson.read(stored, PublicLc.class);
    byte[] sealed =
        privateWrite.apply(summary.collection(), LedgerKeys.lcVersion(lcNumber, summary.version()));
    if (sealed == null) {
      return Optional.empty();
    }
    return Optional.of(CanonicalJson.string(CanonicalJson.read(sealed, SealedLc.class).lc()));
  }
}
