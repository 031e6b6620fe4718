package io.tinyworkflow.rest;

import io.tinyworkflow.persistence.SchemaMigrator;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Until the server's database schema is up to date (the database was unreachable when the server
 * started, or a migration failed), the API answers 503 with {@code Retry-After} and a JSON message
 * that names the cause, instead of failing each request on a missing table.
 */
@Provider
@PreMatching
public class SchemaGate implements ContainerRequestFilter {

  @Inject SchemaMigrator migrator;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!migrator.ready()) {
      request.abortWith(
          Response.fromResponse(
                  ErrorMapper.json(
                      503,
                      "The database is unavailable; try again shortly. Cause: "
                          + migrator.notReadyReason()))
              .header("Retry-After", SchemaMigrator.RETRY_SECONDS)
              .build());
    }
  }
}
