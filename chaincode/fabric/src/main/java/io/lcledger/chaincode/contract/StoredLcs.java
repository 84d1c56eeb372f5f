package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.LcException;
import io.lcledger.chaincode.domain.LetterOfCredit;
import io.lcledger.chaincode.ledger.CanonicalJson;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The LC a transaction left, read from its write set by a ledger that keeps every collection (the
 * embedded ones): its public half points at the version of the terms the same transaction wrote. A
 * Fabric node cannot do this (its blocks hold only hashes) and reads the LC from its peer.
 */
public final class StoredLcs {
  private StoredLcs() {}

  /**
   * The LC as {@code publicWrite} and {@code privateWrite} (collection, key) hold it, or empty if
   * the transaction wrote no LC {@code lcNumber}; what cannot be read is an {@link LcException}.
   */
  public static Optional<LetterOfCredit> leftBy(
      Function<String, byte[]> publicWrite,
      BiFunction<String, String, byte[]> privateWrite,
      String lcNumber) {
    byte[] stored = publicWrite.apply(LedgerKeys.composite(LedgerKeys.LC, lcNumber));
    if (stored == null) {
      return Optional.empty();
    }
    PublicLc summary = PublicLc.of(stored);
    if (summary == null) {
      // written before the collections: the LC itself
      return Optional.of(CanonicalJson.read(stored, LetterOfCredit.class));
    }
    byte[] sealed =
        privateWrite.apply(summary.collection(), LedgerKeys.lcVersion(lcNumber, summary.version()));
    return Optional.ofNullable(sealed).map(bytes -> CanonicalJson.read(bytes, SealedLc.class).lc());
  }
}
