package io.tinyworkflow.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTransactionsTest {

  @TempDir Path dir;
  private UrlDataSource ds;

  @BeforeEach
  void createTable() throws SQLException {
    ds = new UrlDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("tx.db") + "?busy_timeout=200");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (n INTEGER)");
    }
  }

  @Test
  void aTransactionHoldsTheWriteLockUntilItCommits() throws SQLException {
    try (Connection a = ds.getConnection();
        Connection b = ds.getConnection()) {
      a.setAutoCommit(false);
      insert(a, 1);
      SQLException busy = assertThrows(SQLException.class, () -> insert(b, 2));
      assertEquals(5, busy.getErrorCode() & 0xff, busy.getMessage()); // SQLITE_BUSY
      a.commit();
      insert(b, 2);
      assertEquals(2, count(b));
    }
  }

  @Test
  void aCommittedConnectionLeftInManualModeHoldsNoLock() throws SQLException {
    try (Connection a = ds.getConnection();
        Connection b = ds.getConnection()) {
      a.setAutoCommit(false);
      insert(a, 1);
      a.commit();
      // a stays out of auto-commit mode, as a pooled connection does after a JTA transaction
      insert(b, 2);
      assertFalse(a.getAutoCommit());
      assertEquals(2, count(a));
    }
  }

  @Test
  void aStatementPreparedBeforeTheTransactionRunsInsideIt() throws SQLException {
    // The server's statement cache hands out statements prepared in earlier transactions.
    try (Connection a = ds.getConnection();
        Connection b = ds.getConnection();
        PreparedStatement cached = a.prepareStatement("INSERT INTO t VALUES (?)")) {
      a.setAutoCommit(false);
      cached.setInt(1, 1);
      cached.executeUpdate();
      assertThrows(SQLException.class, () -> insert(b, 2));
      a.rollback();
      assertEquals(0, count(b));
      assertEquals(a, cached.getConnection());
    }
  }

  @Test
  void rollbackDiscardsTheTransaction() throws SQLException {
    try (Connection a = ds.getConnection()) {
      a.setAutoCommit(false);
      insert(a, 1);
      a.rollback();
      a.setAutoCommit(true);
      assertEquals(0, count(a));
    }
  }

  private static void insert(Connection c, int n) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO t VALUES (" + n + ")");
    }
  }

  private static int count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t")) {
      r.next();
      return r.getInt(1);
    }
  }
}
