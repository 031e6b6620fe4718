/**
 * The data source behind {@code jdbc/tinyworkflow}: database URLs as users write them (JDBC or the
 * guide's forms), translated for the matching driver. Depends on the JDK only, because the build
 * also packages it in the server's JDBC library.
 */
package io.tinyworkflow.persistence.jdbc;
