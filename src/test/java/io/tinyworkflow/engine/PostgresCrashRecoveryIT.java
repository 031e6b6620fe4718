package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;

/** Crash recovery on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
class PostgresCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL");
  }
}
