package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresMysql;
import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The transactional steps suite on MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
@ExtendWith(ArquillianExtension.class)
class MariaDbTransactionalStepsIT extends TransactionalStepsSuite {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(MariaDbTransactionalStepsIT.class);
  }
}
