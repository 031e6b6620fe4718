package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhooks suite on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
@ExtendWith(ArquillianExtension.class)
class PostgresWebhooksIT extends WebhooksSuite {

  @Deployment
  static WebArchive deployment() {
    return WebhooksSuite.deployment(PostgresWebhooksIT.class);
  }
}
