package io.tinyworkflow.cli;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.ServerDatabases;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The CLI walk and a worker on PostgreSQL, named in the guide's form. */
@RequiresPostgres
class PostgresCliIT extends CliSuite {

  @Override
  protected String databaseUrl() {
    return guideForm(jdbcUrl(), "postgresql+asyncpg");
  }

  @Override
  protected String jdbcUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_POSTGRES_URL"));
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it stops the server
  void aWorkerExecutesTheRunsOfTheSharedDatabase() throws Exception {
    workerExecutesTheRunsOfTheSharedDatabase();
  }
}
