package io.tinyworkflow.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinyworkflow.testing.Incidents;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * The REST API over HTTP, as a client outside the server sees it, against each database: the
 * guide's routes and field names, and a JSON error with the right status for bad input.
 */
@RunAsClient
public abstract class RestSuite {

  @ArquillianResource URL base;

  private final HttpClient http = HttpClient.newHttpClient();

  /** Every request signs in as the test server's admin. */
  private static final String ADMIN =
      SecuritySuite.basic("admin", System.getProperty("tinyworkflow.it.admin.password"));

  /** A response: its status and its JSON body. */
  record Reply(int status, JsonStructure body) {
    JsonObject object() {
      return body.asJsonObject();
    }

    /** The items of a list answer, {@code {"<name>": [...]}}, the only field of its kind. */
    JsonArray list(String name) {
      return body.asJsonObject().getJsonArray(name);
    }
  }

  @Test
  void startWaitGetListAndEvents() throws Exception {
    Reply started =
        post(
            "workflows/start",
            "{\"workflow_name\": \"simple_etl\", \"input_data\": {\"url\": \"https://api.example.com\"},"
                + " \"wait\": true}");
    assertEquals(200, started.status(), started.body().toString());
    JsonObject run = started.object();
    String runId = run.getString("run_id");
    assertEquals("completed", run.getString("status"));
    assertEquals("simple_etl", run.getString("workflow_name"));
    assertEquals(
        "https://api.example.com",
        run.getJsonObject("run").getJsonObject("input_data").getString("url"));
    assertEquals("completed", run.getJsonObject("output_data").getString("status"));
    assertEquals(runId, run.getJsonObject("run").getString("run_id"));

    JsonObject read = get("workflows/" + runId).object();
    assertEquals(runId, read.getString("run_id"));
    assertEquals("completed", read.getString("status"));

    JsonArray listed =
        get("workflows?status=completed&workflow_name=simple_etl&limit=50").list("workflows");
    assertTrue(
        listed.stream().anyMatch(r -> r.asJsonObject().getString("run_id").equals(runId)),
        listed.toString());
    assertTrue(
        listed.stream().allMatch(r -> r.asJsonObject().getString("status").equals("completed")));

    JsonArray events = get("workflows/" + runId + "/events?limit=100").list("events");
    assertEquals("workflow_started", events.getJsonObject(0).getString("event_type"));
    assertEquals(
        "workflow_completed", events.getJsonObject(events.size() - 1).getString("event_type"));
    assertEquals(2, get("workflows/" + runId + "/events?limit=2").list("events").size());
    // Each entry has an id of its own, the same on every read: the derived ones too.
    List<Long> ids =
        events.stream().map(e -> e.asJsonObject().getJsonNumber("event_id").longValue()).toList();
    assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), events.toString());
    assertEquals(
        ids,
        get("workflows/" + runId + "/events?limit=100").list("events").stream()
            .map(e -> e.asJsonObject().getJsonNumber("event_id").longValue())
            .toList());
  }

  /**
   * A client written to the guide's server, route by route: it reads only the fields that server
   * answers, in its shapes, and works unchanged.
   */
  @Test
  void aClientOfTheGuidesServerWorksUnchanged() throws Exception {
    JsonObject started =
        post(
                "workflows/start",
                "{\"workflow_name\": \"simple_etl\", \"input_data\": {\"url\": \"https://api.example.com\"}}")
            .object();
    assertEquals("started", started.getString("status"));
    String runId = started.getString("run_id");

    JsonObject run = get("workflows/" + runId).object();
    for (String field :
        List.of(
            "run_id",
            "workflow_id",
            "workflow_name",
            "status",
            "input_data",
            "output_data",
            "error",
            "created_at",
            "started_at",
            "completed_at",
            "retry_count",
            "max_retries")) {
      assertTrue(run.containsKey(field), field + " missing from " + run);
    }
    awaitStatus(runId, "completed");

    JsonObject listed =
        get("workflows?status=completed&workflow_name=simple_etl&limit=100")
            .list("workflows")
            .stream()
            .map(JsonValue::asJsonObject)
            .filter(w -> w.getString("run_id").equals(runId))
            .findFirst()
            .orElseThrow(() -> new AssertionError(runId + " not listed"));
    for (String field :
        List.of("run_id", "workflow_name", "status", "created_at", "completed_at", "error")) {
      assertTrue(listed.containsKey(field), field + " missing from " + listed);
    }

    for (JsonValue e : get("workflows/" + runId + "/events?limit=100").list("events")) {
      for (String field : List.of("event_type", "event_data", "timestamp")) {
        assertTrue(e.asJsonObject().containsKey(field), field + " missing from " + e);
      }
    }

    JsonObject scheduled =
        post(
                "schedules",
                "{\"workflow_name\": \"daily_backup\", \"cron_expression\": \"0 2 * * *\","
                    + " \"input_data\": {}}")
            .object();
    assertEquals("scheduled", scheduled.getString("status"));
    String jobId = scheduled.getString("job_id");
    assertEquals(
        "deleted", send("DELETE", "schedules/" + jobId, null).object().getString("status"));

    String approved = startLargeExpense();
    String rejected = startLargeExpense();
    String cancelled = startLargeExpense();
    awaitStatus(approved, "paused");
    awaitStatus(rejected, "paused");
    awaitStatus(cancelled, "paused");
    List<JsonObject> approvals =
        get("approvals").list("approvals").stream().map(JsonValue::asJsonObject).toList();
    for (String id : List.of(approved, rejected, cancelled)) {
      JsonObject approval =
          approvals.stream()
              .filter(a -> a.getString("run_id").equals(id))
              .findFirst()
              .orElseThrow(() -> new AssertionError(id + " not among " + approvals));
      for (String field : List.of("run_id", "workflow_name", "approval_required", "created_at")) {
        assertFalse(approval.isNull(field), field + " missing from " + approval);
      }
    }
    assertEquals(
        "approved",
        post("workflows/" + approved + "/approve", "{\"approved\": true}")
            .object()
            .getString("status"));
    assertEquals(
        "rejected",
        post("workflows/" + rejected + "/approve", "{\"approved\": false}")
            .object()
            .getString("status"));
    assertEquals(
        "cancelled", send("DELETE", "workflows/" + cancelled, null).object().getString("status"));

    assertTrue(
        get("registry/workflows").list("workflows").contains(Json.createValue("simple_etl")));
    assertTrue(
        get("registry/activities").list("activities").contains(Json.createValue("fetch_data")));
  }

  @Test
  void approvalsAreListedAndDecided() throws Exception {
    String runId = startLargeExpense();
    JsonObject pending = null;
    for (int i = 0; i < 300 && pending == null; i++) {
      for (var a : get("approvals").list("approvals")) {
        if (a.asJsonObject().getString("run_id").equals(runId)) {
          pending = a.asJsonObject();
        }
      }
      Thread.sleep(50);
    }
    assertTrue(pending != null, "the run was never listed for approval");
    assertTrue(pending.getString("approval_required").startsWith("manager_approval_"));

    Reply decided = post("workflows/" + runId + "/approve", "{\"approved\": false}");
    assertEquals(200, decided.status(), decided.body().toString());
    assertEquals("rejected", decided.object().getString("status"));
    assertEquals(runId, decided.object().getString("run_id"));
    awaitStatus(runId, "completed");
    assertEquals(
        "rejected",
        get("workflows/" + runId).object().getJsonObject("output_data").getString("status"));

    Reply twice = post("workflows/" + runId + "/approve", "{\"approved\": true}");
    assertError(409, runId, twice);
    assertError(400, "'approved' is required", post("workflows/" + runId + "/approve", "{}"));
  }

  @Test
  void cancellingARunningRunAndAFinishedOne() throws Exception {
    String runId = startLargeExpense();
    Reply cancelled = send("DELETE", "workflows/" + runId, null);
    assertEquals(200, cancelled.status(), cancelled.body().toString());
    assertEquals("cancelled", cancelled.object().getString("status"));
    assertEquals("cancelled", cancelled.object().getJsonObject("run").getString("status"));
    assertError(409, "already cancelled", send("DELETE", "workflows/" + runId, null));
  }

  @Test
  void cancellingARunWithCompensationsAnswersCancellingThenItEndsCancelled() throws Exception {
    String runId =
        post(
                "workflows/start",
                "{\"workflow_name\": \"trip_booking\", \"input_data\": {\"trip_id\": \"R-1\","
                    + " \"needs_approval\": true}}")
            .object()
            .getString("run_id");
    awaitStatus(runId, "paused");
    Reply cancelling = send("DELETE", "workflows/" + runId, null);
    assertEquals(200, cancelling.status(), cancelling.body().toString());
    String answered = cancelling.object().getString("status");
    String now = cancelling.object().getJsonObject("run").getString("status");
    if (!now.equals("cancelled")) {
      assertEquals("cancelling", answered);
      // "being cancelled already" while the compensations run; "already cancelled" after
      assertError(409, "already", send("DELETE", "workflows/" + runId, null));
    }
    awaitStatus(runId, "cancelled");
    List<String> steps =
        get("workflows/" + runId + "/steps").object().getJsonArray("steps").stream()
            .map(JsonValue::asJsonObject)
            .map(step -> step.getString("step_name"))
            .toList();
    assertEquals(
        List.of("reserve_hotel", "charge_card", "refund_card", "cancel_hotel"), steps, "steps");
  }

  @Test
  void restartingARunFromAStepMakesANewRunAndBadRequestsNameTheProblem() throws Exception {
    String runId =
        post(
                "workflows/start",
                "{\"workflow_name\": \"trip_booking\", \"input_data\": {\"trip_id\": \"F-1\","
                    + " \"destination\": \"Atlantis\"}, \"wait\": true}")
            .object()
            .getString("run_id");
    awaitStatus(runId, "failed");
    Reply restarted =
        post(
            "workflows/" + runId + "/restart",
            "{\"from_step\": 3, \"input_data\": {\"trip_id\": \"F-1\", \"destination\":"
                + " \"Lisbon\"}}");
    assertEquals(201, restarted.status(), restarted.body().toString());
    assertEquals("restarted", restarted.object().getString("status"));
    String newRun = restarted.object().getString("run_id");
    JsonObject run = restarted.object().getJsonObject("run");
    assertEquals(runId, run.getString("forked_from"));
    assertEquals(3, run.getInt("forked_from_step"));
    awaitStatus(newRun, "completed");
    assertEquals(
        "flight-F-1",
        get("workflows/" + newRun).object().getJsonObject("output_data").getString("flight"));

    assertError(400, "'from_step' is required", post("workflows/" + runId + "/restart", "{}"));
    assertError(
        400,
        "'from_step' must be a whole number, not string",
        post("workflows/" + runId + "/restart", "{\"from_step\": \"3\"}"));
    assertError(
        400, "must be 1 to ", post("workflows/" + runId + "/restart", "{\"from_step\": 99}"));
    assertError(404, "'nope'", post("workflows/nope/restart", "{\"from_step\": 1}"));
    assertError(409, "only a retrying run", post("workflows/" + runId + "/retry-now", null));
  }

  @Test
  void badInputIsA400WithAMessageThatNamesTheProblem() throws Exception {
    assertError(400, "not valid JSON", post("workflows/start", "{\"workflow_name\": "));
    assertError(400, "must be a JSON object", post("workflows/start", "[1, 2]"));
    assertError(
        400,
        "'input_data' must be a JSON object",
        post("workflows/start", "{\"workflow_name\": \"simple_etl\", \"input_data\": [1]}"));
    assertError(400, "'workflow_name' is required", post("workflows/start", "{}"));
    assertError(
        400,
        "'wait' must be true or false",
        post("workflows/start", "{\"workflow_name\": \"simple_etl\", \"wait\": \"yes\"}"));
    assertError(400, "Unknown status 'sleeping'", get("workflows?status=sleeping"));
    assertError(400, "limit must be between 1 and 1000", get("workflows?limit=5000"));
    assertError(400, "'offset' must be a whole number", get("workflows?offset=x"));
    assertError(
        400,
        "hour field \"25\"",
        post(
            "schedules",
            "{\"workflow_name\": \"daily_backup\", \"cron_expression\": \"0 25 * * *\"}"));
  }

  @Test
  void aFieldOfTheWrongTypeOrOutOfRangeIsA400ThatNamesIt() throws Exception {
    String start = "{\"workflow_name\": \"echo\", ";
    assertError(
        400,
        "'input_data' must be a JSON object, not number",
        post("workflows/start", start + "\"input_data\": 5}"));
    assertError(
        400,
        "'wait' must be true or false, not string",
        post("workflows/start", start + "\"wait\": \"yes\"}"));
    assertError(
        400,
        "'workflow_name' must be a string, not number",
        post("workflows/start", "{\"workflow_name\": 5}"));
    assertError(
        400,
        "'wait_timeout' must be a whole number, not number",
        post("workflows/start", start + "\"wait\": true, \"wait_timeout\": 1.5}"));
    assertError(
        400,
        "'wait_timeout' must be between 1 and 3600 seconds, not 5000",
        post("workflows/start", start + "\"wait\": true, \"wait_timeout\": 5000}"));
    assertError(400, "'workflow_name' is required", post("workflows/start", ""));
    assertError(400, "'workflow_name' is required", post("workflows/start", "{\"wait\": null}"));
    assertError(
        400,
        "'delay_seconds' must be a whole number, not string",
        post("workflows/delayed", "{\"workflow_name\": \"echo\", \"delay_seconds\": \"soon\"}"));
    assertError(
        400,
        "'delay_seconds' must be 0 or more, not -5",
        post("workflows/delayed", "{\"workflow_name\": \"echo\", \"delay_seconds\": -5}"));
    assertError(
        400,
        "'start_at' must be an ISO-8601 instant such as 2027-01-01T09:00:00Z, not number",
        post("workflows/delayed", "{\"workflow_name\": \"echo\", \"start_at\": 5}"));
    assertError(
        400,
        "'approved' must be true or false, not string",
        post("workflows/nope/approve", "{\"approved\": \"yes\"}"));
    assertError(400, "'approved' is required", post("workflows/nope/approve", ""));
    assertError(
        400, "'cron_expression' is required; 'workflow_name' is required", post("schedules", "{}"));
    assertError(
        400,
        "'catch_up_window_seconds' must be a whole number, not string",
        post(
            "schedules",
            "{\"workflow_name\": \"daily_backup\", \"cron_expression\": \"0 2 * * *\","
                + " \"catch_up_window_seconds\": \"1h\"}"));
    // Sent as curl -d sends it, as a form: read as JSON all the same.
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("api/workflows/start"))
                .header("Authorization", ADMIN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workflow_name\": \"echo\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, form.statusCode(), form.body());
    assertTrue(form.body().contains("\"status\":\"started\""), form.body());
  }

  @Test
  void hostileInputIsAClientErrorThatLeavesNoIncidentInTheLog() throws Exception {
    Path logs = Path.of(System.getProperty("tinyworkflow.it.wlp"), "usr/servers/testServer/logs");
    Path messages = logs.resolve("messages.log");
    long ffdcBefore = Incidents.count(logs);
    long logBefore = Files.size(messages);
    String done =
        post("workflows/start", "{\"workflow_name\": \"simple_etl\", \"wait\": true}")
            .object()
            .getString("run_id");
    String deep =
        "{\"workflow_name\": \"simple_etl\", \"input_data\": {\"a\": "
            + "[".repeat(5000)
            + "]".repeat(5000)
            + "}}";
    String schedule = "{\"workflow_name\": \"daily_backup\", \"cron_expression\": ";
    for (int round = 0; round < 3; round++) {
      assertError(400, "not valid JSON", post("workflows/start", deep));
      assertError(
          400,
          "workflow id is 300 characters long",
          post(
              "workflows/start",
              "{\"workflow_name\": \"simple_etl\", \"workflow_id\": \"" + "w".repeat(300) + "\"}"));
      assertError(
          400,
          "idempotency key holds a control character",
          post(
              "workflows/start",
              "{\"workflow_name\": \"simple_etl\", \"idempotency_key\": \"k\\u0000\"}"));
      assertError(404, "'nope'", post("workflows/nope/approve", "{\"approved\": true}"));
      assertError(409, "final", post("workflows/" + done + "/approve", "{\"approved\": true}"));
      assertError(404, "'nope'", post("workflows/nope/signals/go", "{}"));
      assertError(
          400,
          "signal name is 300 characters long",
          post("workflows/" + done + "/signals/" + "s".repeat(300), "{}"));
      assertError(404, "'nope'", get("schedules/nope"));
      assertError(404, "'nope'", post("schedules/nope/pause", null));
      assertError(404, "'nope'", send("DELETE", "schedules/nope", null));
      assertError(
          404, "'nope'", send("PUT", "schedules/nope", "{\"cron_expression\": \"0 2 * * *\"}"));
      assertError(
          400,
          "Unknown time zone",
          post("schedules", schedule + "\"0 2 * * *\", \"time_zone\": \"Mars/Olympus\"}"));
      assertError(
          400,
          "cron expression is 300 characters long",
          post("schedules", schedule + "\"" + "1".repeat(300) + "\"}"));
    }
    assertEquals(ffdcBefore, Incidents.count(logs), "bad input wrote an FFDC incident");
    String logged;
    try (var in = Files.newInputStream(messages)) {
      in.skipNBytes(Math.min(logBefore, Files.size(messages)));
      logged = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertFalse(logged.contains("FFDC1015I"), logged);
    assertFalse(logged.contains("\tat "), "bad input wrote a stack trace: " + logged);
  }

  @Test
  void aWaitThatOutlastsItsTimeoutIs504WithTheRunThatGoesOn() throws Exception {
    Reply slow =
        post(
            "workflows/start",
            "{\"workflow_name\": \"slow_steps\", \"input_data\": {\"key\": \"rest-"
                + System.nanoTime()
                + "\", \"millis\": 1500}, \"wait\": true, \"wait_timeout\": 1}");
    assertEquals(504, slow.status(), slow.body().toString());
    String runId = slow.object().getString("run_id");
    assertTrue(slow.object().getString("error").contains("still running"), slow.body().toString());
    assertEquals("completed", awaitStatus(runId, "completed"));
    assertError(
        400,
        "'wait_timeout' must be between 1 and 3600",
        post(
            "workflows/start",
            "{\"workflow_name\": \"echo\", \"wait\": true, \"wait_timeout\": 0}"));
  }

  @Test
  void unknownRunsAndWorkflowsAre404() throws Exception {
    assertError(
        404,
        "no_such_workflow",
        post("workflows/start", "{\"workflow_name\": \"no_such_workflow\"}"));
    assertError(404, "No workflow run has the id 'nope'", get("workflows/nope"));
    assertError(404, "'nope'", get("workflows/nope/events"));
    assertError(404, "'nope'", send("DELETE", "workflows/nope", null));
    assertError(404, "'nope'", post("workflows/nope/approve", "{\"approved\": true}"));
    Reply unknownRoute = get("no/such/route");
    assertError(404, "No such route: GET /api/no/such/route", unknownRoute);
    assertFalse(unknownRoute.object().getString("error").contains("RESTEASY"));
    Reply wrongMethod = post("workflows/nope/state", "{}");
    assertError(405, "POST /api/workflows/nope/state is not allowed", wrongMethod);

    // Outside the API, a client that does not ask for HTML gets the API's JSON error too.
    HttpResponse<String> outside =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("no-such-page"))
                .header("Authorization", ADMIN)
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, outside.statusCode(), outside.body());
    JsonObject outsideError = Json.createReader(new StringReader(outside.body())).readObject();
    assertTrue(outsideError.getString("error").contains("the API is under"), outside.body());
    assertEquals(404, outsideError.getInt("status"));
  }

  @Test
  void schedulesAndTheRegistry() throws Exception {
    Reply scheduled =
        post(
            "schedules",
            "{\"workflow_name\": \"daily_backup\", \"cron_expression\": \"0 2 * * *\", \"input_data\": {}}");
    assertEquals(200, scheduled.status(), scheduled.body().toString());
    assertFalse(scheduled.object().getString("schedule_id").isBlank());
    assertEquals("scheduled", scheduled.object().getString("status"));
    assertEquals(
        scheduled.object().getString("schedule_id"), scheduled.object().getString("job_id"));
    assertTrue(
        scheduled.object().getJsonObject("schedule").getString("next_fire_at").contains("T02:00"));

    Reply withPolicies =
        post(
            "schedules",
            "{\"workflow_name\": \"weekly_report\", \"cron_expression\": \"0 9 * * 1\","
                + " \"time_zone\": \"Europe/Paris\", \"catch_up\": \"each\","
                + " \"catch_up_window_seconds\": 3600, \"overlap\": \"allow\"}");
    assertEquals(200, withPolicies.status(), withPolicies.body().toString());
    JsonObject stored = get("schedules/" + withPolicies.object().getString("schedule_id")).object();
    assertEquals("Europe/Paris", stored.getString("time_zone"));
    assertEquals("each", stored.getString("catch_up"));
    assertEquals("allow", stored.getString("overlap"));
    // 9:00 in Paris: 08:00 UTC in winter, 07:00 in summer
    assertTrue(stored.getString("next_fire_at").matches(".*T0[78]:00:00Z"), stored.toString());
    assertError(
        400,
        "'overlap' must be one of [skip, allow], not 'sometimes'",
        post(
            "schedules",
            "{\"workflow_name\": \"daily_backup\", \"cron_expression\": \"0 2 * * *\","
                + " \"overlap\": \"sometimes\"}"));

    // The guide's server lists names; each one's definition follows.
    Reply workflows = get("registry/workflows");
    assertTrue(workflows.list("workflows").contains(Json.createValue("simple_etl")));
    assertTrue(
        workflows.list("definitions").stream()
            .anyMatch(w -> w.asJsonObject().getString("name").equals("simple_etl")));
    // Each with its queue and the queue's limits as they apply (0: none).
    JsonObject apiQueue =
        workflows.list("definitions").stream()
            .map(JsonValue::asJsonObject)
            .filter(w -> w.getString("name").equals("api_workflow"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("queue");
    assertEquals("external_api", apiQueue.getString("name"));
    assertEquals(10, apiQueue.getInt("concurrency"));
    assertEquals(0, apiQueue.getInt("concurrency_per_server"));
    assertEquals(20, apiQueue.getJsonNumber("starts_per_second").intValue());
    assertEquals("10 at once, 20 starts/s", apiQueue.getString("limits"));
    Reply activities = get("registry/activities");
    assertTrue(activities.list("activities").contains(Json.createValue("flaky_api")));
    assertTrue(
        activities.list("definitions").stream()
            .anyMatch(a -> a.asJsonObject().getString("name").equals("flaky_api")));
  }

  @Test
  void schedulesAreListedReadPausedResumedUpdatedPreviewedAndDeleted() throws Exception {
    String id =
        post(
                "schedules",
                "{\"workflow_name\": \"daily_backup\", \"cron_expression\": \"0 2 * * *\"}")
            .object()
            .getString("schedule_id");
    assertTrue(
        get("schedules").list("schedules").stream()
            .anyMatch(s -> s.asJsonObject().getString("schedule_id").equals(id)));
    assertEquals("active", get("schedules/" + id).object().getString("status"));

    JsonObject paused = post("schedules/" + id + "/pause", "").object();
    assertEquals("paused", paused.getString("status"));
    assertEquals("paused", paused.getJsonObject("schedule").getString("status"));
    assertTrue(paused.getJsonObject("schedule").isNull("next_fire_at"), paused.toString());
    JsonObject resumed = post("schedules/" + id + "/resume", "").object();
    assertEquals("resumed", resumed.getString("status"));
    assertEquals("active", resumed.getJsonObject("schedule").getString("status"));

    Reply updated =
        send(
            "PUT",
            "schedules/" + id,
            "{\"cron_expression\": \"30 3 * * *\", \"time_zone\": \"Europe/Paris\"}");
    assertEquals(200, updated.status(), updated.body().toString());
    assertEquals("updated", updated.object().getString("status"));
    assertEquals(
        "30 3 * * *", updated.object().getJsonObject("schedule").getString("cron_expression"));
    assertEquals("Europe/Paris", updated.object().getJsonObject("schedule").getString("time_zone"));
    assertError(
        400,
        "minute field \"99\"",
        send("PUT", "schedules/" + id, "{\"cron_expression\": \"99 3 * * *\"}"));

    JsonObject preview = get("schedules/preview?cron_expression=*/5+*+*+*+*&count=3").object();
    assertEquals(3, preview.getJsonArray("next_fire_times").size());
    assertError(400, "day-of-week field", get("schedules/preview?cron_expression=0+0+*+*+9"));
    assertError(
        400,
        "count must be between 1 and 100",
        get("schedules/preview?cron_expression=*+*+*+*+*&count=500"));

    Reply deleted = send("DELETE", "schedules/" + id, null);
    assertEquals(200, deleted.status());
    assertEquals("deleted", deleted.object().getString("status"));
    assertError(404, id, get("schedules/" + id));
    assertError(404, "'nope'", post("schedules/nope/pause", ""));
  }

  @Test
  void delayedStartsSignalsPublishedStateAndChildren() throws Exception {
    Reply delayed =
        post(
            "workflows/delayed",
            "{\"workflow_name\": \"reminder_task\", \"delay_seconds\": 1, \"input_data\": {\"task_id\": \"7\"}}");
    assertEquals(200, delayed.status(), delayed.body().toString());
    assertEquals("scheduled", delayed.object().getString("status"));
    assertEquals("pending", delayed.object().getJsonObject("run").getString("status"));
    assertEquals("completed", awaitStatus(delayed.object().getString("run_id"), "completed"));
    assertError(
        400,
        "'start_at' must be an ISO-8601 instant",
        post(
            "workflows/delayed",
            "{\"workflow_name\": \"reminder_task\", \"start_at\": \"tomorrow\"}"));
    assertError(
        400,
        "'delay_seconds'",
        post("workflows/delayed", "{\"workflow_name\": \"reminder_task\"}"));
    // A delayed start with a key: a second one with the same key answers the first run.
    String laterKey = java.util.UUID.randomUUID().toString();
    String later =
        "{\"workflow_name\": \"reminder_task\", \"delay_seconds\": 3600, \"idempotency_key\": \""
            + laterKey
            + "\", \"workflow_id\": \"reminders\"}";
    JsonObject first = post("workflows/delayed", later).object();
    JsonObject second = post("workflows/delayed", later).object();
    assertEquals(first.getString("run_id"), second.getString("run_id"));
    assertEquals("reminders", first.getJsonObject("run").getString("workflow_id"));
    assertEquals(200, send("DELETE", "workflows/" + first.getString("run_id"), null).status());

    String key = java.util.UUID.randomUUID().toString();
    String runId =
        post(
                "workflows/start",
                "{\"workflow_name\": \"publishes_progress\", \"input_data\": {\"key\": \""
                    + key
                    + "\"}}")
            .object()
            .getString("run_id");
    awaitStatus(runId, "paused");
    assertEquals(50, get("workflows/" + runId + "/state").object().getInt("progress"));
    Reply signalled = post("workflows/" + runId + "/signals/finish", "\"now\"");
    assertEquals(200, signalled.status(), signalled.body().toString());
    assertEquals("signalled", signalled.object().getString("status"));
    awaitStatus(runId, "completed");
    assertEquals(100, get("workflows/" + runId + "/state").object().getInt("progress"));
    assertError(409, "completed", post("workflows/" + runId + "/signals/finish", ""));

    String parent =
        post(
                "workflows/start",
                "{\"workflow_name\": \"parent_of_child\", \"input_data\": {\"key\": \""
                    + key
                    + "\"}, \"wait\": true}")
            .object()
            .getString("run_id");
    JsonArray children = get("workflows/" + parent + "/children").list("children");
    assertEquals(1, children.size());
    assertEquals(parent, children.getJsonObject(0).getString("parent_run_id"));
    assertError(404, "'nope'", get("workflows/nope/children"));
  }

  @Test
  void stepsOfARunWithTheirAttemptsTimesAndWaits() throws Exception {
    String retried =
        post(
                "workflows/start",
                "{\"workflow_name\": \"api_workflow\", \"input_data\": {\"failures\": 1},"
                    + " \"wait\": true}")
            .object()
            .getString("run_id");
    JsonArray steps = get("workflows/" + retried + "/steps").list("steps");
    assertEquals(1, steps.size(), steps.toString());
    JsonObject step = steps.getJsonObject(0);
    assertEquals(1, step.getInt("step_number"));
    assertEquals("flaky_api", step.getString("step_name"));
    assertEquals("activity", step.getString("step_kind"));
    assertEquals("completed", step.getString("status"));
    assertEquals(2, step.getInt("attempts"));
    java.time.Instant started = java.time.Instant.parse(step.getString("started_at"));
    java.time.Instant ended = java.time.Instant.parse(step.getString("completed_at"));
    assertEquals(
        java.time.Duration.between(started, ended).toMillis(),
        step.getJsonNumber("duration_ms").longValue());

    String waiting = startLargeExpense();
    awaitStatus(waiting, "paused");
    JsonArray waitingSteps = get("workflows/" + waiting + "/steps").list("steps");
    JsonObject last = waitingSteps.getJsonObject(waitingSteps.size() - 1);
    assertEquals("approval", last.getString("step_kind"), waitingSteps.toString());
    assertEquals("waiting", last.getString("status"));
    assertTrue(last.getString("step_name").startsWith("manager_approval_"));
    assertTrue(last.isNull("completed_at"));
    assertEquals(
        "completed", waitingSteps.getJsonObject(waitingSteps.size() - 2).getString("status"));
    assertError(404, "'nope'", get("workflows/nope/steps"));
  }

  @Test
  void aBodyOverTheLimitIs413AndStartsNothing() throws Exception {
    String key = java.util.UUID.randomUUID().toString();
    String big =
        "{\"workflow_name\": \"simple_etl\", \"idempotency_key\": \""
            + key
            + "\", \"input_data\": {\"blob\": \""
            + "x".repeat(1_100_000)
            + "\"}}";
    assertError(413, "larger than 1048576 bytes", post("workflows/start", big));
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(base.toString()).resolve("api/workflows/start"))
            .header("Content-Type", "application/json")
            .header("Authorization", ADMIN)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big.getBytes())))
            .build();
    HttpResponse<String> response = http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertEquals(413, response.statusCode(), response.body());
    assertTrue(response.body().contains("TINYWORKFLOW_MAX_INPUT_BYTES"), response.body());
    // Had either started a run, this start would return it (same key) with the large input.
    JsonObject run =
        post(
                "workflows/start",
                "{\"workflow_name\": \"simple_etl\", \"idempotency_key\": \""
                    + key
                    + "\", \"input_data\": {\"url\": \"small\"}}")
            .object();
    assertEquals(
        "small",
        run.getJsonObject("run").getJsonObject("input_data").getString("url"),
        "a 413 started a run");
  }

  @Test
  void theOpenApiDocumentDescribesTheRoutes() throws Exception {
    HttpResponse<String> doc =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/openapi?format=JSON"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, doc.statusCode());
    JsonObject document = Json.createReader(new StringReader(doc.body())).readObject();
    JsonObject paths = document.getJsonObject("paths");
    for (String route :
        java.util.List.of(
            "/api/workflows/start",
            "/api/workflows/{run_id}",
            "/api/workflows/{run_id}/steps",
            "/api/workflows/{run_id}/approve",
            "/api/schedules/{schedule_id}/pause",
            "/api/approvals",
            "/api/registry/workflows")) {
      assertTrue(paths.containsKey(route), route + " missing from " + paths.keySet());
    }
    assertEquals(
        "List a run's durable steps: name, kind, status, attempts, start, end, duration",
        paths
            .getJsonObject("/api/workflows/{run_id}/steps")
            .getJsonObject("get")
            .getString("summary"));
    JsonObject startBody =
        paths
            .getJsonObject("/api/workflows/start")
            .getJsonObject("post")
            .getJsonObject("requestBody")
            .getJsonObject("content")
            .getJsonObject("application/json");
    assertEquals("simple_etl", startBody.getJsonObject("example").getString("workflow_name"));
    // The request bodies are records: their schemas list the guide's fields.
    JsonObject start = requestSchema(document, "/api/workflows/start", "post");
    assertEquals("object", start.getString("type"), start.toString());
    assertTrue(
        start
            .getJsonObject("properties")
            .keySet()
            .containsAll(
                List.of("workflow_name", "input_data", "workflow_id", "idempotency_key", "wait")),
        start.toString());
    assertTrue(start.getJsonArray("required").contains(Json.createValue("workflow_name")));
    JsonObject schedule = requestSchema(document, "/api/schedules", "post");
    assertTrue(
        schedule
            .getJsonObject("properties")
            .keySet()
            .containsAll(
                List.of(
                    "workflow_name",
                    "cron_expression",
                    "input_data",
                    "time_zone",
                    "catch_up",
                    "catch_up_window_seconds",
                    "overlap")),
        schedule.toString());
    HttpResponse<String> ui =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/openapi/ui/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ui.statusCode());
    assertTrue(ui.body().contains("<html"), ui.body());
  }

  /** The schema of a route's JSON request body, its reference followed. */
  @Test
  void runsAreListedBySearchAttribute() throws Exception {
    String order = "A-" + java.util.UUID.randomUUID();
    String runId =
        post(
                "workflows/start",
                "{\"workflow_name\": \"order_fulfillment\", \"input_data\": {\"order_id\": \""
                    + order
                    + "\"}}")
            .object()
            .getString("run_id");
    awaitStatus(runId, "paused");
    assertEquals(
        order,
        get("workflows/" + runId).object().getJsonObject("attributes").getString("order_id"));
    String byOrder =
        "workflows?attribute="
            + java.net.URLEncoder.encode(
                "order_id=" + order, java.nio.charset.StandardCharsets.UTF_8);
    JsonArray found = get(byOrder).list("workflows");
    assertEquals(1, found.size(), found.toString());
    assertEquals(runId, found.getJsonObject(0).getString("run_id"));
    assertFalse(found.getJsonObject(0).containsKey("attributes"), "lists leave the attributes out");
    assertEquals(0, get(byOrder + "&status=completed").list("workflows").size());
    assertError(400, "is not key=value", get("workflows?attribute=order_id"));
    assertEquals(200, send("DELETE", "workflows/" + runId, null).status());
  }

  /** Pages follow the previous page's last run: every run once, at any depth, without offset. */
  @Test
  void runsArePagedAfterTheLastRunOfThePreviousPage() throws Exception {
    String order = "P-" + java.util.UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      post(
          "workflows/start",
          "{\"workflow_name\": \"echo\", \"input_data\": {\"n\": "
              + i
              + "}, \"wait\": true,"
              + " \"workflow_id\": \""
              + order
              + "\"}");
    }
    String byGroup = "workflows?workflow_name=echo&limit=7";
    List<String> offsetPages = new java.util.ArrayList<>();
    for (int offset = 0; offset < 7000; offset += 7) {
      JsonArray page = get(byGroup + "&offset=" + offset).list("workflows");
      page.forEach(r -> offsetPages.add(r.asJsonObject().getString("run_id")));
      if (page.size() < 7) {
        break;
      }
    }
    List<String> afterPages = new java.util.ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      JsonObject page = get(byGroup + (after == null ? "" : "&after=" + after)).object();
      page.getJsonArray("workflows")
          .forEach(r -> afterPages.add(r.asJsonObject().getString("run_id")));
      after = page.isNull("next_after") ? null : page.getString("next_after");
      pages++;
    } while (after != null && pages < 1000);
    assertTrue(afterPages.size() >= 5, "the echo runs: " + afterPages.size());
    assertEquals(offsetPages, afterPages, "the same runs in the same order, each once");
    assertError(400, "not both", get(byGroup + "&offset=7&after=" + afterPages.get(0)));
    assertError(400, "no-such-run", get(byGroup + "&after=no-such-run"));
  }

  @Test
  void purgeTakesAnAgeAndAnswersHowManyRunsWent() throws Exception {
    Reply none =
        post("workflows/purge", "{\"older_than\": \"3650d\", \"workflow_name\": \"simple_etl\"}");
    assertEquals(200, none.status(), none.body().toString());
    assertEquals("purged", none.object().getString("status"));
    assertEquals(0, none.object().getInt("purged"));
    assertEquals("simple_etl", none.object().getString("workflow_name"));
    assertTrue(none.object().containsKey("ended_before"), none.body().toString());
    assertError(
        400,
        "must be a duration such as 30d",
        post("workflows/purge", "{\"older_than\": \"soon\"}"));
    assertError(400, "'older_than' is required", post("workflows/purge", "{}"));
    assertError(400, "at least a minute", post("workflows/purge", "{\"older_than\": \"PT10S\"}"));
  }

  private static JsonObject requestSchema(JsonObject document, String path, String method) {
    JsonObject schema =
        document
            .getJsonObject("paths")
            .getJsonObject(path)
            .getJsonObject(method)
            .getJsonObject("requestBody")
            .getJsonObject("content")
            .getJsonObject("application/json")
            .getJsonObject("schema");
    if (!schema.containsKey("$ref")) {
      return schema;
    }
    String ref = schema.getString("$ref");
    return document
        .getJsonObject("components")
        .getJsonObject("schemas")
        .getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
  }

  /**
   * Traces: the REST request that starts {@code user_report} is the parent of the run's start, the
   * run's execution is a child of that start, and each of its steps (the three parallel fetches and
   * the report) is a child of the execution, with the activity, the step number, the attempt and
   * the run id. A failed attempt's span has the status ERROR.
   */
  @Test
  void aRunsSpansHangUnderTheRequestThatStartedIt() throws Exception {
    Reply started =
        post(
            "workflows/start",
            "{\"workflow_name\": \"user_report\", \"input_data\": {\"user_id\": \"7\"},"
                + " \"wait\": true}");
    assertEquals(200, started.status(), started.body().toString());
    assertEquals("completed", started.object().getString("status"));
    String runId = started.object().getString("run_id");

    List<JsonObject> trace =
        awaitTrace(runId, spans -> named(spans, "SERVER").size() == 1 && steps(spans).size() == 4);
    JsonObject request = named(trace, "SERVER").get(0);
    assertTrue(request.getString("name").contains("workflows/start"), request.toString());
    JsonObject start = only(trace, "start user_report");
    assertEquals(request.getString("span_id"), start.getString("parent_span_id"));
    assertEquals(runId, attribute(start, "tinyworkflow.run_id"));
    JsonObject execution = only(trace, "run user_report");
    assertEquals(start.getString("span_id"), execution.getString("parent_span_id"));
    assertEquals("0", attribute(execution, "tinyworkflow.run_attempt"));
    assertFalse("ERROR".equals(execution.getString("status")), execution.toString());

    Map<String, String> stepOf = new java.util.TreeMap<>();
    for (JsonObject step : steps(trace)) {
      assertEquals(
          execution.getString("span_id"), step.getString("parent_span_id"), step.toString());
      assertEquals(runId, attribute(step, "tinyworkflow.run_id"));
      assertEquals("user_report", attribute(step, "tinyworkflow.workflow"));
      assertEquals("1", attribute(step, "tinyworkflow.attempt"));
      assertEquals("activity " + attribute(step, "tinyworkflow.activity"), step.getString("name"));
      stepOf.put(attribute(step, "tinyworkflow.activity"), attribute(step, "tinyworkflow.step"));
    }
    // The branches keep their places (1-3) whatever thread ran them; the report comes after.
    assertEquals(
        Map.of(
            "fetch_user", "1",
            "fetch_orders", "2",
            "fetch_preferences", "3",
            "generate_report", "4"),
        stepOf);
    assertEquals(
        1, trace.stream().map(s -> s.getString("trace_id")).distinct().count(), "one trace");

    // A failed attempt's span says so: the flight to Atlantis fails on each of its attempts.
    String failed =
        post(
                "workflows/start",
                "{\"workflow_name\": \"trip_booking\", \"input_data\": {\"trip_id\": \"S-1\","
                    + " \"destination\": \"Atlantis\"}, \"wait\": true}")
            .object()
            .getString("run_id");
    awaitStatus(failed, "failed");
    List<JsonObject> flights =
        named(
            awaitTrace(failed, spans -> named(spans, "activity book_flight").size() == 3),
            "activity book_flight");
    assertEquals(
        List.of("1", "2", "3"),
        flights.stream().map(f -> attribute(f, "tinyworkflow.attempt")).sorted().toList());
    for (JsonObject flight : flights) {
      assertEquals("ERROR", flight.getString("status"), flight.toString());
    }
  }

  /**
   * A run's trace outlives its pauses: {@code order_fulfillment} waits for a signal, sleeps and
   * waits for its child {@code ship_order}; every execution of it, and the child's spans, are in
   * the trace of the request that started it.
   */
  @Test
  void aPausedRunAndItsChildStayInOneTrace() throws Exception {
    String orderId = "T-" + System.nanoTime();
    Reply started =
        post(
            "workflows/start",
            "{\"workflow_name\": \"order_fulfillment\", \"input_data\": {\"order_id\": \""
                + orderId
                + "\", \"ship_after_seconds\": 1}}");
    assertEquals(200, started.status(), started.body().toString());
    String runId = started.object().getString("run_id");
    awaitStatus(runId, "paused");
    Reply signalled = post("workflows/" + runId + "/signals/payment_received", "{\"amount\": 5}");
    assertEquals(200, signalled.status(), signalled.body().toString());
    awaitStatus(runId, "completed");
    String childId =
        get("workflows/" + runId + "/children")
            .list("children")
            .getJsonObject(0)
            .getString("run_id");

    List<JsonObject> trace =
        awaitTrace(
            runId,
            spans ->
                spans.stream()
                    .anyMatch(
                        s ->
                            s.getString("name").equals("activity book_courier")
                                && childId.equals(attribute(s, "tinyworkflow.run_id"))));
    JsonObject start = only(trace, "start order_fulfillment");
    List<JsonObject> executions = named(trace, "run order_fulfillment");
    // Before the signal, after it (then the sleep), after the sleep, after the child: each resumes.
    assertTrue(executions.size() >= 3, "executions: " + executions);
    for (JsonObject execution : executions) {
      assertEquals(start.getString("span_id"), execution.getString("parent_span_id"));
    }
    JsonObject payment = only(trace, "activity record_payment");
    assertTrue(
        executions.stream()
            .anyMatch(e -> e.getString("span_id").equals(payment.getString("parent_span_id"))),
        "record_payment under an execution of the run: " + trace);
    JsonObject childStart = only(trace, "start ship_order");
    assertEquals(childId, attribute(childStart, "tinyworkflow.run_id"));
    assertTrue(
        executions.stream()
            .anyMatch(e -> e.getString("span_id").equals(childStart.getString("parent_span_id"))),
        "the child started under an execution of its parent: " + trace);
    JsonObject childRun = only(trace, "run ship_order");
    assertEquals(childStart.getString("span_id"), childRun.getString("parent_span_id"));
    JsonObject courier = only(trace, "activity book_courier");
    assertEquals(childRun.getString("span_id"), courier.getString("parent_span_id"));
  }

  /** Waits until the spans of a run's trace (see the test WAR's TestSpans) satisfy a condition. */
  private List<JsonObject> awaitTrace(
      String runId, java.util.function.Predicate<List<JsonObject>> done) throws Exception {
    List<JsonObject> spans = List.of();
    long until = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < until) {
      Reply reply = get("test-spans?run_id=" + runId);
      assertEquals(200, reply.status(), reply.body().toString());
      spans = reply.body().asJsonArray().stream().map(JsonValue::asJsonObject).toList();
      if (done.test(spans)) {
        return spans;
      }
      Thread.sleep(100);
    }
    fail("The trace of run " + runId + " is not complete: " + spans);
    return spans;
  }

  /** The spans of a name, or of a kind when the name is a span kind. */
  private static List<JsonObject> named(List<JsonObject> spans, String name) {
    return spans.stream()
        .filter(s -> s.getString("name").equals(name) || s.getString("kind").equals(name))
        .toList();
  }

  private static JsonObject only(List<JsonObject> spans, String name) {
    List<JsonObject> found = named(spans, name);
    assertEquals(1, found.size(), "spans named " + name + ": " + spans);
    return found.get(0);
  }

  private static List<JsonObject> steps(List<JsonObject> spans) {
    return spans.stream().filter(s -> s.getString("name").startsWith("activity ")).toList();
  }

  private static String attribute(JsonObject span, String key) {
    JsonObject attributes = span.getJsonObject("attributes");
    return attributes.containsKey(key) ? attributes.getString(key) : null;
  }

  @Test
  void metricsCountKnownWorkAndTheRunsByStatus() throws Exception {
    String metrics = scrapeMetrics();
    double completedBefore = gauge(metrics, "tinyworkflow_runs", "status", "completed");
    double failedBefore = gauge(metrics, "tinyworkflow_runs", "status", "failed");
    double cancelledBefore = gauge(metrics, "tinyworkflow_runs", "status", "cancelled");

    // Two runs that complete (one run by the caller, one claimed by the server), one that fails
    // after three attempts of book_flight, one cancelled while it waits for an approval.
    String etl = "{\"workflow_name\": \"simple_etl\", \"input_data\": {\"url\": \"https://x\"}";
    assertEquals(
        "completed",
        post("workflows/start", etl + ", \"wait\": true}").object().getString("status"));
    awaitStatus(post("workflows/start", etl + "}").object().getString("run_id"), "completed");
    String failed =
        post(
                "workflows/start",
                "{\"workflow_name\": \"trip_booking\", \"input_data\": {\"trip_id\": \"M-1\","
                    + " \"destination\": \"Atlantis\"}, \"wait\": true}")
            .object()
            .getString("run_id");
    awaitStatus(failed, "failed");
    String cancelled = startLargeExpense();
    awaitStatus(cancelled, "paused");
    assertEquals(200, send("DELETE", "workflows/" + cancelled, null).status());
    awaitStatus(cancelled, "cancelled");

    String after = scrapeMetrics();
    assertEquals(2, delta(metrics, after, "tinyworkflow_runs_started_total", "simple_etl"));
    assertEquals(2, delta(metrics, after, "tinyworkflow_runs_completed_total", "simple_etl"));
    assertEquals(1, delta(metrics, after, "tinyworkflow_runs_started_total", "trip_booking"));
    assertEquals(1, delta(metrics, after, "tinyworkflow_runs_failed_total", "trip_booking"));
    assertEquals(1, delta(metrics, after, "tinyworkflow_runs_started_total", "expense_approval"));
    assertEquals(1, delta(metrics, after, "tinyworkflow_runs_cancelled_total", "expense_approval"));
    assertEquals(
        3,
        delta(
            metrics,
            after,
            "tinyworkflow_activity_attempts_failed_total",
            "trip_booking",
            "activity",
            "book_flight"),
        "book_flight fails three times: its attempt and two retries");
    for (String activity : List.of("fetch_data", "process_data", "save_result")) {
      assertEquals(
          2,
          delta(
              metrics,
              after,
              "tinyworkflow_step_duration_seconds_count",
              "simple_etl",
              "activity",
              activity),
          activity);
      assertEquals(
          2,
          delta(
              metrics,
              after,
              "tinyworkflow_step_duration_seconds_bucket",
              "simple_etl",
              "activity",
              activity,
              "le",
              "+Inf"),
          activity + ": the histogram's buckets");
    }
    assertEquals(2, delta(metrics, after, "tinyworkflow_run_duration_seconds_count", "simple_etl"));
    assertTrue(
        gauge(after, "tinyworkflow_run_duration_seconds_sum", "workflow", "simple_etl") > 0, after);
    assertTrue(
        gauge(after, "tinyworkflow_claims_total") >= 1,
        "the run started without waiting was claimed by the server");
    gauge(after, "tinyworkflow_lease_renewals_total"); // shown before the first renewal
    assertEquals(0, gauge(after, "tinyworkflow_runs_due", "workflow", "simple_etl"));
    assertTrue(
        gauge(after, "connectionpool_managedConnections", "datasource", "jdbc_tinyworkflow") >= 1,
        "the connection pool's own metrics");

    // The counts by status are the database's, read again at most every five seconds.
    String counted = after;
    for (int i = 0;
        i < 100
            && (gauge(counted, "tinyworkflow_runs", "status", "completed") < completedBefore + 2
                || gauge(counted, "tinyworkflow_runs", "status", "failed") < failedBefore + 1
                || gauge(counted, "tinyworkflow_runs", "status", "cancelled")
                    < cancelledBefore + 1);
        i++) {
      Thread.sleep(100);
      counted = scrapeMetrics();
    }
    assertTrue(gauge(counted, "tinyworkflow_runs", "status", "completed") >= completedBefore + 2);
    assertTrue(gauge(counted, "tinyworkflow_runs", "status", "failed") >= failedBefore + 1);
    assertTrue(gauge(counted, "tinyworkflow_runs", "status", "cancelled") >= cancelledBefore + 1);
  }

  /** {@code /metrics} in Prometheus format, as a scraper without credentials reads it. */
  private String scrapeMetrics() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  /** How much a workflow's metric grew between two scrapes; absent counts as 0. */
  private static double delta(
      String before, String after, String name, String workflow, String... labels) {
    String[] all = new String[labels.length + 2];
    all[0] = "workflow";
    all[1] = workflow;
    System.arraycopy(labels, 0, all, 2, labels.length);
    return value(after, name, all).orElseThrow(() -> new AssertionError(name + " missing"))
        - value(before, name, all).orElse(0.0);
  }

  /** A metric's value in a scrape, which must have it. */
  private static double gauge(String metrics, String name, String... labels) {
    return value(metrics, name, labels)
        .orElseThrow(() -> new AssertionError(name + " " + List.of(labels) + " not in " + metrics));
  }

  /** The value of the line of a metric with these labels (name, value pairs), if any. */
  private static java.util.Optional<Double> value(String metrics, String name, String... labels) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + "{"))
        .filter(
            line -> {
              for (int i = 0; i < labels.length; i += 2) {
                if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                  return false;
                }
              }
              return true;
            })
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  /** Starts an expense_approval over 1000, which waits for a manager. */
  private String startLargeExpense() throws Exception {
    return post(
            "workflows/start",
            "{\"workflow_name\": \"expense_approval\", \"input_data\": {\"amount\": 5000}}")
        .object()
        .getString("run_id");
  }

  private String awaitStatus(String runId, String status) throws Exception {
    String now = "";
    for (int i = 0; i < 300 && !now.equals(status); i++) {
      now = get("workflows/" + runId).object().getString("status");
      Thread.sleep(50);
    }
    assertEquals(status, now, runId);
    return now;
  }

  private static void assertError(int status, String messagePart, Reply reply) {
    assertEquals(status, reply.status(), reply.body().toString());
    String error = reply.object().getString("error");
    assertTrue(error.contains(messagePart), error);
    assertFalse(error.contains("Exception"), "a stack trace or class name leaked: " + error);
  }

  private Reply get(String path) throws Exception {
    return send("GET", path, null);
  }

  private Reply post(String path, String json) throws Exception {
    return send("POST", path, json);
  }

  private Reply send(String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base.toString()).resolve("api/" + path))
            .header("Accept", "application/json")
            .header("Authorization", ADMIN);
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    JsonStructure parsed =
        body == null || body.isBlank()
            ? Json.createObjectBuilder().build()
            : Json.createReader(new StringReader(body)).read();
    return new Reply(response.statusCode(), parsed);
  }
}
