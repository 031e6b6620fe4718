package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresPostgres;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The versioning suite on PostgreSQL, when TINYWORKFLOW_TEST_POSTGRES_URL names one. */
@RequiresPostgres
@ExtendWith(ArquillianExtension.class)
class PostgresVersioningIT extends VersioningSuite {}
