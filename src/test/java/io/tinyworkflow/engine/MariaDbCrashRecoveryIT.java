package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresMysql;

/** Crash recovery on MySQL or MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
class MariaDbCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return System.getenv("TINYWORKFLOW_TEST_MYSQL_URL");
  }
}
