package io.tinyworkflow.engine;

/** Crash recovery on SQLite. */
class SqliteCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return "jdbc:sqlite:" + java.nio.file.Path.of("target/it-sqlite/crash.db").toAbsolutePath();
  }
}
