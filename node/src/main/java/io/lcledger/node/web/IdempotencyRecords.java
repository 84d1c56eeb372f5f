package io.lcledger.node.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.DurableCommits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code Idempotency-Key} records in the node's database, shared by the nodes of a branch: the
 * request a key was first used with (its hash), and once answered (below 500) the response.
 *
 * <p>A claim is on disk before anything its request does is: after a crash only that request may
 * use the key. It is not written at once, since what a request does is on disk only with it or
 * after it: a later commit of the same database (a Fabric or EVM transaction kept before it is
 * sent, a webhook subscription) is written with every commit before it; a file (an uploaded
 * document) is written after {@link #flush} ({@link
 * io.lcledger.node.ledger.RequestKeys#beforeEffect}); a step on the sandbox ledger carries the
 * request's hash beside its key, and the ledger refuses the key to another request. An answer need
 * not wait for the disk: lost to a crash, the retry runs again and the ledger, which knows the key,
 * answers the step it took.
 */
final class IdempotencyRecords {
  private final JdbcClient db;
  private final DurableCommits durable;

  IdempotencyRecords(JdbcClient db, DurableCommits durable) {
    this.db = db;
    this.durable = durable;
  }

  /**
   * A key's record; {@code status} is null while its request has no answer. (As JSON, in the files
   * of an earlier version, the body is base64, Jackson's form of bytes.)
   */
  record Kept(String requestHash, Integer status, String contentType, byte[] body) {}

  Optional<Kept> find(String id) {
    return db.sql(
            "select request_hash, status, content_type, response, body from idempotency_record"
                + " where record_id = ?")
        .param(id)
        .query(
            (rs, n) -> {
              byte[] response = rs.getBytes(4);
              String base64 = rs.getString(5); // kept before V5
              return new Kept(
                  rs.getString(1),
                  (Integer) rs.getObject(2),
                  rs.getString(3),
                  response != null || base64 == null
                      ? response
                      : Base64.getDecoder().decode(base64));
            })
        .optional();
  }

  /**
   * Binds key {@code id} to the request {@code requestHash} unless it is bound already (by an
   * earlier attempt, here or on another node); answers the record the key holds now. A new binding
   * is on disk with the database's next write ({@link #flush}).
   */
  Kept claim(String id, String requestHash) {
    try {
      db.sql("insert into idempotency_record (record_id, request_hash) values (?, ?)")
          .params(id, requestHash)
          .update();
      return new Kept(requestHash, null, null, null);
    } catch (DuplicateKeyException bound) {
      return find(id).orElseThrow();
    }
  }

  /** Writes every claim made so far to disk. */
  void flush() {
    durable.flush();
  }

  /**
   * Unbinds key {@code id} from {@code requestHash} while it has no answer: the ledger said another
   * request took the key (a claim lost to a crash), so this one must not keep it.
   */
  void release(String id, String requestHash) {
    db.sql(
            "delete from idempotency_record"
                + " where record_id = ? and request_hash = ? and status is null")
        .params(id, requestHash)
        .update();
  }

  /** Keeps the answer of the key's request; the first answer kept stays. */
  void answer(String id, int status, String contentType, byte[] body) {
    db.sql(
            "update idempotency_record set status = ?, content_type = ?, response = ?"
                + " where record_id = ? and status is null")
        .params(status, contentType, body, id)
        .update();
  }

  /**
   * Brings in the records an earlier version kept as files ({@code <id>.json} answered, {@code
   * <id>.pending} holding the request's hash), so that a retry across the upgrade is still
   * recognised; the files are removed once in the database.
   */
  void importFiles(Path directory, ObjectMapper json) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
          Kept kept = json.readValue(file.toFile(), Kept.class);
          String id = name.substring(0, name.length() - ".json".length());
          claim(id, kept.requestHash());
          answer(id, kept.status(), kept.contentType(), kept.body());
          durable.flush();
          Files.delete(file);
        } else if (name.endsWith(".pending")) {
          String id = name.substring(0, name.length() - ".pending".length());
          claim(id, Files.readString(file, StandardCharsets.UTF_8));
          durable.flush();
          Files.delete(file);
        }
      }
    }
  }
}
