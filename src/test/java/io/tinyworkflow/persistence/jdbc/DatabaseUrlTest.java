package io.tinyworkflow.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void translatesTheGuidesSqliteFormToAFileWithPoolFriendlySettings() {
    DatabaseUrl url = DatabaseUrl.parse("sqlite+aiosqlite:///custom/path/db.db");
    assertEquals(DatabaseUrl.Kind.SQLITE, url.kind());
    assertTrue(url.jdbcUrl().startsWith("jdbc:sqlite:custom/path/db.db?"), url.jdbcUrl());
    assertTrue(url.jdbcUrl().contains("journal_mode=WAL"));
    assertTrue(url.jdbcUrl().contains("busy_timeout=30000"));
    assertEquals("custom/path/db.db", url.sqliteFile());
  }

  @Test
  void readsFourSlashesAsAnAbsoluteSqlitePath() {
    assertEquals("/var/lib/tw.db", DatabaseUrl.parse("sqlite:////var/lib/tw.db").sqliteFile());
  }

  @Test
  void keepsSqliteSettingsTheUserChose() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:sqlite:/tmp/x.db?busy_timeout=5000");
    assertTrue(url.jdbcUrl().contains("busy_timeout=5000"), url.jdbcUrl());
    assertFalse(url.jdbcUrl().contains("busy_timeout=30000"), url.jdbcUrl());
  }

  @Test
  void translatesTheGuidesPostgresFormAndTakesOutTheCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql+asyncpg://user:p%40ss@db.example:5433/tw");
    assertEquals(DatabaseUrl.Kind.POSTGRESQL, url.kind());
    assertEquals("jdbc:postgresql://db.example:5433/tw", url.jdbcUrl());
    assertEquals("user", url.user());
    assertEquals("p@ss", url.password());
    assertEquals("postgresql+asyncpg://user:***@db.example:5433/tw", url.masked());
  }

  @Test
  void defaultsThePostgresPort() {
    assertEquals(
        "jdbc:postgresql://localhost:5432/tinyworkflow",
        DatabaseUrl.parse("postgresql+asyncpg://user:pass@localhost/tinyworkflow").jdbcUrl());
  }

  @Test
  void translatesTheGuidesMysqlFormWithUtf8() {
    DatabaseUrl url =
        DatabaseUrl.parse("mysql+asyncmy://root:secret@127.0.0.1:3306/tw?charset=utf8mb4");
    assertEquals(DatabaseUrl.Kind.MYSQL, url.kind());
    assertEquals("jdbc:mysql://127.0.0.1:3306/tw?characterEncoding=UTF-8", url.jdbcUrl());
    assertEquals("root", url.user());
    assertEquals("secret", url.password());
    assertNull(url.sqliteFile());
  }

  @Test
  void passesJdbcUrlsThrough() {
    assertEquals(
        "jdbc:postgresql://h/db?user=u",
        DatabaseUrl.parse("jdbc:postgresql://h/db?user=u").jdbcUrl());
    assertEquals(DatabaseUrl.Kind.MYSQL, DatabaseUrl.parse("jdbc:mariadb://h/db").kind());
  }

  @Test
  void masksPasswordsInUserInfoAndParameters() {
    assertEquals(
        "jdbc:mysql://h/db?user=root&password=***",
        DatabaseUrl.mask("jdbc:mysql://h/db?user=root&password=hunter2"));
    assertEquals("mysql://u:***@h/db", DatabaseUrl.mask("mysql://u:hunter2@h/db"));
  }

  @Test
  void rejectsUnsupportedUrlsNamingThemWithoutThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatabaseUrl.parse("oracle://scott:tiger@h:1521/xe"));
    assertTrue(e.getMessage().contains("'oracle://scott:***@h:1521/xe'"), e.getMessage());
    assertFalse(e.getMessage().contains("tiger"), e.getMessage());
  }

  @Test
  void rejectsEmptyAndHostlessUrls() {
    assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(" "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgresql:///db"));
    assertTrue(e.getMessage().contains("needs a host"), e.getMessage());
  }

  @Test
  void rejectsInMemorySqliteWhichAPoolCannotShare() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DatabaseUrl.parse("jdbc:sqlite::memory:"));
    assertTrue(e.getMessage().contains("in-memory"), e.getMessage());
  }
}
