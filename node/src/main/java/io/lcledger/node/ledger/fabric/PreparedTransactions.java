package io.lcledger.node.ledger.fabric;

import io.lcledger.node.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Each idempotency key's endorsed, signed transaction, on disk before it is submitted. A retry
 * under the key, even after a crash, finds it and asks the ledger what became of it instead of
 * endorsing the step again; submitting the very same envelope again can never apply it twice, since
 * Fabric invalidates a repeated transaction id.
 */
final class PreparedTransactions {
  private final Path directory;

  PreparedTransactions(Path directory) {
    this.directory = directory;
  }

  Optional<byte[]> find(String key) {
    try {
      return Optional.of(Files.readAllBytes(file(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void keep(String key, byte[] transaction) {
    try {
      DurableFiles.replace(file(key), transaction);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the prepared transaction", e);
    }
  }

  /** One file per key, named by the key's hash: a key is the client's text. */
  private Path file(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return directory.resolve(HexFormat.of().formatHex(hash) + ".tx");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
