package io.tinyworkflow.rest;

import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.ScheduleNotFoundException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.persistence.DatabaseErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into a JSON body {@code {"error": ..., "status": ...}} with its status code:
 * 400 for bad input, 404 for an unknown run, workflow or schedule, 409 for a run in the wrong
 * state, the JAX-RS status for routing errors, 503 with {@code Retry-After} while the database
 * cannot be reached, and 500 (logged, without details) for anything else.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

  /** What a 503 asks the client to wait before it tries again. */
  static final int RETRY_AFTER_SECONDS = 5;

  @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext security;
  @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri;
  @jakarta.ws.rs.core.Context jakarta.ws.rs.core.Request request;

  @Override
  public Response toResponse(Throwable failure) {
    int status;
    String message = failure.getMessage();
    if (failure instanceof InvalidInputException) {
      status = 400;
    } else if (failure instanceof RunNotFoundException
        || failure instanceof UnknownWorkflowException
        || failure instanceof ScheduleNotFoundException) {
      status = 404;
    } else if (failure instanceof IllegalRunStateException) {
      status = 409;
    } else if (failure instanceof io.tinyworkflow.api.failure.NotAllowedException) {
      status = 403;
    } else if (failure instanceof jakarta.ws.rs.ForbiddenException) {
      status = 403;
      String user =
          security == null
              ? null
              : security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
      message =
          "Forbidden: "
              + (user == null ? "this caller" : "user '" + user + "'")
              + " has no role that may do this (see the README's table of roles)";
    } else if (failure instanceof WebApplicationException web) {
      if (web.getResponse().hasEntity()) {
        return web.getResponse(); // ours, such as the body size limit's 413
      }
      // Routing and content negotiation: say it in words, not with the JAX-RS runtime's codes.
      status = web.getResponse().getStatus();
      message = routing(status, web.getResponse());
      if (status == 405) {
        return Response.fromResponse(json(status, message))
            .header("Allow", web.getResponse().getHeaderString("Allow"))
            .build();
      }
    } else if (DatabaseErrors.kind(failure) == DatabaseErrors.Kind.UNAVAILABLE) {
      // One line, not a stack trace per request: while the database is away, every request says so.
      String cause = DatabaseErrors.message(failure);
      LOG.warning(() -> "Request refused, the database is unavailable: " + cause);
      return Response.fromResponse(
              json(503, "The database is unavailable; try again shortly. Cause: " + cause))
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .build();
    } else {
      LOG.log(Level.SEVERE, "Request failed", failure);
      status = 500;
      message = "Internal error; the server log has the details";
    }
    return json(status, message == null ? "Request failed" : message);
  }

  private String routing(int status, Response response) {
    String route =
        (request == null ? "" : request.getMethod() + " ")
            + "/api/"
            + (uri == null ? "" : uri.getPath(false).replaceFirst("^/", ""));
    return switch (status) {
      case 404 -> "No such route: " + route + " (the routes are listed at /openapi/ui)";
      case 405 ->
          route
              + " is not allowed"
              + (response.getHeaderString("Allow") == null
                  ? ""
                  : "; this path takes " + response.getHeaderString("Allow"));
      case 406 -> "The API answers application/json; ask for it with Accept: application/json";
      case 415 -> "Send the body as JSON, with Content-Type: application/json";
      default ->
          Response.Status.fromStatusCode(status) == null
              ? "Request failed"
              : Response.Status.fromStatusCode(status).getReasonPhrase();
    };
  }

  /**
   * The JSON error response of the API.
   *
   * @param status the HTTP status
   * @param message what is wrong
   * @return {@code {"error": message, "status": status}} with that status
   */
  static Response json(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message, "status", status))
        .build();
  }
}
