package io.tinyworkflow.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * Who may do what over REST, against each database (DESIGN.md, issue "who may do what"): every
 * route called as nobody, as a user of each role and as the admin answers as the README's table of
 * roles says; a decision records who made it.
 */
@RunAsClient
public abstract class SecuritySuite {

  @ArquillianResource URL base;

  private final HttpClient http = HttpClient.newHttpClient();

  private static final Set<String> READERS = Set.of("viewer", "operator", "approver", "admin");
  private static final Set<String> OPERATORS = Set.of("operator", "admin");
  private static final Set<String> APPROVERS = Set.of("approver", "admin");

  /** A route, an example request to it, and the roles that may call it. */
  record Route(String method, String path, String body, Set<String> roles) {}

  /** The README's table: every route of the API. */
  private static final List<Route> ROUTES =
      List.of(
          new Route("GET", "workflows", null, READERS),
          new Route("GET", "workflows/no-such-run", null, READERS),
          new Route("GET", "workflows/no-such-run/events", null, READERS),
          new Route("GET", "workflows/no-such-run/steps", null, READERS),
          new Route("GET", "workflows/no-such-run/state", null, READERS),
          new Route("GET", "workflows/no-such-run/children", null, READERS),
          new Route("GET", "approvals", null, READERS),
          new Route("GET", "registry/workflows", null, READERS),
          new Route("GET", "registry/activities", null, READERS),
          new Route("GET", "schedules", null, READERS),
          new Route("GET", "schedules/no-such-schedule", null, READERS),
          new Route("GET", "schedules/preview?cron_expression=0%202%20*%20*%20*", null, READERS),
          new Route("POST", "workflows/start", "{\"workflow_name\": \"no_such\"}", OPERATORS),
          new Route("POST", "workflows/delayed", "{\"workflow_name\": \"no_such\"}", OPERATORS),
          new Route("DELETE", "workflows/no-such-run", null, OPERATORS),
          new Route("POST", "workflows/no-such-run/signals/go", "{}", OPERATORS),
          new Route("POST", "workflows/no-such-run/restart", "{\"from_step\": 1}", OPERATORS),
          new Route("POST", "workflows/no-such-run/retry-now", null, OPERATORS),
          new Route("POST", "schedules", "{\"workflow_name\": \"no_such\"}", OPERATORS),
          new Route("POST", "schedules/no-such-schedule/pause", null, OPERATORS),
          new Route("POST", "schedules/no-such-schedule/resume", null, OPERATORS),
          new Route("PUT", "schedules/no-such-schedule", "{}", OPERATORS),
          new Route("DELETE", "schedules/no-such-schedule", null, OPERATORS),
          new Route("POST", "workflows/no-such-run/approve", "{}", APPROVERS),
          new Route("POST", "workflows/purge", "{\"older_than\": \"never\"}", Set.of("admin")));

