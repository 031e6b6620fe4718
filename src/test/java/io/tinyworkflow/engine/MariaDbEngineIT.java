package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engine suite on MySQL or MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
@ExtendWith(ArquillianExtension.class)
class MariaDbEngineIT extends EngineSuite {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(MariaDbEngineIT.class);
  }
}
