package io.tinyworkflow.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On a worker ({@code tinyworkflow.role=worker}, which {@code tinyworkflow worker} sets through
 * {@code TINYWORKFLOW_ROLE}), the API answers 503: a worker only executes the runs of the shared
 * database, and requests go to a server.
 */
@Provider
@PreMatching
public class WorkerRole implements ContainerRequestFilter {

  @Inject
  @ConfigProperty(name = "tinyworkflow.role", defaultValue = "server")
  String role;

  @Override
  public void filter(ContainerRequestContext request) {
    if ("worker".equalsIgnoreCase(role.strip())) {
      String message =
          "This is a worker: it executes the runs of the shared database and serves no API."
              + " Send requests to a server (tinyworkflow server).";
      request.abortWith(ErrorMapper.json(503, message));
    }
  }
}
