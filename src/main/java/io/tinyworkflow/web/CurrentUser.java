package io.tinyworkflow.web;

import io.tinyworkflow.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The signed-in user, as the pages show it: the name, the roles, what the roles allow, and signing
 * out.
 */
@Named("user")
@RequestScoped
public class CurrentUser {

  private static final List<String> ROLES =
      List.of(Roles.ADMIN, Roles.OPERATOR, Roles.APPROVER, Roles.VIEWER);

  /**
   * The user's name.
   *
   * @return the name, or {@code null} before the sign-in
   */
  public String getName() {
    var principal = request().getUserPrincipal();
    return principal == null ? null : principal.getName();
  }

  /**
   * The user's roles, the strongest first.
   *
   * @return role names
   */
  public List<String> getRoles() {
    HttpServletRequest request = request();
    return ROLES.stream().filter(request::isUserInRole).toList();
  }

  /**
   * Whether the user may start, cancel and signal runs and manage schedules.
   *
   * @return {@code true} for operators and admins
   */
  public boolean isOperator() {
    return has(Roles.OPERATOR, Roles.ADMIN);
  }

  /**
   * Whether the user may decide approvals (those that name a role need that role too).
   *
   * @return {@code true} for approvers and admins
   */
  public boolean isApprover() {
    return has(Roles.APPROVER, Roles.ADMIN);
  }

  private boolean has(String... roles) {
    HttpServletRequest request = request();
    return Stream.of(roles).anyMatch(request::isUserInRole);
  }

  /**
   * Signs out: ends the session and goes to the sign-in page.
   *
   * @throws IOException when the redirect fails
   * @throws ServletException when the container cannot sign out
   */
  public void signOut() throws IOException, ServletException {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    HttpServletRequest request = request();
    request.logout();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    external.redirect(external.getRequestContextPath() + "/login.xhtml?signedOut=true");
    faces.responseComplete();
  }

  private static HttpServletRequest request() {
    return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
  }
}
