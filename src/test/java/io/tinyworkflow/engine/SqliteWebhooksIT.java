package io.tinyworkflow.engine;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhooks suite on SQLite. */
@ExtendWith(ArquillianExtension.class)
class SqliteWebhooksIT extends WebhooksSuite {

  @Deployment
  static WebArchive deployment() {
    return WebhooksSuite.deployment(SqliteWebhooksIT.class);
  }
}
