/**
 * Storage: JPA entities of the schema that Liquibase creates at start-up, attribute converters, the
 * schema migrator and the database readiness check. The only package that imports {@code
 * jakarta.persistence}.
 */
package io.tinyworkflow.persistence;
