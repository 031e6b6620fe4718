package io.tinyworkflow.rest;

import io.tinyworkflow.security.SignInMechanism;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Gives every 401 of the API its Basic challenge and a JSON message: what the sign-in mechanism
 * found wrong, or that the request came without credentials it could read.
 */
@Provider
public class UnauthenticatedResponses implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() != 401) {
      return;
    }
    if (!response.getHeaders().containsKey("WWW-Authenticate")) {
      response.getHeaders().putSingle("WWW-Authenticate", "Basic realm=\"tinyworkflow\"");
    }
    Object refusal = request.getProperty(SignInMechanism.REFUSAL);
    response.setEntity(
        Map.of(
            "error",
            refusal instanceof String message
                ? message
                : "Sign in: this API takes HTTP Basic credentials (user:password in Base64)",
            "status",
            401),
        null,
        MediaType.APPLICATION_JSON_TYPE);
  }
}
