package io.tinyworkflow.rest;

import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST API on SQLite. */
@ExtendWith(ArquillianExtension.class)
class SqliteRestIT extends RestSuite {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestDeployments.application(SqliteRestIT.class);
  }
}
