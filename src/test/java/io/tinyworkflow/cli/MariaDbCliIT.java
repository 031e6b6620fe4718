package io.tinyworkflow.cli;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.ServerDatabases;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The CLI walk and a worker on MySQL/MariaDB, named in the guide's form. */
@RequiresMysql
class MariaDbCliIT extends CliSuite {

  @Override
  protected String databaseUrl() {
    return guideForm(jdbcUrl(), "mysql+asyncmy");
  }

  @Override
  protected String jdbcUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_MYSQL_URL"));
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it stops the server
  void aWorkerExecutesTheRunsOfTheSharedDatabase() throws Exception {
    workerExecutesTheRunsOfTheSharedDatabase();
  }
}