  @Test
  void everyRouteAnswersEachRoleAsTheTableSays() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Route route : ROUTES) {
      for (String user : List.of("", "viewer", "operator", "approver", "admin")) {
        HttpResponse<String> response = send(route.method(), route.path(), route.body(), user);
        int status = response.statusCode();
        String expected;
        if (user.isEmpty()) {
          expected = status == 401 ? null : "401";
          if (expected == null
              && !response
                  .headers()
                  .firstValue("WWW-Authenticate")
                  .orElse("")
                  .startsWith("Basic")) {
            expected = "a Basic challenge";
          }
        } else if (route.roles().contains(user)) {
          expected = status == 401 || status == 403 ? "allowed" : null;
        } else {
          expected = status == 403 && error(response).contains(user) ? null : "403 naming the user";
        }
        if (expected != null) {
          wrong.add(
              route.method()
                  + " /api/"
                  + route.path()
                  + " as "
                  + (user.isEmpty() ? "nobody" : user)
                  + ": expected "
                  + expected
                  + ", got "
                  + status
                  + " "
                  + response.body());
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void aWrongPasswordIs401WithAJsonMessageAndHealthStaysOpen() throws Exception {
    HttpResponse<String> wrongPassword =
        http.send(
            request("GET", "workflows", null)
                .header("Authorization", basic("operator", "not-the-password"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, wrongPassword.statusCode());
    assertTrue(error(wrongPassword).contains("Wrong user name or password"), wrongPassword.body());
    assertFalse(wrongPassword.body().contains("not-the-password"));
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), health.body());
  }

  @Test
  void aDecisionRecordsTheApproverAndTheRunItsStarter() throws Exception {
    HttpResponse<String> started =
        send("POST", "workflows/start", "{\"workflow_name\": \"who_started\"}", "operator");
    assertEquals(200, started.statusCode(), started.body());
    String runId = json(started).getString("run_id");
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (!"paused"
        .equals(json(send("GET", "workflows/" + runId, null, "viewer")).getString("status"))) {
      assertTrue(Instant.now().isBefore(until), "the run did not pause");
      Thread.sleep(50);
    }
    HttpResponse<String> byViewer =
        send("POST", "workflows/" + runId + "/approve", "{\"approved\": true}", "viewer");
    assertEquals(403, byViewer.statusCode(), byViewer.body());
    HttpResponse<String> decided =
        send(
            "POST",
            "workflows/" + runId + "/approve",
            "{\"approved\": true, \"comment\": \"fine\"}",
            "approver");
    assertEquals(200, decided.statusCode(), decided.body());
    JsonObject granted = event(runId, "approval_granted");
    assertEquals(
        "approver",
        granted.getJsonObject("event_data").getString("decided_by"),
        granted.toString());
    Instant ends = Instant.now().plus(Duration.ofSeconds(30));
    JsonObject run = json(send("GET", "workflows/" + runId, null, "viewer"));
    while (!"completed".equals(run.getString("status"))) {
      assertTrue(Instant.now().isBefore(ends), "the run did not complete: " + run);
      Thread.sleep(50);
      run = json(send("GET", "workflows/" + runId, null, "viewer"));
    }
    assertEquals("operator", run.getString("started_by"), run.toString());
    assertEquals("operator", run.getString("output_data"), "ctx.startedBy() after the pause");
  }

  @Test
  void theClientChecksTheRoleOfTheUserItServes() throws Exception {
    HttpResponse<String> byViewer = send("POST", "test-probe/start", "{}", "viewer");
    assertEquals(403, byViewer.statusCode(), byViewer.body());
    assertTrue(
        error(byViewer).contains("viewer may not start a run: it needs the role operator or admin"),
        byViewer.body());
    HttpResponse<String> byOperator = send("POST", "test-probe/start", "{}", "operator");
    assertEquals(200, byOperator.statusCode(), byOperator.body());
    String runId = json(byOperator).getString("run_id");
    assertEquals(
        "operator",
        json(send("GET", "workflows/" + runId, null, "viewer")).getString("started_by"));

    HttpResponse<String> counted = send("GET", "test-probe/count", null, "viewer");
    assertEquals(200, counted.statusCode(), counted.body());
    assertEquals(
        Set.of("PENDING", "RUNNING", "PAUSED", "RETRYING", "COMPLETED", "FAILED", "CANCELLED"),
        json(counted).keySet());
    assertTrue(
        json(counted).getJsonNumber("COMPLETED").longValue()
                + json(counted).getJsonNumber("RUNNING").longValue()
                + json(counted).getJsonNumber("PENDING").longValue()
            >= 1,
        counted.body());
    HttpResponse<String> byNobody = send("GET", "test-probe/count", null, "nobody");
    assertEquals(403, byNobody.statusCode(), byNobody.body());
    assertTrue(error(byNobody).contains("nobody may not read runs"), byNobody.body());
  }

  @Test
  void aCancelRecordsWhoCancelled() throws Exception {
    HttpResponse<String> started =
        send("POST", "workflows/start", "{\"workflow_name\": \"who_started\"}", "admin");
    String runId = json(started).getString("run_id");
    HttpResponse<String> cancelled = send("DELETE", "workflows/" + runId, null, "operator");
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    JsonObject event = event(runId, "workflow_cancelled");
    assertEquals("operator", event.getJsonObject("event_data").getString("cancelled_by"));
    assertEquals(
        "admin", json(send("GET", "workflows/" + runId, null, "viewer")).getString("started_by"));
  }

  @Test
  void anApprovalForARoleIsListedForAndDecidedByThatRoleOnly() throws Exception {
    String runId =
        json(send(
                "POST", "workflows/start", "{\"workflow_name\": \"finance_approval\"}", "operator"))
            .getString("run_id");
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (!pendingIds("finance").contains(runId)) {
      assertTrue(Instant.now().isBefore(until), "the approval was never listed for finance");
      Thread.sleep(50);
    }
    assertFalse(pendingIds("approver").contains(runId), "listed for an approver without finance");
    assertTrue(pendingIds("admin").contains(runId), "not listed for the admin");

    HttpResponse<String> byApprover =
        send("POST", "workflows/" + runId + "/approve", "{\"approved\": true}", "approver");
    assertEquals(403, byApprover.statusCode(), byApprover.body());
    assertTrue(error(byApprover).contains("'finance'"), byApprover.body());
    assertTrue(error(byApprover).contains("user 'approver'"), byApprover.body());

    HttpResponse<String> byFinance =
        send("POST", "workflows/" + runId + "/approve", "{\"approved\": true}", "finance");
    assertEquals(200, byFinance.statusCode(), byFinance.body());
    JsonObject run = json(send("GET", "workflows/" + runId, null, "viewer"));
    while (!"completed".equals(run.getString("status"))) {
      assertTrue(Instant.now().isBefore(until.plusSeconds(30)), "not completed: " + run);
      Thread.sleep(50);
      run = json(send("GET", "workflows/" + runId, null, "viewer"));
    }
    assertEquals("approved", run.getString("output_data"));
  }

  /** The first event of a type in a run's events, as a viewer reads them. */
  private JsonObject event(String runId, String type) throws Exception {
    HttpResponse<String> events = send("GET", "workflows/" + runId + "/events", null, "viewer");
    return list(events, "events").stream()
        .map(JsonValue::asJsonObject)
        .filter(e -> type.equals(e.getString("event_type", "")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + events.body()));
  }

  /** A list answer: the array under {@code envelope}, as the guide's server answers lists. */
  private static jakarta.json.JsonArray list(HttpResponse<String> response, String envelope) {
    JsonObject parsed = Json.createReader(new StringReader(response.body())).readObject();
    jakarta.json.JsonArray items = parsed.getJsonArray(envelope);
    if (items == null) {
      throw new AssertionError("no '" + envelope + "' list in " + response.body());
    }
    return items;
  }

  /** The run ids of the approvals a user sees as pending. */
  private List<String> pendingIds(String user) throws Exception {
    HttpResponse<String> response = send("GET", "approvals", null, user);
    assertEquals(200, response.statusCode(), response.body());
    return list(response, "approvals").stream()
        .map(v -> v.asJsonObject().getString("run_id"))
        .toList();
  }

  private HttpResponse<String> send(String method, String path, String body, String user)
      throws Exception {
    HttpRequest.Builder request = request(method, path, body);
    if (!user.isEmpty()) {
      request.header("Authorization", basic(user, password(user)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base.toString()).resolve("api/" + path))
            .header("Accept", "application/json");
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return request;
  }

  private static String password(String user) {
    return "admin".equals(user)
        ? System.getProperty("tinyworkflow.it.admin.password")
        : user + "-pw"; // src/test/liberty/config/configDropins/overrides/users.xml
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private static String error(HttpResponse<String> response) {
    try {
      return json(response).getString("error", "");
    } catch (RuntimeException e) {
      return "";
    }
  }
}
