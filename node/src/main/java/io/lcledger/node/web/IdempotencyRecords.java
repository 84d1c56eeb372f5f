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
 * <p>A claim is durable before its request goes on: the ledger may take the step, and after a crash
 * only that request may use the key. An answer need not wait for the disk: lost to a crash, the
 * retry runs again and the ledger, which knows the key, answers the step it took.
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
   * earlier attempt, here or on another node); answers the record the key holds now.
   */
  Kept claim(String id, String requestHash) {
    try {
      db.sql("insert into idempotency_record (record_id, request_hash) values (?, ?)")
          .params(id, requestHash)
          .update();
      durable.flush();
      return new Kept(requestHash, null, null, null);
    } catch (DuplicateKeyException bound) {
      return find(id).orElseThrow();
    }
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
          Files.delete(file);
        }
      }
    }
  }
}
