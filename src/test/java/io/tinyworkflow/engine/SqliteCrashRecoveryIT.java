package io.tinyworkflow.engine;

import io.tinyworkflow.testing.ServerSuite;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Crash recovery on SQLite. */
@ResourceLock(ServerSuite.DATABASE + "sqlite")
@ResourceLock(ServerSuite.SERVERS + "crashServer")
class SqliteCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return "jdbc:sqlite:" + java.nio.file.Path.of("target/it-sqlite/crash.db").toAbsolutePath();
  }
}
