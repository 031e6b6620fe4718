package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.ServerDatabases;
import io.tinyworkflow.testing.ServerSuite;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Crash recovery on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
@ResourceLock(ServerSuite.DATABASE + "postgres")
@ResourceLock(ServerSuite.SERVERS + "crashServer")
class PostgresCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL"));
  }
}
