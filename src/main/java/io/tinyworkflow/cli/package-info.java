/** The {@code tinyworkflow} command line, which talks to a server's REST API. */
package io.tinyworkflow.cli;
