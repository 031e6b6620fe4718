package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The transactional steps suite on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
@ExtendWith(ArquillianExtension.class)
class PostgresTransactionalStepsIT extends TransactionalStepsSuite {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(PostgresTransactionalStepsIT.class);
  }
}
