package io.tinyworkflow.web;

import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What admins do in the pages, in headless Chromium, on SQLite. The pages read and act through the
 * same client as the API, whose suites run on every database (and {@code EngineSuite} runs each
 * query the pages alone make), so the browser runs on one database.
 */
@ExtendWith(ArquillianExtension.class)
class SqlitePagesIT extends PagesSuite {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestDeployments.application(SqlitePagesIT.class);
  }
}
