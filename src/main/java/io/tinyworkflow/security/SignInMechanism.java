package io.tinyworkflow.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The one sign-in mechanism of the application (Jakarta Security allows one per module), for every
 * way in, against one identity store ({@link Passwords}):
 *
 * <ul>
 *   <li>The REST API ({@code /api}) takes HTTP Basic credentials on each request; without them it
 *       answers 401 with {@code WWW-Authenticate} and a JSON message. A browser signed in to the
 *       pages may read the API with its session, but a change through the API with only the session
 *       cookie is refused: it needs the {@code Authorization} header or the {@code X-Requested-By}
 *       header, which another site's page cannot send (a guard against cross-site requests).
 *   <li>The pages sign in on the sign-in page, which keeps the caller in the HTTP session (a new
 *       session id at each sign-in). A page requested without a sign-in is redirected there, and
 *       back after it.
 *   <li>Health, OpenAPI and the pages' static resources need no sign-in.
 * </ul>
 *
 * What each role may then do is checked on the resources ({@code @RolesAllowed}), on the pages
 * ({@link PageAccess}) and on the client's operations ({@link RoleCheck}).
 */
@ApplicationScoped
public class SignInMechanism implements HttpAuthenticationMechanism {

  /** The realm named in the Basic challenge. */
  static final String REALM = "tinyworkflow";

  /** The sign-in page. */
  public static final String SIGN_IN_PAGE = "/login.xhtml";

  /** The session attribute that holds the signed-in {@link Caller}. */
  static final String SESSION_CALLER = "io.tinyworkflow.security.caller";

  /** The request header that marks an API call as sent by a script or the pages, not a form. */
  public static final String REQUESTED_BY = "X-Requested-By";

  /** The request attribute that tells the API's 401 answer what was wrong with the sign-in. */
  public static final String REFUSAL = "io.tinyworkflow.security.refusal";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  @Inject Passwords passwords;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (isApi(path)) {
      return api(request, context);
    }
    if (isPage(path)) {
      return page(request, path, context);
    }
    return context.doNothing();
  }

  /** Whether a path is in the REST API. */
  static boolean isApi(String path) {
    return path.equals("/api") || path.startsWith("/api/");
  }

  /** Whether a path is one of the pages: the dashboard at {@code /} and the Facelets views. */
  static boolean isPage(String path) {
    return path.equals("/")
        || (path.endsWith(".xhtml") && !path.startsWith("/jakarta.faces.resource/"));
  }

  private AuthenticationStatus api(HttpServletRequest request, HttpMessageContext context) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      Caller caller = sessionCaller(request);
      if (caller == null) {
        return refuse(context, "Sign in: this API takes HTTP Basic credentials");
      }
      if (!SAFE_METHODS.contains(request.getMethod()) && request.getHeader(REQUESTED_BY) == null) {
        return refuse(
            context,
            "A change through the API with only the session cookie of a sign-in is refused, as a"
                + " guard against requests from other sites: send HTTP Basic credentials or the"
                + " header "
                + REQUESTED_BY);
      }
      return caller.notifyContainer(context);
    }
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return refuse(context, "Sign in: this API takes HTTP Basic credentials");
    }
    String[] credentials = decode(header.substring(6).strip());
    if (credentials == null) {
      // A header that is not user:password in Base64: the container would decode it again for
      // its audit after any outcome but "not done" (and fail with a 500). Not done, then: the
      // request stays anonymous, and the API refuses it with 401 (UnauthenticatedResponses).
      return context.doNothing();
    }
    Caller caller = passwords.check(credentials[0], credentials[1]);
    if (caller == null) {
      return refuse(context, "Wrong user name or password");
    }
    return caller.notifyContainer(context);
  }

  private AuthenticationStatus page(
      HttpServletRequest request, String path, HttpMessageContext context)
      throws AuthenticationException {
    Credential credential =
        context.isAuthenticationRequest() ? context.getAuthParameters().getCredential() : null;
    if (credential instanceof UsernamePasswordCredential given) {
      // The sign-in page's form (SecurityContext.authenticate).
      Caller caller = passwords.check(given.getCaller(), given.getPasswordAsString());
      if (caller == null) {
        return AuthenticationStatus.SEND_FAILURE;
      }
      if (request.getSession(false) != null) {
        request.changeSessionId();
      }
      request.getSession(true).setAttribute(SESSION_CALLER, caller);
      return caller.notifyContainer(context);
    }
    Caller caller = sessionCaller(request);
    if (caller != null) {
      return caller.notifyContainer(context);
    }
    if (path.equals(SIGN_IN_PAGE) || path.equals(PageAccess.ERROR_PAGE) || !exists(request, path)) {
      // Open: the sign-in page; the error page, also when an error is sent to it; and a path
      // that is no page, which answers 404 rather than asking to sign in first.
      return context.doNothing();
    }
    String target = SignInRedirect.target(request, path);
    if (SignInRedirect.isAjax(request)) {
      try {
        SignInRedirect.ajax(context.getResponse(), target);
      } catch (IOException e) {
        throw new AuthenticationException("Cannot send the page to the sign-in page", e);
      }
      return AuthenticationStatus.SEND_CONTINUE;
    }
    return context.redirect(target);
  }

  /** Whether a page's view exists in the application. */
  static boolean exists(HttpServletRequest request, String path) {
    try {
      return path.equals("/") || request.getServletContext().getResource(path) != null;
    } catch (java.net.MalformedURLException e) {
      return false;
    }
  }

  private static Caller sessionCaller(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (Caller) session.getAttribute(SESSION_CALLER);
  }

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
