package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.ServerDatabases;

/** The database outage suite on MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
class MariaDbDatabaseOutageIT extends DatabaseOutageSuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_MYSQL_URL"));
  }
}
