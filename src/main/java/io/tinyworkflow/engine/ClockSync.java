package io.tinyworkflow.engine;

import io.tinyworkflow.persistence.PersistenceFailure;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps the engine's clock on the database's: reads the database's time when the engine starts and
 * every minute after, and moves the {@link DatabaseClock} by the difference. SQLite runs in this
 * process, so its clock is this machine's.
 */
@ApplicationScoped
public class ClockSync {

  private static final Logger LOG = Logger.getLogger(ClockSync.class.getName());

  /** An offset beyond this is worth an operator's attention. */
  private static final long NOTABLE_OFFSET_MILLIS = 1000;

  @Inject DatabaseClock clock;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Reads the database's clock and moves the engine's clock by the difference. When the database
   * cannot be read, the last offset stays.
   *
   * @return the offset in milliseconds that the engine's clock now applies
   */
  public long sync() {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      String sql = databaseTimeQuery(product);
      if (sql == null) {
        return clock.offsetMillis();
      }
      long before;
      long database;
      long after;
      try (Statement s = c.createStatement()) {
        before = System.currentTimeMillis();
        try (ResultSet r = s.executeQuery(sql)) {
          r.next();
          database = r.getLong(1);
        }
        after = System.currentTimeMillis();
      }
      long previous = clock.offsetMillis();
      long offset = clock.adjust(before, database, after);
      if (Math.abs(offset) >= NOTABLE_OFFSET_MILLIS
          && Math.abs(offset - previous) >= NOTABLE_OFFSET_MILLIS) {
        LOG.warning(
            () ->
                "This machine's clock is "
                    + Math.abs(offset)
                    + " ms "
                    + (offset > 0 ? "behind" : "ahead of")
                    + " the database's ("
                    + product
                    + "): leases and due times follow the database's clock");
      }
      return offset;
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read the database's clock; the last offset stays", e);
      return clock.offsetMillis();
    }
  }

  /**
   * The query for the database's time in epoch milliseconds, or {@code null} when the database runs
   * in this process.
   *
   * @param product the database's product name
   * @return the query, or {@code null}
   * @throws PersistenceFailure for a database the engine does not support
   */
  static String databaseTimeQuery(String product) {
    if (product.contains("SQLite")) {
      return null;
    }
    if (product.contains("PostgreSQL")) {
      return "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    }
    if (product.contains("MySQL") || product.contains("MariaDB")) {
      return "SELECT CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";
    }
    throw new PersistenceFailure("No clock query for the database " + product, null);
  }
}
