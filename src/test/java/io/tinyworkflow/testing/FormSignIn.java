package io.tinyworkflow.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs in on the sign-in page as a browser does, without one: an HTTP client that keeps the
 * session cookie, speaks HTTP/1.1 (Liberty cuts Faces pages short over the cleartext HTTP/2
 * upgrade) and posts the form with MyFaces' submit marker and the page's view state.
 */
public final class FormSignIn {

  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

  private FormSignIn() {}

  /**
   * Signs in.
   *
   * @param site the application's address, ending in {@code /} (its context root)
   * @param user the user
   * @param password the password
   * @return a client with the signed-in session, following redirects
   * @throws Exception when a request fails
   */
  public static HttpClient signIn(String site, String user, String password) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    URI page = URI.create(site).resolve("login.xhtml");
    HttpResponse<String> form =
        browser.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
    Matcher state = VIEW_STATE.matcher(form.body());
    assertTrue(state.find(), "no sign-in form (" + form.statusCode() + ")");
    String body =
        "signIn_SUBMIT=1&signIn%3Auser="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&signIn%3Apassword="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&signIn%3Asubmit=&jakarta.faces.ViewState="
            + URLEncoder.encode(state.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> signedIn =
        browser.send(
            HttpRequest.newBuilder(page)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(
        !signedIn.uri().getPath().endsWith("/login.xhtml"),
        "the sign-in of " + user + " failed (" + signedIn.statusCode() + ")");
    return browser;
  }
}
