package io.tinyworkflow.cli;

/** The CLI walk on SQLite, named in the guide's form (an absolute path: four slashes). */
class SqliteCliIT extends CliSuite {

  @Override
  protected String databaseUrl() {
    return "sqlite+aiosqlite:///" + work.resolve("tinyworkflow.db");
  }

  @Override
  protected String jdbcUrl() {
    return "jdbc:sqlite:" + work.resolve("tinyworkflow.db");
  }
}
