package io.tinyworkflow.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends a browser without a sign-in to the sign-in page, with the page to come back to: a 302 for a
 * page, and for a page's Ajax request (a poll after the session ended, or after a restart) the
 * Faces partial response that tells the page's script to go there.
 */
final class SignInRedirect {

  private SignInRedirect() {}

  /**
   * Where to sign in, coming back to the page of this request.
   *
   * @param request the request
   * @param path the page's path in the application
   * @return the sign-in page's address with {@code next}
   */
  static String target(HttpServletRequest request, String path) {
    String back = path;
    if ("GET".equals(request.getMethod()) && request.getQueryString() != null) {
      back += "?" + request.getQueryString();
    }
    return request.getContextPath()
        + SignInMechanism.SIGN_IN_PAGE
        + "?next="
        + URLEncoder.encode(back, StandardCharsets.UTF_8);
  }

  /**
   * Whether a request is a Faces Ajax request, which cannot follow a 302 to a page.
   *
   * @param request the request
   * @return {@code true} for {@code Faces-Request: partial/ajax}
   */
  static boolean isAjax(HttpServletRequest request) {
    return "partial/ajax".equals(request.getHeader("Faces-Request"));
  }

  /**
   * Answers an Ajax request with the partial response that redirects the page.
   *
   * @param response the response
   * @param url where to go
   * @throws IOException when the answer cannot be written
   */
  static void ajax(HttpServletResponse response, String url) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/xml");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response
        .getWriter()
        .write(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                + url.replace("&", "&amp;").replace("\"", "&quot;")
                + "\"/></partial-response>");
  }
}
