package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.ServerDatabases;

/** Crash recovery on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
class PostgresCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL"));
  }
}
