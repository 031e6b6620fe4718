package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.ServerDatabases;

/** Crash recovery on MySQL or MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
class MariaDbCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_MYSQL_URL"));
  }
}
