package io.tinyworkflow.security;

import io.tinyworkflow.persistence.SchemaMigrator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Guards every page the Faces servlet renders, however it was reached (a request, a forward from
 * {@code /}): the sign-in page, the error page and static resources are open; every other page
 * needs a signed-in user with one of the four roles, else the sign-in page or a 403.
 */
@WebFilter(
    servletNames = "Faces Servlet",
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD})
public class PageAccess extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @jakarta.inject.Inject transient SchemaMigrator schema;

  /** The error page, open to all: it shows a 403, 404 or 500 without details. */
  public static final String ERROR_PAGE = "/error.xhtml";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getServletPath();
    if (path.startsWith("/jakarta.faces.resource/")
        || path.equals(SignInMechanism.SIGN_IN_PAGE)
        || path.equals(ERROR_PAGE)) {
      chain.doFilter(request, response);
      return;
    }
    if (!SignInMechanism.exists(request, path)) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (!schema.ready()) {
      // The pages read the database: say that it is away, not that something broke.
      response.setHeader("Retry-After", String.valueOf(SchemaMigrator.RETRY_SECONDS));
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return;
    }
    if (request.getUserPrincipal() == null) {
      String target = SignInRedirect.target(request, path);
      if (SignInRedirect.isAjax(request)) {
        SignInRedirect.ajax(response, target);
      } else {
        response.sendRedirect(target);
      }
      return;
    }
    if (!(request.isUserInRole(Roles.VIEWER)
        || request.isUserInRole(Roles.OPERATOR)
        || request.isUserInRole(Roles.APPROVER)
        || request.isUserInRole(Roles.ADMIN))) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    chain.doFilter(request, response);
  }
}
