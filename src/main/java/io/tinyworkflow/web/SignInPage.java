package io.tinyworkflow.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The sign-in page: checks the user name and password through the application's sign-in mechanism
 * and goes back to the page that asked for it.
 */
@Named("signIn")
@RequestScoped
public class SignInPage {

  @Inject SecurityContext security;

  private String user;
  private String password;
  private String next;

  /**
   * Signs in with the form's user name and password.
   *
   * @throws IOException when the redirect fails
   */
  public void submit() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    AuthenticationStatus status =
        security.authenticate(
            (HttpServletRequest) external.getRequest(),
            (HttpServletResponse) external.getResponse(),
            AuthenticationParameters.withParams()
                .newAuthentication(true)
                .credential(
                    new UsernamePasswordCredential(
                        user == null ? "" : user.strip(),
                        new Password(password == null ? "" : password))));
    password = null;
    switch (status) {
      case SUCCESS -> {
        external.redirect(external.getRequestContextPath() + target(next));
        faces.responseComplete();
      }
      case SEND_CONTINUE -> faces.responseComplete();
      default ->
          faces.addMessage(
              null,
              new FacesMessage(FacesMessage.SEVERITY_ERROR, "Wrong user name or password", null));
    }
  }

  /**
   * Where to go after the sign-in: the page that asked for it, when it is a path of this
   * application; the dashboard otherwise (never another site).
   *
   * @param next the {@code next} parameter, or {@code null}
   * @return a path that starts with one {@code /}
   */
  static String target(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return next;
  }

  /**
   * The user name typed.
   *
   * @return the user name
   */
  public String getUser() {
    return user;
  }

  /**
   * Sets the user name.
   *
   * @param user the user name
   */
  public void setUser(String user) {
    this.user = user;
  }

  /**
   * The password typed; never rendered back.
   *
   * @return the password
   */
  public String getPassword() {
    return password;
  }

  /**
   * Sets the password.
   *
   * @param password the password
   */
  public void setPassword(String password) {
    this.password = password;
  }

  /**
   * The page to go back to.
   *
   * @return a path of this application, or {@code null}
   */
  public String getNext() {
    return next;
  }

  /**
   * Sets the page to go back to.
   *
   * @param next a path of this application
   */
  public void setNext(String next) {
    this.next = next;
  }
}
