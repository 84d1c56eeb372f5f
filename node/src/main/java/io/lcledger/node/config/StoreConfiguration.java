package io.lcledger.node.config;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's own database (read model, outbox, event checkpoint). A deployment names its PostgreSQL
 * with {@code spring.datasource.url}, {@code username} and {@code password}; without one, the node
 * keeps an embedded H2 database under {@code lc.data-dir}, so that the sandbox needs no server.
 * Flyway brings either to the current schema on start.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {
  // "retry:" reopens the file when a thread reading it is interrupted (which closes the channel);
  // the options: H2 as close to PostgreSQL as it goes, so one set of migrations and queries serves
  // both; closed by the node (its pool) at shutdown, after the beans that write to it, not by H2's
  // own hook before them; commits written to the file together, at most 50 ms after they are made
  // or at once where the node needs them durable (DurableCommits; a write per commit took a third
  // of the request threads' CPU); H2's compaction off, the node's own runs in small bites
  // (EmbeddedStoreCompaction); with a commit per batch of events, space freed is reused after a
  // second rather than H2's default 45 s, or the file grows by gigabytes per 100k transactions
  private static final String EMBEDDED_OPTIONS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=50"
          + ";AUTO_COMPACT_FILL_RATE=0;RETENTION_TIME=1000";

  /** The embedded database of a node whose data is under {@code dataDir}, as the node opens it. */
  public static String embeddedDatabaseUrl(Path dataDir) {
    return "jdbc:h2:retry:"
        + dataDir.toAbsolutePath().resolve("db").resolve("node")
        + EMBEDDED_OPTIONS;
  }

  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  DataSource dataSource(DataSourceProperties database, NodeProperties node) {
    if (database.getUrl() == null || database.getUrl().isBlank()) {
      database.setUrl(embeddedDatabaseUrl(node.dataDir()));
      database.setUsername("lc");
      database.setPassword("");
    }
    return database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
  }

  /**
   * The embedded database's store: its commits made durable on request; nothing for a PostgreSQL.
   */
  @Bean
  EmbeddedStore embeddedStore(DataSource dataSource) {
    return new EmbeddedStore(dataSource);
  }

  /** The embedded database's file compacted as the node runs; nothing for a PostgreSQL. */
  @Bean
  EmbeddedStoreCompaction embeddedStoreCompaction(EmbeddedStore store) {
    return new EmbeddedStoreCompaction(store);
  }
}
