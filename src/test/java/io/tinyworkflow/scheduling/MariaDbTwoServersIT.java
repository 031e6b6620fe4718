package io.tinyworkflow.scheduling;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.ServerDatabases;

/** Two servers on MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
class MariaDbTwoServersIT extends TwoServersSuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_MYSQL_URL"));
  }
}
