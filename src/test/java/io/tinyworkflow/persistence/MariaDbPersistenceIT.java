package io.tinyworkflow.persistence;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The persistence suite on MySQL or MariaDB (through MySQL Connector/J), when
 * TINYWORKFLOW_TEST_MYSQL_URL names one.
 */
@RequiresMysql
@ExtendWith(ArquillianExtension.class)
class MariaDbPersistenceIT extends PersistenceSuite {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(MariaDbPersistenceIT.class);
  }

  @Override
  protected boolean isExpectedDatabase(String product, String version) {
    return product.equals("MySQL") || product.equals("MariaDB");
  }
}
