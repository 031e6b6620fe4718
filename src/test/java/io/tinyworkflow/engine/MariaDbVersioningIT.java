package io.tinyworkflow.engine;

import io.tinyworkflow.testing.RequiresMysql;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The versioning suite on MariaDB, when TINYWORKFLOW_TEST_MYSQL_URL names one. */
@RequiresMysql
@ExtendWith(ArquillianExtension.class)
class MariaDbVersioningIT extends VersioningSuite {}
