package io.tinyworkflow.scheduling;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.ServerDatabases;
import io.tinyworkflow.testing.ServerSuite;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Two servers on MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
@ResourceLock(ServerSuite.DATABASE + "mariadb")
@ResourceLock(ServerSuite.SERVERS + "crashServer")
class MariaDbTwoServersIT extends TwoServersSuite {

  @Override
  protected String databaseUrl() {
    return ServerDatabases.beside(System.getenv("TINYWORKFLOW_TEST_MYSQL_URL"));
  }
}
