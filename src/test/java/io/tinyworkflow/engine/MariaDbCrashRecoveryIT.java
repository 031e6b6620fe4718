package io.tinyworkflow.engine;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Crash recovery on MySQL or MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@EnabledIfEnvironmentVariable(
    named = "TINYWORKFLOW_TEST_MYSQL_URL",
    matches = ".+",
    disabledReason = "TINYWORKFLOW_TEST_MYSQL_URL is not set: the MySQL/MariaDB suite is skipped")
class MariaDbCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return System.getenv("TINYWORKFLOW_TEST_MYSQL_URL");
  }
}
