package io.tinyworkflow.persistence;

import io.tinyworkflow.persistence.jdbc.DatabaseUrl;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}): DOWN while the database is unreachable or its schema lacks a
 * change set of the application's changelog.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  private static final int VALIDATION_TIMEOUT_SECONDS = 5;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  @Inject SchemaMigrator migrator;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
        return response.down().withData("error", "the connection is not valid").build();
      }
      response.withData("database", connection.getMetaData().getDatabaseProductName());
      Set<String> missing = migrator.missingChangeSets(connection);
      if (!missing.isEmpty()) {
        return response
            .down()
            .withData("error", "the schema is behind: missing change sets " + missing)
            .build();
      }
      return response.up().build();
    } catch (Exception e) {
      return response.down().withData("error", DatabaseUrl.mask(e.getMessage())).build();
    }
  }
}
