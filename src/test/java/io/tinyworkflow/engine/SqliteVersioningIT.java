package io.tinyworkflow.engine;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The versioning suite on SQLite. */
@ExtendWith(ArquillianExtension.class)
class SqliteVersioningIT extends VersioningSuite {}
