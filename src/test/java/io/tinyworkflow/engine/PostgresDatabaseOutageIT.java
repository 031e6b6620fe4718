package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;

/** The database outage suite on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
class PostgresDatabaseOutageIT extends DatabaseOutageSuite {

  @Override
  protected String databaseUrl() {
    return System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL");
  }
}
