package io.lcledger.node.ledger;

import io.lcledger.node.config.DurableCommits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each idempotency key's signed transaction, in the node's database before it is submitted. A retry
 * under the key, even after a crash or on another node of the branch sharing the database, finds it
 * and asks the ledger what became of it instead of preparing the step again; submitting the very
 * same transaction again can never apply it twice (Fabric invalidates a repeated transaction id; an
 * EVM chain, a repeated account nonce). Two nodes preparing the same key at once agree on one
 * transaction: the first kept wins, and the other submits that one. A transaction kept is durable
 * before it is submitted.
 */
public final class PreparedTransactions {
  private final JdbcClient db;
  private final DurableCommits durable;

  public PreparedTransactions(JdbcClient db, DurableCommits durable) {
    this.db = db;
    this.durable = durable;
  }

  /**
   * The prepared transactions in {@code db}, after bringing in those an earlier version kept as
   * files in {@code directory} (each named by its key's hash), so that a retry across the upgrade
   * still finds its transaction.
   */
  public static PreparedTransactions of(JdbcClient db, DurableCommits durable, Path directory)
      throws IOException {
    PreparedTransactions prepared = new PreparedTransactions(db, durable);
    if (Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".tx")).toList()) {
          String keyHash = file.getFileName().toString().replace(".tx", "");
          if (db.sql("select count(*) from prepared_transaction where key_hash = ?")
                  .param(keyHash)
                  .query(Long.class)
                  .single()
              == 0) {
            db.sql("insert into prepared_transaction (key_hash, signed) values (?, ?)")
                .params(keyHash, Files.readAllBytes(file))
                .update();
            durable.flush();
          }
          Files.delete(file);
        }
      }
    }
    return prepared;
  }

  public Optional<byte[]> find(String key) {
    return db.sql("select signed, envelope from prepared_transaction where key_hash = ?")
        .param(hash(key))
        .query(
            (rs, n) -> {
              byte[] signed = rs.getBytes(1);
              // kept in base64 before V5
              return signed != null ? signed : Base64.getDecoder().decode(rs.getString(2));
            })
        .optional();
  }

  /**
   * Keeps {@code transaction} under {@code key} in place of {@code replaced} (null: none yet, the
   * first attempt; else the attempt that lost an MVCC race, or whose nonce another took); answers
   * the transaction kept under the key now, which is another's if another node got there first.
   */
  public byte[] keep(String key, byte[] replaced, byte[] transaction) {
    boolean kept;
    if (replaced == null) {
      try {
        db.sql("insert into prepared_transaction (key_hash, signed) values (?, ?)")
            .params(hash(key), transaction)
            .update();
        kept = true;
      } catch (DuplicateKeyException another) {
        kept = false;
      }
    } else {
      kept =
          db.sql(
                      "update prepared_transaction set signed = ?, envelope = null"
                          + " where key_hash = ?"
                          + " and (signed = ? or signed is null and envelope = ?)")
                  .params(
                      transaction,
                      hash(key),
                      replaced,
                      Base64.getEncoder().encodeToString(replaced))
                  .update()
              == 1;
    }
    if (kept) {
      durable.flush();
      return transaction;
    }
    return find(key).orElseThrow();
  }

  /** A key is the client's text: it is kept by its hash. */
  private static String hash(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
