package db.migration;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The read model's LCs ({@code lc_entry.lc_json}) and the outbox's notifications ({@code
 * notification.body}) as UTF-8 bytes instead of text: the embedded H2 serialises a text character
 * by character each time it writes the page that holds it, which was the largest part of its own
 * CPU per step (V5 did the same for kept responses). Existing rows are converted in place, so every
 * row is read one way. Java, not SQL, because the conversion is written differently in each
 * database: H2 casts text to bytes as UTF-8; PostgreSQL needs {@code convert_to}. The class lives
 * where Flyway looks for migrations ({@code classpath:db/migration}) and is named as they are.
 */
public class V6__Json_as_bytes extends BaseJavaMigration {

  private static final String[][] JSON_COLUMNS = {
    {"lc_entry", "lc_json"}, {"notification", "body"},
  };

  @Override
  public void migrate(Context context) throws SQLException {
    boolean postgres =
        "PostgreSQL".equals(context.getConnection().getMetaData().getDatabaseProductName());
    try (Statement statement = context.getConnection().createStatement()) {
      for (String[] column : JSON_COLUMNS) {
        String table = column[0];
        String name = column[1];
        statement.execute(
            postgres
                ? "alter table %s alter column %s type bytea using convert_to(%s, 'UTF8')"
                    .formatted(table, name, name)
                : "alter table %s alter column %s set data type bytea".formatted(table, name));
      }
    }
  }
}
