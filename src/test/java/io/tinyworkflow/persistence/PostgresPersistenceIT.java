package io.tinyworkflow.persistence;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The persistence suite on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
@ExtendWith(ArquillianExtension.class)
class PostgresPersistenceIT extends PersistenceSuite {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(PostgresPersistenceIT.class);
  }

  @Override
  protected boolean isExpectedDatabase(String product, String version) {
    return product.equals("PostgreSQL");
  }
}
