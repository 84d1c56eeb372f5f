package io.lcledger.node.store;

import com.zaxxer.hikari.HikariDataSource;
import io.lcledger.node.config.DurableCommits;
import io.lcledger.node.config.StoreConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A node store for tests, migrated by the node's own Flyway scripts: the sandbox's embedded H2 in a
 * directory, or a fresh schema in the real PostgreSQL that {@code bin/test} starts (named by {@code
 * LC_TEST_POSTGRES_URL}, user and password {@code LC_TEST_POSTGRES_USER} / {@code _PASSWORD}).
 */
public final class TestDatabase implements AutoCloseable {
  /** Where the tests' PostgreSQL is; bin/test starts it there. */
  public static final String POSTGRES_URL =
      env("LC_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/lcledger_test");

  private final HikariDataSource dataSource;
  public final JdbcClient db;
  public final TransactionTemplate transaction;
  public final DurableCommits durable;
  private final Runnable dropper;

  private TestDatabase(HikariDataSource dataSource, Runnable dropper, MigrationVersion schema) {
    this.dataSource = dataSource;
    this.db = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.durable = DurableCommits.of(dataSource);
    this.dropper = dropper;
    migrate(schema);
  }

  /**
   * The store a parameterised test names: {@code "postgres"} for {@link #postgres()}, anything else
   * for {@link #h2} under {@code dir}.
   */
  public static TestDatabase of(String kind, Path dir) {
    return of(kind, dir, MigrationVersion.LATEST);
  }

  /** As {@link #of(String, Path)}, its schema as of migration {@code schema}. */
  public static TestDatabase of(String kind, Path dir, MigrationVersion schema) {
    return kind.equals("postgres") ? postgres(schema) : h2(dir, schema);
  }

  /**
   * Brings the schema to {@code version} (an earlier version's is kept as it was; the latest is
   * {@link MigrationVersion#LATEST}), as a node of that version would have left it.
   */
  public void migrate(MigrationVersion version) {
    Flyway.configure().dataSource(dataSource).target(version).load().migrate();
  }

  /** The sandbox's embedded database under {@code dir}, as the node opens it. */
  public static TestDatabase h2(Path dir) {
    return h2(dir, MigrationVersion.LATEST);
  }

  private static TestDatabase h2(Path dir, MigrationVersion schema) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(StoreConfiguration.embeddedDatabaseUrl(dir));
    ds.setUsername("lc");
    ds.setPassword("");
    return new TestDatabase(ds, () -> {}, schema);
  }

  /** A new, empty schema of the tests' PostgreSQL, dropped on close. */
  public static TestDatabase postgres() {
    return postgres(MigrationVersion.LATEST);
  }

  private static TestDatabase postgres(MigrationVersion version) {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    HikariDataSource admin = postgresPool(null);
    JdbcClient.create(admin).sql("create schema " + schema).update();
    admin.close();
    HikariDataSource ds = postgresPool(schema);
    return new TestDatabase(
        ds,
        () -> {
          try (HikariDataSource cleanup = postgresPool(null)) {
            JdbcClient.create(cleanup).sql("drop schema " + schema + " cascade").update();
          }
        },
        version);
  }

  private static HikariDataSource postgresPool(String schema) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(POSTGRES_URL);
    ds.setUsername(env("LC_TEST_POSTGRES_USER", "lcledger"));
    ds.setPassword(env("LC_TEST_POSTGRES_PASSWORD", "lcledger"));
    ds.setMaximumPoolSize(4);
    if (schema != null) {
      ds.setSchema(schema);
    }
    return ds;
  }

  private static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The {@code n}th write to a database, or the check of what a copy holds after it. */
  public interface Nth {
    void on(TestDatabase db, int n) throws Exception;
  }

  /**
   * Makes {@code times} writes to an embedded database under {@code dir}, copies its file as a kill
   * -9 of the node would leave it right after each write returns, then checks each copy. The
   * database writes commits to its file within 50 ms, so a copy made at once rarely holds a commit
   * that was not flushed: a write that forgets to flush is seen in one copy or another.
   */
  public static void eachWriteSurvivesAKill(Path dir, int times, Nth write, Nth check)
      throws Exception {
    Path node = dir.resolve("node");
    try (TestDatabase db = h2(node)) {
      for (int n = 0; n < times; n++) {
        write.on(db, n);
        copyAsKilled(node, dir.resolve("killed-" + n));
      }
    }
    for (int n = 0; n < times; n++) {
      try (TestDatabase killed = h2(dir.resolve("killed-" + n))) {
        check.on(killed, n);
      }
    }
  }

  /**
   * Copies the embedded database's file under {@code dir} to {@code into} as a kill -9 of the node
   * would leave it now; {@link #h2(Path)} of {@code into} opens it again.
   */
  public static void copyAsKilled(Path dir, Path into) throws IOException {
    Path file = Path.of("db", "node.mv.db");
    Files.createDirectories(into.resolve(file).getParent());
    Files.copy(dir.resolve(file), into.resolve(file));
  }

  @Override
  public void close() {
    dataSource.close();
    dropper.run();
  }
}
