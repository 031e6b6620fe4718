package io.tinyworkflow.web;

import io.tinyworkflow.testing.RequiresPostgres;
import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What admins do in the pages, in headless Chromium, on PostgreSQL, when
 * TINYWORKFLOW_TEST_POSTGRES_URL names one.
 */
@RequiresPostgres
@ExtendWith(ArquillianExtension.class)
class PostgresPagesIT extends PagesSuite {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestDeployments.application(PostgresPagesIT.class);
  }
}
