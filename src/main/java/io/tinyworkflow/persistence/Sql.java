package io.tinyworkflow.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** How the plain-JDBC stores bind and read times: BIGINT milliseconds since the epoch. */
final class Sql {

  private Sql() {}

  /**
   * Binds a time, or SQL NULL.
   *
   * @param s the statement
   * @param index the parameter index
   * @param value the time, or {@code null}
   * @throws SQLException when binding fails
   */
  static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value.toEpochMilli());
    }
  }

  /**
   * Reads a time that may be SQL NULL.
   *
   * @param r the result set, on a row
   * @param index the column index
   * @return the time, or {@code null}
   * @throws SQLException when reading fails
   */
  static Instant instant(ResultSet r, int index) throws SQLException {
    long millis = r.getLong(index);
    return r.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /**
   * Deletes the rows of some runs from a table that has a {@code run_id} column, in the caller's
   * transaction.
   *
   * @param dataSource the engine's data source
   * @param table the table (its owner's constant, never input)
   * @param runIds the runs, at least one
   * @return how many rows were deleted
   */
  static int deleteRuns(
      javax.sql.DataSource dataSource, String table, java.util.List<String> runIds) {
    String sql =
        "DELETE FROM "
            + table
            + " WHERE run_id IN ("
            + String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"))
            + ")";
    try (java.sql.Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < runIds.size(); i++) {
        s.setString(i + 1, runIds.get(i));
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot delete the " + table + " rows of ended runs", e);
    }
  }
}
