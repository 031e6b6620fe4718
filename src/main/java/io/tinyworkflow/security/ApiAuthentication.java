package io.tinyworkflow.security;

import com.ibm.websphere.security.PasswordCheckFailedException;
import com.ibm.websphere.security.UserRegistry;
import com.ibm.wsspi.security.registry.RegistryHelper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates every request to the REST API ({@code /api}) with HTTP Basic, against the server's
 * own {@code admin} user ({@link AdminPassword}) and then the server's user registry (server.xml's
 * basicRegistry or ldapRegistry, with its groups). A request to the API without valid credentials
 * is answered 401 with {@code WWW-Authenticate} and a JSON message; what each role may then do is
 * checked on the resources ({@code @RolesAllowed}). The one mechanism of the application, as
 * Jakarta Security allows one per module: pages outside {@code /api} are left to their own sign-in.
 */
@ApplicationScoped
public class ApiAuthentication implements HttpAuthenticationMechanism {

  private static final Logger LOG = Logger.getLogger(ApiAuthentication.class.getName());

  /** The realm named in the Basic challenge. */
  static final String REALM = "tinyworkflow";

  @Inject AdminPassword admin;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.equals("/api") && !path.startsWith("/api/")) {
      return context.doNothing();
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return refuse(context, "Sign in: this API takes HTTP Basic credentials");
    }
    String[] credentials = decode(header.substring(6).strip());
    if (credentials == null) {
      // A header that is not user:password in Base64: the container would decode it again for
      // its audit after any outcome but "not done" (and fail with a 500). Not done, then: the
      // request stays anonymous, and the API refuses it with 401 (UnauthenticatedResponses).
      return context.doNothing();
    }
    if (admin.matches(credentials[0], credentials[1])) {
      return context.notifyContainerAboutLogin(AdminPassword.USER, Set.of(Roles.ADMIN));
    }
    CredentialValidationResult user = registryUser(credentials[0], credentials[1]);
    if (user != null) {
      return context.notifyContainerAboutLogin(user);
    }
    return refuse(context, "Wrong user name or password");
  }

  /**
   * Checks a password against the server's user registry and returns the user with the registry's
   * unique ids of its groups, in the registry's realm, so that role bindings to registry groups in
   * server.xml match; or {@code null} when the registry refuses it or there is none.
   */
  private static CredentialValidationResult registryUser(String user, String password) {
    try {
      UserRegistry registry = RegistryHelper.getUserRegistry(null);
      if (registry == null) {
        return null;
      }
      String name = registry.checkPassword(user, password);
      if (name == null) {
        return null;
      }
      String uniqueId = registry.getUniqueUserId(name);
      return new CredentialValidationResult(
          registry.getRealm(),
          new CallerPrincipal(name),
          null,
          uniqueId,
          new HashSet<>(registry.getUniqueGroupIds(uniqueId)));
    } catch (PasswordCheckFailedException e) {
      return null;
    } catch (Exception e) {
      LOG.log(Level.WARNING, "The user registry cannot check a password: " + e.getMessage());
      return null;
    }
  }

  /** The request attribute that tells the API's 401 answer what was wrong with the sign-in. */
  public static final String REFUSAL = "io.tinyworkflow.security.refusal";

  /**
   * Refuses the sign-in with 401 and the Basic challenge. The API answers the request with a JSON
   * message naming what was wrong (see {@code UnauthenticatedResponses}).
   */
  private static AuthenticationStatus refuse(HttpMessageContext context, String message) {
    context.getRequest().setAttribute(REFUSAL, message);
    HttpServletResponse response = context.getResponse();
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    return AuthenticationStatus.SEND_FAILURE;
  }

  /** Splits {@code user:password} out of Basic credentials, or {@code null} when malformed. */
  static String[] decode(String encoded) {
    String text;
    try {
      text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new String[] {text.substring(0, colon), text.substring(colon + 1)};
  }
}
