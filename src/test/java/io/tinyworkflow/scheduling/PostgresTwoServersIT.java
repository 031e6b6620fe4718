package io.tinyworkflow.scheduling;

import io.tinyworkflow.testing.RequiresPostgres;

/** Two servers on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
class PostgresTwoServersIT extends TwoServersSuite {

  @Override
  protected String databaseUrl() {
    return System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL");
  }
}
