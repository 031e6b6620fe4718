package io.tinyworkflow.web;

import jakarta.json.Json;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error outside the API (an unknown path, a page that failed) for a client that does not ask for
 * HTML, such as curl or a script: the API's JSON error, {@code {"error": ..., "status": ...}},
 * instead of the error page that browsers get.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = DispatcherType.ERROR)
public class JsonErrors extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String accept = request.getHeader("Accept");
    if (accept != null && accept.contains("text/html")) {
      chain.doFilter(request, response);
      return;
    }
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
            ? code
            : 500;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String message =
        switch (status) {
          case 404 ->
              "Nothing at "
                  + (uri == null ? "this path" : uri)
                  + ": the API is under "
                  + request.getContextPath()
                  + "/api (its routes are listed at /openapi/ui), the pages at "
                  + request.getContextPath()
                  + "/";
          case 403 -> "Forbidden: this user has no role that may see it";
          case 503 -> "The database is unavailable; try again shortly. /health/ready says why";
          default -> "Internal error; the server log has the details";
        };
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            Json.createObjectBuilder()
                .add("error", message)
                .add("status", status)
                .build()
                .toString());
  }
}
