package io.tinyworkflow.scheduling;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.ServerDatabases;

/** Two servers on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
class PostgresTwoServersIT extends TwoServersSuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL"));
  }
}
