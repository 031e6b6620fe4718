package io.tinyworkflow.examples;

import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The examples on SQLite. */
@ExtendWith(ArquillianExtension.class)
class SqliteExamplesIT extends ExamplesSuite {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(SqliteExamplesIT.class);
  }
}
