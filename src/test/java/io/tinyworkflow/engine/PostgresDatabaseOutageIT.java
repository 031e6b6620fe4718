package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.ServerDatabases;

/** The database outage suite on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
class PostgresDatabaseOutageIT extends DatabaseOutageSuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL"));
  }
}
