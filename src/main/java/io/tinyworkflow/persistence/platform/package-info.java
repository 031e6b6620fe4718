/**
 * EclipseLink support for SQLite: the database platform and the listener that installs it when the
 * connected database is SQLite.
 */
package io.tinyworkflow.persistence.platform;
