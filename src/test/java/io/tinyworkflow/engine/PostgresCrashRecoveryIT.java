package io.tinyworkflow.engine;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Crash recovery on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@EnabledIfEnvironmentVariable(
    named = "TINYWORKFLOW_TEST_POSTGRES_URL",
    matches = ".+",
    disabledReason = "TINYWORKFLOW_TEST_POSTGRES_URL is not set: the PostgreSQL suite is skipped")
class PostgresCrashRecoveryIT extends CrashRecoverySuite {

  @Override
  protected String databaseUrl() {
    return System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL");
  }
}
