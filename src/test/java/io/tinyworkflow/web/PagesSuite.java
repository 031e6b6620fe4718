package io.tinyworkflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.Browser;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What admins do in the pages, in headless Chromium against each database: start a run and read its
 * steps, decide approvals from the inbox, make and pause a schedule, filter and cancel runs, and
 * what a viewer may not do; input that is not JSON and markup in a run's data. Every page is
 * screenshot at desktop and phone size into {@code target/screenshots}, and no page may log a
 * JavaScript error.
 */
@RunAsClient
public abstract class PagesSuite {

  @ArquillianResource URL base;

  private final HttpClient http = HttpClient.newHttpClient();
  private Browser browser;
  private WebDriver driver;
  private String shots;

  @BeforeEach
  void openBrowser() throws Exception {
    browser = Browser.start();
    driver = browser.driver();
    shots = getClass().getSimpleName().replace("PagesIT", "").toLowerCase();
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void anOperatorStartsARunWaitsForItAndReadsItsSteps() throws Exception {
    signIn("operator", "operator-pw");
    driver.get(page("start.xhtml?workflow=simple_etl"));
    type("start:input", "{\"url\": \"https://example.com/orders\"}");
    driver.findElement(By.cssSelector("#start\\:wait .ui-chkbox-box")).click();
    browser.screenshots(shots + "-start");
    driver.findElement(By.id("start:submit")).click();
    browser
        .waiting()
        .until(ExpectedConditions.attributeToBe(By.id("resultStatus"), "textContent", "completed"));
    assertTrue(text("resultOutput").contains("\"records\""), text("resultOutput"));

    driver.findElement(By.id("resultLink")).click();
    browser.waiting().until(ExpectedConditions.urlContains("run.xhtml"));
    assertEquals("completed", driver.findElement(By.id("runStatus")).getAttribute("textContent"));
    assertEquals("operator", text("startedBy"));
    List<String> steps =
        driver.findElements(By.cssSelector("#details\\:steps .tw-step-name")).stream()
            .map(WebElement::getText)
            .toList();
    assertEquals(List.of("fetch_data", "process_data", "save_result"), steps);
    assertTrue(text("runInput").contains("https://example.com/orders"), text("runInput"));
    browser.screenshots(shots + "-run");

    // "Start like this one" fills the start page with this run's input.
    driver.findElement(By.id("operate:startLike")).click();
    browser.waiting().until(ExpectedConditions.urlContains("start.xhtml"));
    assertTrue(
        driver.findElement(By.id("start:input")).getAttribute("value").contains("orders"),
        "the input of the run to start like");
  }

  @Test
  void inputThatIsNotJsonIsRefusedInThePageAndStartsNothing() throws Exception {
    signIn("operator", "operator-pw");
    long before = runCount("simple_etl");
    driver.get(page("start.xhtml?workflow=simple_etl"));
    type("start:input", "{\"url\": ");
    driver.findElement(By.id("start:submit")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("start:inputMessage"), "not JSON"));
    type("start:input", "[1, 2]");
    driver.findElement(By.id("start:submit")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("start:inputMessage"), "must be a JSON object"));
    browser.screenshots(shots + "-start-bad-json");
    assertEquals(before, runCount("simple_etl"), "a run was started");
  }

  @Test
  void anApproverDecidesFromTheInboxWithACommentAndTheRunRecordsWho() throws Exception {
    String approved = startExpense(2500);
    String rejected = startExpense(4000);
    awaitStatus(approved, "paused");
    awaitStatus(rejected, "paused");

    signIn("approver", "approver-pw");
    driver.get(page("approvals.xhtml"));
    WebElement card = card(approved);
    assertTrue(card.getText().contains("expense_approval"), card.getText());
    browser.screenshots(shots + "-approvals");
    card.findElement(By.tagName("textarea")).sendKeys("Within budget <ok>");
    card.findElement(By.cssSelector("button[id$=':approve']")).click();
    browser.waiting().until(d -> d.findElements(By.id("approval-" + approved)).isEmpty());
    card(rejected).findElement(By.tagName("textarea")).sendKeys("No receipt");
    card(rejected).findElement(By.cssSelector("button[id$=':reject']")).click();
    browser.waiting().until(d -> d.findElements(By.id("approval-" + rejected)).isEmpty());

    assertEquals("completed", awaitStatus(approved, "completed"));
    assertEquals("completed", awaitStatus(rejected, "completed"));
    JsonObject granted = event(approved, "approval_granted");
    assertEquals("approver", granted.getJsonObject("event_data").getString("decided_by"));
    assertEquals("Within budget <ok>", granted.getJsonObject("event_data").getString("comment"));
    assertEquals(
        "rejected",
        get("workflows/" + rejected).getJsonObject("output_data").getString("status"),
        "the rejected claim's result");
    JsonObject refused = event(rejected, "approval_rejected");
    assertEquals("No receipt", refused.getJsonObject("event_data").getString("comment"));

    // The decided list says who and when; the comment shows as text.
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("inbox:decidedList"), "Within budget <ok>"));
    browser.screenshots(shots + "-approvals-decided");

    driver.get(page("run.xhtml?id=" + approved));
    String events = text("details:events");
    assertTrue(events.contains("approval_granted"), events);
    assertTrue(events.contains("approver"), events);
  }

  @Test
  void aViewerSeesNoDecisionButtonAndAForgedOneChangesNothing() throws Exception {
    String claim = startExpense(3000);
    awaitStatus(claim, "paused");
    signIn("viewer", "viewer-pw");
    driver.get(page("approvals.xhtml"));
    WebElement card = card(claim);
    assertTrue(card.findElements(By.tagName("button")).isEmpty(), "a viewer sees a button");
    browser.screenshots(shots + "-approvals-viewer");
    driver.get(page("run.xhtml?id=" + claim));
    assertTrue(driver.findElements(By.id("approval:approve")).isEmpty());
    assertTrue(driver.findElements(By.id("operate:cancel")).isEmpty());

    // A postback that names the approver's button, as if the viewer had it.
    Object forged =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + "var form = document.getElementById('state');"
                    + "var data = new URLSearchParams(new FormData(form));"
                    + "data.set('approval', 'approval');"
                    + "data.set('approval:approve', 'approval:approve');"
                    + "data.set('jakarta.faces.source', 'approval:approve');"
                    + "data.set('jakarta.faces.partial.ajax', 'true');"
                    + "data.set('jakarta.faces.partial.execute', '@all');"
                    + "fetch(form.action, {method: 'POST', body: data,"
                    + " headers: {'Faces-Request': 'partial/ajax'}})"
                    + ".then(r => done(r.status), e => done(String(e)));");
    assertEquals(200L, forged, "the forged postback");
    assertEquals("paused", get("workflows/" + claim).getString("status"), "the forged approve");
    assertEquals(
        403,
        call(
                "POST",
                "workflows/" + claim + "/approve",
                "{\"approved\": true}",
                "viewer",
                "viewer-pw")
            .statusCode());
    decide(claim);
  }

  @Test
  void anOperatorMakesASchedulePreviewsItsFiresAndPausesIt() throws Exception {
    signIn("operator", "operator-pw");
    driver.get(page("schedules.xhtml"));
    driver.findElement(By.id("list:table:new")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule:cron")));
    type("schedule:cron", "61 * * * *");
    browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule:cronError")));
    type("schedule:cron", "*/15 9-17 * * 1-5");
    browser.waiting().until(d -> d.findElements(By.cssSelector("#previewList li")).size() == 5);
    List<String> fires =
        driver.findElements(By.cssSelector("#previewList li")).stream()
            .map(WebElement::getText)
            .toList();
    assertTrue(
        fires.get(0).matches("\\w{3} \\d{4}-\\d\\d-\\d\\d (09|1[0-7]):(00|15|30|45):00"),
        fires.toString());
    browser.screenshots(shots + "-schedule-new");
    driver.findElement(By.id("schedule:save")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("list:table"), "*/15 9-17 * * 1-5"));
    driver
        .findElement(
            By.xpath(
                "//tbody//tr[.//code[text()='*/15 9-17 * * 1-5']]//button[.//span[text()='Pause']]"))
        .click();
    browser.waiting().until(d -> rowText("*/15 9-17 * * 1-5").toLowerCase().contains("paused"));
    browser.screenshots(shots + "-schedules");
    JsonArray schedules = getArray("schedules", "schedules");
    JsonObject made =
        schedules.stream()
            .map(JsonValue::asJsonObject)
            .filter(s -> "*/15 9-17 * * 1-5".equals(s.getString("cron_expression")))
            .findFirst()
            .orElseThrow();
    assertEquals("paused", made.getString("status"));
    call("DELETE", "schedules/" + made.getString("schedule_id"), null, "admin", admin());
  }

  @Test
  void theExecutionsPageFiltersByTheUrlAndCancelsTheSelectedRuns() throws Exception {
    String key = UUID.randomUUID().toString();
    String first =
        start("sleeps", "{\"key\": \"" + key + "-1\", \"sleep_ms\": 600000}", "w-" + key);
    String second =
        start("sleeps", "{\"key\": \"" + key + "-2\", \"sleep_ms\": 600000}", "w-" + key);
    awaitStatus(first, "paused");
    awaitStatus(second, "paused");
    signIn("operator", "operator-pw");
    driver.get(page("executions.xhtml?workflow=sleeps&status=paused&id=w-" + key));
    List<WebElement> rows = driver.findElements(By.cssSelector("#list\\:runs tbody tr[data-rk]"));
    assertEquals(2, rows.size(), "the runs of the workflow id");
    browser.screenshots(shots + "-executions");
    driver.findElement(By.cssSelector("#list\\:runs thead .ui-chkbox-box")).click();
    driver.findElement(By.id("list:runs:cancelSelected")).click();
    browser
        .waiting()
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes")))
        .click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("messages"), "Cancelled 2 runs."));
    assertEquals("cancelled", awaitStatus(first, "cancelled"));
    assertEquals("cancelled", awaitStatus(second, "cancelled"));

    driver.get(page("executions.xhtml?status=cancelled&id=w-" + key));
    assertEquals(2, driver.findElements(By.cssSelector("#list\\:runs tbody tr[data-rk]")).size());
    assertEquals(
        "1–2 of 2 runs",
        driver.findElement(By.cssSelector("#list\\:runs .ui-paginator-current")).getText());
    driver.get(page("executions.xhtml?status=completed&id=w-" + key));
    assertTrue(text("list:runs").contains("No runs match."), text("list:runs"));

    // By search attribute: typed in the filter, and from the chip on the run page.
    String order = "A-" + key.substring(0, 8);
    String ordered = start("order_fulfillment", "{\"order_id\": \"" + order + "\"}", null);
    awaitStatus(ordered, "paused");
    driver.get(page("executions.xhtml"));
    type("filter:attribute", "order_id=" + order);
    driver.findElement(By.id("filter:search")).click();
    browser.waiting().until(ExpectedConditions.urlContains("attribute="));
    rows = driver.findElements(By.cssSelector("#list\\:runs tbody tr[data-rk]"));
    assertEquals(1, rows.size(), "the runs of order " + order);
    assertEquals(ordered, rows.get(0).getAttribute("data-rk"));
    browser.screenshots(shots + "-executions-attribute");
    driver.get(page("run.xhtml?id=" + ordered));
    WebElement chip = driver.findElement(By.cssSelector("#attributes a"));
    assertEquals("order_id=" + order, chip.getText());
    browser.screenshots(shots + "-run-attributes");
    chip.click();
    browser.waiting().until(ExpectedConditions.urlContains("executions"));
    assertEquals(
        List.of(ordered),
        driver.findElements(By.cssSelector("#list\\:runs tbody tr[data-rk]")).stream()
            .map(r -> r.getAttribute("data-rk"))
            .toList());
    driver.get(page("executions.xhtml"));
    type("filter:attribute", "order_id");
    driver.findElement(By.id("filter:search")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("filter:attributeMessage"), "give key=value"));
    browser.screenshots(shots + "-executions-bad-attribute");
    assertEquals(
        200, call("DELETE", "workflows/" + ordered, null, "operator", "operator-pw").statusCode());
  }

  @Test
  void aPageWhoseStateIsGoneReloadsItselfOnTheSameRun() throws Exception {
    String key = UUID.randomUUID().toString();
    String runId = start("sleeps", "{\"key\": \"" + key + "\", \"sleep_ms\": 600000}", null);
    awaitStatus(runId, "paused");
    signIn("operator", "operator-pw");
    driver.get(page("run.xhtml?id=" + runId));
    // As after a server restart: the server no longer knows the page's view state.
    ((JavascriptExecutor) driver)
        .executeScript(
            "window.twStale = true;"
                + "document.querySelectorAll(\"input[name='jakarta.faces.ViewState']\")"
                + ".forEach(function (i) { i.value = 'gone'; });");
    // The page's next poll finds no view: it reloads, on the same run, without an error.
    browser
        .waiting()
        .until(
            d ->
                ((JavascriptExecutor) d).executeScript("return window.twStale") == null
                    && !d.findElements(By.id("runStatus")).isEmpty());
    assertTrue(driver.getCurrentUrl().contains("id=" + runId), driver.getCurrentUrl());
    assertEquals(runId, text("runId"));
    browser.assertNoScriptErrors();
    call("DELETE", "workflows/" + runId, null, "operator", "operator-pw");
  }

  @Test
  void markupInARunShowsAsTextAndAMissingRunIsA404() throws Exception {
    String runId =
        start(
            "simple_etl", "{\"url\": \"<script>window.twInjected = 1</script><b>bold</b>\"}", null);
    awaitStatus(runId, "completed");
    signIn("viewer", "viewer-pw");
    driver.get(page("run.xhtml?id=" + runId));
    assertTrue(
        text("runInput").contains("<script>window.twInjected = 1</script>"), text("runInput"));
    assertNull(((JavascriptExecutor) driver).executeScript("return window.twInjected"));
    assertTrue(driver.findElements(By.cssSelector("#runInput b")).isEmpty(), "markup was rendered");
    browser.screenshots(shots + "-run-viewer");

    driver.get(page("run.xhtml?id=no-such-run"));
    String body = driver.findElement(By.tagName("body")).getText();
    assertTrue(body.contains("No run has the id no-such-run."), body);
    assertFalse(driver.getPageSource().contains("Exception"), "an exception in the page");
  }

  @Test
  void anOperatorRestartsAFailedRunFromAStepAndLandsOnTheNewRun() throws Exception {
    String failed =
        start("trip_booking", "{\"trip_id\": \"P-1\", \"destination\": \"Atlantis\"}", null);
    assertEquals("failed", awaitStatus(failed, "failed"));
    signIn("operator", "operator-pw");
    driver.get(page("run.xhtml?id=" + failed));
    List<String> steps =
        driver.findElements(By.cssSelector("#details\\:steps .tw-step-name")).stream()
            .map(WebElement::getText)
            .toList();
    assertEquals(
        List.of("reserve_hotel", "charge_card", "book_flight", "refund_card", "cancel_hotel"),
        steps);
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById('stepsHeading').scrollIntoView()");
    browser.screenshots(shots + "-run-compensated");

    driver.findElement(By.id("details:steps:2:restartFrom")).click();
    browser
        .waiting()
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes")))
        .click();
    browser
        .waiting()
        .until(
            d ->
                d.getCurrentUrl().contains("run.xhtml")
                    && !d.getCurrentUrl().contains(failed)
                    && !d.findElements(By.id("state:forkedFromLink")).isEmpty());
    assertEquals(failed, text("state:forkedFromLink"));
    String newRun = text("runId");
    JsonObject run = get("workflows/" + newRun);
    assertEquals(failed, run.getString("forked_from"));
    assertEquals(3, run.getInt("forked_from_step"));
    assertEquals("operator", run.getString("started_by"));
    awaitStatus(newRun, "failed");
    driver.navigate().refresh();
    browser.screenshots(shots + "-run-restarted");
  }

  @Test
  void theRegistryAndTheDashboardShowWhatTheServerHas() throws Exception {
    signIn("viewer", "viewer-pw");
    driver.get(page("registry.xhtml"));
    String workflows = text("workflows");
    assertTrue(workflows.contains("expense_approval"), workflows);
    assertTrue(text("activities").contains("process_payment"), text("activities"));
    assertTrue(workflows.contains("In flight"), workflows);
    String api =
        driver.findElements(By.cssSelector("#workflows tbody tr")).stream()
            .map(WebElement::getText)
            .filter(row -> row.startsWith("api_workflow"))
            .findFirst()
            .orElse("");
    assertTrue(api.contains("external_api: 10 at once, 20 starts/s"), "its queue: " + api);
    String hotel =
        driver.findElements(By.cssSelector("#activities tbody tr")).stream()
            .map(WebElement::getText)
            .filter(row -> row.startsWith("reserve_hotel"))
            .findFirst()
            .orElse("");
    assertTrue(hotel.contains("cancel_hotel"), "the hotel's compensation: " + hotel);
    String payment =
        driver.findElements(By.cssSelector("#activities tbody tr")).stream()
            .map(WebElement::getText)
            .filter(row -> row.startsWith("process_payment"))
            .findFirst()
            .orElse("");
    assertTrue(payment.contains("yes"), "process_payment is transactional: " + payment);
    browser.screenshots(shots + "-registry");
    driver.get(page("index.xhtml"));
    assertNotNull(driver.findElement(By.cssSelector("#dashboard\\:chart canvas")));
    browser.screenshots(shots + "-dashboard-full");
  }

  // --- helpers ---

  private String startExpense(double amount) throws Exception {
    return start("expense_approval", "{\"amount\": " + amount + "}", null);
  }

  private void decide(String runId) throws Exception {
    call("POST", "workflows/" + runId + "/approve", "{\"approved\": true}", "admin", admin());
  }

  private WebElement card(String runId) {
    return browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("approval-" + runId)));
  }

  /** The text of the schedule table's row that shows a text, read again when Ajax replaced it. */
  private String rowText(String text) {
    for (int attempt = 0; ; attempt++) {
      try {
        return driver.findElements(By.cssSelector("#list\\:table tbody tr")).stream()
            .map(WebElement::getText)
            .filter(t -> t.contains(text))
            .findFirst()
            .orElse("");
      } catch (StaleElementReferenceException replaced) {
        if (attempt == 5) {
          throw replaced;
        }
      }
    }
  }

  private String start(String workflow, String input, String workflowId) throws Exception {
    String body =
        "{\"workflow_name\": \""
            + workflow
            + "\", \"input_data\": "
            + input
            + (workflowId == null ? "" : ", \"workflow_id\": \"" + workflowId + "\"")
            + "}";
    HttpResponse<String> started = call("POST", "workflows/start", body, "operator", "operator-pw");
    assertEquals(200, started.statusCode(), started.body());
    return json(started.body()).getString("run_id");
  }

  private String awaitStatus(String runId, String wanted) throws Exception {
    long until = System.currentTimeMillis() + 30_000;
    String status;
    do {
      status = get("workflows/" + runId).getString("status");
      if (status.equals(wanted)) {
        return status;
      }
      Thread.sleep(200);
    } while (System.currentTimeMillis() < until);
    return status;
  }

  private JsonObject event(String runId, String type) throws Exception {
    return getArray("workflows/" + runId + "/events", "events").stream()
        .map(JsonValue::asJsonObject)
        .filter(e -> type.equals(e.getString("event_type")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " event for " + runId));
  }

  private long runCount(String workflow) throws Exception {
    return getArray(
            "workflows?limit=1000&workflow_name="
                + URLEncoder.encode(workflow, StandardCharsets.UTF_8),
            "workflows")
        .size();
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<String> r = call("GET", path, null, "viewer", "viewer-pw");
    assertEquals(200, r.statusCode(), r.body());
    return json(r.body());
  }

  /** The items of a list answer, {@code {"<list>": [...]}}. */
  private JsonArray getArray(String path, String list) throws Exception {
    JsonArray items = get(path).getJsonArray(list);
    assertTrue(items != null, "no '" + list + "' list in the answer to " + path);
    return items;
  }

  private HttpResponse<String> call(
      String method, String path, String body, String user, String password) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base.toString()).resolve("api/" + path))
            .header("Authorization", basic(user, password))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private void signIn(String user, String password) {
    driver.get(page("login.xhtml"));
    type("signIn:user", user);
    type("signIn:password", password);
    driver.findElement(By.id("signIn:submit")).click();
    browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("login.xhtml")));
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /**
   * Types into a field once the page's Ajax requests are done: an answer being applied replaces the
   * field, and a field replaced while typing is stale (typed again then).
   */
  private void type(String id, String text) {
    browser
        .waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    ((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript(
                            "return !window.PrimeFaces || PrimeFaces.ajax.Queue.isEmpty();")));
    for (int attempt = 1; ; attempt++) {
      try {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private String page(String path) {
    return base.toString() + path;
  }

  private static String admin() {
    return System.getProperty("tinyworkflow.it.admin.password");
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
