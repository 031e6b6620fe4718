package io.tinyworkflow.scheduling;

import io.tinyworkflow.testing.RequiresMysql;

/** Two servers on MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
class MariaDbTwoServersIT extends TwoServersSuite {

  @Override
  protected String databaseUrl() {
    return System.getenv("TINYWORKFLOW_TEST_MYSQL_URL");
  }
}
