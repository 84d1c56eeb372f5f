package io.lcledger.node.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The embedded H2 database's store, found through a connection of the node's pool (no JDBC call
 * reaches it): its commits are written to the file on request, and its file compacted. Nothing for
 * a PostgreSQL, whose commits are durable and which vacuums its own.
 */
final class EmbeddedStore implements DurableCommits {
  private final DataSource dataSource;
  private volatile MVStore store;
  private volatile boolean embedded = true; // until a connection says otherwise
  private final GroupCommit writes = new GroupCommit(() -> store().ifPresent(MVStore::commit));

  EmbeddedStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Writes the commits not yet in the file, in one write with those of every thread waiting. */
  @Override
  public void flush() {
    // MVStore.commit writes the changes of every commit made so far (by any thread) in one chunk
    if (store().isPresent()) {
      writes.await();
    }
  }

  /** Whether the database may be the embedded one: false once a connection showed otherwise. */
  boolean embedded() {
    return embedded;
  }

  /** The open store, or none on PostgreSQL. */
  Optional<MVStore> store() {
    MVStore current = store;
    if (current != null && !current.isClosed()) {
      return Optional.of(current);
    }
    if (!embedded) {
      return Optional.empty();
    }
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isWrapperFor(JdbcConnection.class)) {
        embedded = false;
        return Optional.empty();
      }
      current = mvStore(connection);
      store = current;
      return Optional.of(current);
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("the node's database is not reachable", e);
    }
  }

  /** The store under an embedded H2 connection. */
  static MVStore mvStore(Connection connection) throws SQLException {
    return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession())
        .getDatabase()
        .getStore()
        .getMvStore();
  }
}
