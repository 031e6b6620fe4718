package io.tinyworkflow.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlDataSourceTest {

  @TempDir Path dir;

  @Test
  void createsTheSqliteFileAndItsDirectoryInWalMode() throws Exception {
    Path file = dir.resolve("nested/dir/tw.db");
    UrlDataSource ds = new UrlDataSource();
    ds.setUrl("sqlite+aiosqlite:///" + file);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet mode = s.executeQuery("PRAGMA journal_mode")) {
      assertTrue(mode.next());
      assertEquals("wal", mode.getString(1));
    }
    assertTrue(Files.isRegularFile(file));
  }

  @Test
  void namesTheUnreachableDatabaseWithItsPasswordMasked() {
    UrlDataSource ds = new UrlDataSource();
    ds.setUrl("postgresql+asyncpg://tw:hunter2@127.0.0.1:1/tinyworkflow");
    SQLException e = assertThrows(SQLException.class, ds::getConnection);
    assertTrue(
        e.getMessage()
            .startsWith(
                "Cannot connect to the database 'postgresql+asyncpg://tw:***@127.0.0.1:1/tinyworkflow'"),
        e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void namesAMalformedUrl() {
    UrlDataSource ds = new UrlDataSource();
    ds.setUrl("mysql+asyncmy://root:pw@/nodb");
    SQLException e = assertThrows(SQLException.class, ds::getConnection);
    assertTrue(e.getMessage().contains("'mysql+asyncmy://root:***@/nodb'"), e.getMessage());
  }
}
