package io.tinyworkflow.persistence;

import io.tinyworkflow.persistence.jdbc.DatabaseUrl;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}): DOWN while the database is unreachable, its schema has not
 * been brought up to date since the start, or it lacks a change set of the application's changelog;
 * the check's {@code error} says which and why.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  private static final int VALIDATION_TIMEOUT_SECONDS = 5;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  @Inject SchemaMigrator migrator;

  /**
   * The outcome of one probe.
   *
   * @param up whether the database is usable
   * @param data what the probe found: the database product, or the error
   */
  record Probe(boolean up, Map<String, String> data) {}

  @Override
  public HealthCheckResponse call() {
    Probe probe = probe();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("database").status(probe.up());
    probe.data().forEach(response::withData);
    return response.build();
  }

  Probe probe() {
    if (!migrator.ready()) {
      return new Probe(false, Map.of("error", migrator.notReadyReason()));
    }
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
        return new Probe(false, Map.of("error", "the connection is not valid"));
      }
      String product = connection.getMetaData().getDatabaseProductName();
      Set<String> missing = migrator.missingChangeSets(connection);
      if (!missing.isEmpty()) {
        return new Probe(
            false,
            Map.of(
                "database",
                product,
                "error",
                "the schema is behind: missing change sets " + missing));
      }
      return new Probe(true, Map.of("database", product));
    } catch (Exception e) {
      return new Probe(false, Map.of("error", DatabaseUrl.mask(e.getMessage())));
    }
  }
}
