package io.tinyworkflow.rest;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may do what over REST on MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
@ExtendWith(ArquillianExtension.class)
class MariaDbSecurityIT extends SecuritySuite {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestDeployments.application(MariaDbSecurityIT.class);
  }
}
