package io.tinyworkflow.engine;

import io.tinyworkflow.testing.TestDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The wait suite on SQLite. */
@ExtendWith(ArquillianExtension.class)
class SqliteWaitIT extends WaitSuite {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(SqliteWaitIT.class);
  }
}
