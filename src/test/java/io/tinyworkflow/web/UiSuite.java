package io.tinyworkflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.Browser;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The pages in a real browser (headless Chromium), against each database: signing in and out, the
 * way back to the page asked for, roles, the dashboard's live counts, and that a session cookie
 * alone changes nothing through the API. Screenshots of each page go to {@code target/screenshots}.
 */
@RunAsClient
public abstract class UiSuite {

  @ArquillianResource URL base;

  private final HttpClient http = HttpClient.newHttpClient();
  private Browser browser;
  private WebDriver driver;
  private String shotPrefix;

  @BeforeEach
  void openBrowser(TestInfo test) throws Exception {
    browser = Browser.start();
    driver = browser.driver();
    shotPrefix = getClass().getSimpleName().replace("UiIT", "").toLowerCase();
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aPageAsksForSignInAndReturnsToItAfterwards() throws Exception {
    driver.get(page("index.xhtml"));
    browser.waiting().until(ExpectedConditions.urlContains("login.xhtml"));
    assertTrue(driver.getCurrentUrl().contains("next=%2Findex.xhtml"), driver.getCurrentUrl());
    browser.screenshots(shotPrefix + "-sign-in");

    type("signIn:user", "viewer");
    type("signIn:password", "viewer-pw");
    driver.findElement(By.id("signIn:submit")).click();
    browser.waiting().until(ExpectedConditions.urlContains("index.xhtml"));
    assertFalse(driver.getCurrentUrl().contains("viewer-pw"), "the password in the address");
    assertEquals("viewer", driver.findElement(By.id("userName")).getText());
    assertEquals(
        List.of("viewer"),
        driver.findElements(By.className("tw-role")).stream().map(WebElement::getText).toList());
    List<String> tiles =
        driver.findElements(By.cssSelector(".tw-tile .tw-tile-count")).stream()
            .map(e -> e.getAttribute("data-status"))
            .toList();
    assertEquals(
        List.of(
            "pending",
            "running",
            "paused",
            "retrying",
            "completed",
            "failed",
            "cancelled",
            "total"),
        tiles);
    browser.screenshots(shotPrefix + "-dashboard");
  }

  @Test
  void aWrongPasswordSaysSoAndStaysOnTheSignInPage() throws Exception {
    driver.get(page(""));
    browser.waiting().until(ExpectedConditions.urlContains("login.xhtml"));
    type("signIn:user", "viewer");
    type("signIn:password", "not-the-password");
    driver.findElement(By.id("signIn:submit")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("signIn:messages"), "Wrong user name or password"));
    assertTrue(driver.getCurrentUrl().contains("login.xhtml"), driver.getCurrentUrl());
    assertEquals("", driver.findElement(By.id("signIn:password")).getAttribute("value"));
    assertFalse(driver.getPageSource().contains("not-the-password"));
    browser.screenshots(shotPrefix + "-sign-in-refused");
    Path logs = Path.of(System.getProperty("tinyworkflow.it.wlp"), "usr/servers/testServer/logs");
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("not-the-password"), "a password in " + file);
        assertFalse(text.contains("viewer-pw"), "a password in " + file);
      }
    }
  }

  @Test
  void aUserWithoutARoleSeesNotAllowedAndNoDetails() throws Exception {
    signIn("nobody", "nobody-pw");
    String text = driver.findElement(By.tagName("body")).getText();
    assertTrue(text.contains("Not allowed"), text);
    assertFalse(driver.getPageSource().contains("Exception"), driver.getPageSource());
    browser.screenshots(shotPrefix + "-not-allowed");
  }

  @Test
  void theDashboardCountsChangeWithoutAReload() throws Exception {
    signIn("operator", "operator-pw");
    long before = count("completed");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.twNoReload = 42;");
    HttpResponse<String> started =
        http.send(
            HttpRequest.newBuilder(api("workflows/start"))
                .header("Authorization", basic("operator", "operator-pw"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"workflow_name\": \"simple_etl\", \"input_data\": {\"url\": \"x\"},"
                            + " \"wait\": true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, started.statusCode(), started.body());
    assertTrue(started.body().contains("\"completed\""), started.body());
    browser.waiting().until(d -> count("completed") > before);
    assertEquals(
        42L,
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.twNoReload"),
        "the page was reloaded");
    browser.assertNoScriptErrors();
  }

  @Test
  void signingOutEndsTheSession() throws Exception {
    signIn("admin", System.getProperty("tinyworkflow.it.admin.password"));
    assertEquals(List.of("admin"), roles());
    driver.findElement(By.id("userForm:signOut")).click();
    browser.waiting().until(ExpectedConditions.urlContains("signedOut=true"));
    assertTrue(driver.findElement(By.id("signIn:signedOut")).getText().contains("signed out"));
    driver.get(page("index.xhtml"));
    browser.waiting().until(ExpectedConditions.urlContains("login.xhtml"));
  }

  @Test
  void aSessionCookieAloneChangesNothingThroughTheApi() throws Exception {
    driver.get(page("login.xhtml"));
    Cookie anonymous = driver.manage().getCookieNamed("JSESSIONID");
    signIn("operator", "operator-pw");
    Cookie session = driver.manage().getCookieNamed("JSESSIONID");
    assertTrue(session.isHttpOnly(), "the session cookie is readable by scripts");
    assertEquals("Lax", session.getSameSite());
    if (anonymous != null) {
      assertNotEquals(anonymous.getValue(), session.getValue(), "no new session id at sign-in");
    }
    String cookie = "JSESSIONID=" + session.getValue();
    String start = "{\"workflow_name\": \"simple_etl\", \"input_data\": {\"url\": \"x\"}}";

    HttpResponse<String> forged =
        http.send(
            HttpRequest.newBuilder(api("workflows/start"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(start))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, forged.statusCode(), forged.body());
    assertTrue(forged.body().contains("session cookie"), forged.body());

    HttpResponse<String> read =
        http.send(
            HttpRequest.newBuilder(api("workflows?limit=1")).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, read.statusCode(), read.body());

    HttpResponse<String> marked =
        http.send(
            HttpRequest.newBuilder(api("workflows/start"))
                .header("Cookie", cookie)
                .header("X-Requested-By", "tinyworkflow-test")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(start))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, marked.statusCode(), marked.body());
    assertTrue(marked.body().contains("\"started_by\":\"operator\""), marked.body());
  }

  private void signIn(String user, String password) {
    driver.get(page("login.xhtml"));
    type("signIn:user", user);
    type("signIn:password", password);
    driver.findElement(By.id("signIn:submit")).click();
    browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("login.xhtml")));
  }

  private List<String> roles() {
    return driver.findElements(By.className("tw-role")).stream().map(WebElement::getText).toList();
  }

  /** The number on a status tile, read again when the poll replaced the tile meanwhile. */
  private long count(String status) {
    for (int attempt = 0; ; attempt++) {
      try {
        return Long.parseLong(
            driver
                .findElement(By.cssSelector(".tw-tile-count[data-status='" + status + "']"))
                .getText()
                .strip());
      } catch (StaleElementReferenceException replaced) {
        if (attempt == 5) {
          throw replaced;
        }
      }
    }
  }

  private void type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  private String page(String path) {
    return base.toString() + path;
  }

  private URI api(String path) {
    return URI.create(base.toString()).resolve("api/" + path);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
