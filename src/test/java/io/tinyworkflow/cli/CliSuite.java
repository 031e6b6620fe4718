package io.tinyworkflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinyworkflow.testing.ServerSuite;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The guide's CLI section, walked with the real {@code bin/tinyworkflow} against a server that
 * {@code tinyworkflow server} started, with a workflow of the test's own imported from a jar. The
 * server gets its database only through {@code TINYWORKFLOW_DATABASE_URL}, in the guide's URL form.
 * On every database the server starts from it and the CLI signs in to it; the walk of the commands
 * (the {@code protected} methods) runs where a subclass makes tests of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerSuite
public abstract class CliSuite {

  static final int PORT = 9496;
  static final int WORKER_PORT = 9497;
  static final String URL = "http://localhost:" + PORT;

  private static final Pattern RUN_ID =
      Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

  /** Where the suite's server keeps the admin password it generates on its first start. */
  static final Path GENERATED =
      CliProcesses.HOME.resolve(
          "target/liberty/wlp/usr/servers/server-"
              + PORT
              + "/resources/security/"
              + "tinyworkflow-admin.password");

  final Path work = CliProcesses.HOME.resolve("target/it-cli").resolve(getClass().getSimpleName());
  Path workflowClasses;
  Path workflowJar;
  Process server;

  /**
   * The database as the server is given it: the guide's URL form.
   *
   * @return the value of TINYWORKFLOW_DATABASE_URL
   */
  protected abstract String databaseUrl();

  /**
   * The same database as a JDBC URL, for the test to check what the server stored.
   *
   * @return the JDBC URL
   */
  protected abstract String jdbcUrl();

  @BeforeAll
  void startServer() throws Exception {
    CliProcesses.deleteTree(work);
    workflowClasses = work.resolve("user-workflows/classes");
    workflowJar = work.resolve("user-workflows/greetings.jar");
    CliProcesses.compileUserWorkflow(workflowClasses);
    CliProcesses.jar(workflowClasses, workflowJar);
    // A first start: no admin password given, none kept from an earlier run of the suite.
    Files.deleteIfExists(GENERATED);
    server =
        CliProcesses.startServer(
            work.resolve("server.log"),
            PORT,
            Map.of("TINYWORKFLOW_DATABASE_URL", databaseUrl(), "TINYWORKFLOW_ADMIN_PASSWORD", ""),
            "server",
            "--port",
            String.valueOf(PORT),
            "--import-workflows",
            workflowJar.toString());
  }

  @AfterAll
  void stopServer() throws Exception {
    CliProcesses.stop(server);
  }

  @Test
  void aFirstStartGeneratesTheAdminPasswordAndTheCliUsesIt() throws Exception {
    String password = Files.readString(GENERATED, StandardCharsets.UTF_8).strip();
    assertTrue(password.length() >= 20, "a short password: " + password.length() + " characters");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(GENERATED)),
        "the password file is readable by others");
    String log = Files.readString(work.resolve("server.log"), StandardCharsets.UTF_8);
    List<String> lines = log.lines().filter(l -> l.contains(password)).toList();
    assertEquals(1, lines.size(), "the password is not printed exactly once:\n" + lines);
    assertTrue(lines.get(0).contains(GENERATED.toString()), lines.get(0));
    assertFalse(
        password.equals(System.getProperty("tinyworkflow.it.admin.password")),
        "the server took the tests' password");
    // Every command of this suite signs in with it; this one shows it is the admin.
    CliProcesses.Result signedIn = cli("workflows");
    assertEquals(0, signedIn.exit(), signedIn.toString());
    // The registry with each workflow's queue limits.
    assertTrue(
        signedIn
            .out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("api_workflow")
                        && l.contains("external_api (10 at once, 20 starts/s)")),
        signedIn.out());
    CliProcesses.Result withIt =
        CliProcesses.run(
            URL.replace("localhost", "127.0.0.2"),
            Map.of(
                "TINYWORKFLOW_ADMIN_PASSWORD",
                "",
                "TINYWORKFLOW_USER",
                "admin",
                "TINYWORKFLOW_PASSWORD",
                password),
            "workflows");
    assertEquals(0, withIt.exit(), withIt.toString());
  }

  protected void theCliSignsInOrSaysHowTo() throws Exception {
    // Another address of this machine: not "localhost", so no admin password is taken for it.
    String elsewhere = URL.replace("localhost", "127.0.0.2");
    CliProcesses.Result anonymous =
        CliProcesses.run(elsewhere, Map.of("TINYWORKFLOW_ADMIN_PASSWORD", ""), "workflows");
    assertEquals(4, anonymous.exit(), anonymous.toString());
    assertTrue(anonymous.err().contains("--user and --password"), anonymous.toString());

    CliProcesses.Result wrong =
        CliProcesses.run(
            URL, Map.of(), "--user", "admin", "--password", "wr0ng-pw-5531", "workflows");
    assertEquals(4, wrong.exit(), wrong.toString());
    assertTrue(wrong.err().contains("refused the credentials of user 'admin'"), wrong.toString());
    assertFalse(wrong.err().contains("wr0ng-pw-5531"), "the password was printed: " + wrong);

    CliProcesses.Result signedIn =
        CliProcesses.run(
            elsewhere,
            Map.of(
                "TINYWORKFLOW_ADMIN_PASSWORD",
                "",
                "TINYWORKFLOW_USER",
                "admin",
                "TINYWORKFLOW_PASSWORD",
                Files.readString(GENERATED, StandardCharsets.UTF_8).strip()),
            "workflows");
    assertEquals(0, signedIn.exit(), signedIn.toString());
    assertTrue(signedIn.out().contains("simple_etl"), signedIn.toString());
  }

  protected void workflowsStartWaitStatusListAndEvents() throws Exception {
    CliProcesses.Result workflows = ok("workflows");
    for (String name : List.of("simple_etl", "expense_approval", "user_report", "greeting")) {
      assertTrue(workflows.out().contains(name + " "), name + " missing: " + workflows);
    }
    assertTrue(workflows.out().startsWith("NAME"), workflows.out());

    CliProcesses.Result started =
        ok("start", "simple_etl", "--input", "{\"url\": \"https://api.example.com\"}");
    // The guide's line, which scripts read.
    assertTrue(started.out().startsWith("Workflow started: "), started.out());
    assertEquals(1, started.out().lines().count(), started.out());

    CliProcesses.Result waited =
        ok("start", "simple_etl", "--input", "{\"url\": \"https://api.example.com\"}", "--wait");
    List<String> lines = waited.out().lines().toList();
    assertTrue(lines.get(0).startsWith("Workflow started: "), waited.toString());
    assertEquals("Status: completed", lines.get(1), waited.toString());
    assertTrue(lines.get(2).startsWith("Output: {"), waited.toString());
    assertTrue(waited.out().contains("\"result_id\""), waited.toString());
    String runId = field(waited.out(), "Workflow started");

    CliProcesses.Result status = ok("status", runId);
    assertEquals(runId, field(status.out(), "Run"));
    assertEquals("completed", field(status.out(), "Status"));
    assertEquals("{\"url\":\"https://api.example.com\"}", field(status.out(), "Input"));
    assertEquals("completed", storedStatus(runId), "the run is not in " + jdbcUrl());

    CliProcesses.Result all = ok("list");
    assertTrue(all.out().contains(runId), all.toString());
    List<String[]> completed = rows(ok("list", "--status", "completed").out());
    assertFalse(completed.isEmpty());
    assertTrue(completed.stream().allMatch(r -> r[2].equals("completed")), "not all completed");
    List<String[]> etl = rows(ok("list", "--workflow", "simple_etl", "--limit", "50").out());
    assertTrue(etl.size() >= 2 && etl.size() <= 50, etl.size() + " rows");
    assertTrue(etl.stream().allMatch(r -> r[1].equals("simple_etl")), "another workflow listed");
    assertEquals(1, rows(ok("list", "--workflow", "simple_etl", "--limit", "1").out()).size());
    CliProcesses.Result badStatus = cli("list", "--status", "sleeping");
    assertEquals(2, badStatus.exit(), badStatus.toString());
    assertTrue(badStatus.err().contains("Unknown status 'sleeping'"), badStatus.toString());

    List<String[]> events = rows(ok("events", runId, "--limit", "100").out());
    assertEquals("workflow_started", events.get(0)[1]);
    assertEquals("workflow_completed", events.get(events.size() - 1)[1]);
    assertEquals(2, rows(ok("events", runId, "--limit", "2").out()).size());

    List<String[]> steps = rows(ok("steps", runId).out());
    assertEquals("fetch_data", steps.get(0)[1]);
    assertTrue(steps.stream().allMatch(s -> s[3].equals("completed")));

    CliProcesses.Result restarted = ok("restart", runId, "--from-step", "2");
    assertTrue(restarted.out().startsWith("Workflow restarted: "), restarted.toString());
    assertTrue(restarted.out().contains("From step 2 of " + runId), restarted.toString());
    String fork = field(restarted.out(), "Workflow restarted");
    assertFalse(fork.equals(runId), "the restart is a new run");
    CliProcesses.Result tooFar = cli("restart", runId, "--from-step", "9");
    assertEquals(2, tooFar.exit(), tooFar.toString());
    assertTrue(tooFar.err().contains("must be 1 to 4, not 9"), tooFar.toString());
    CliProcesses.Result notRetrying = cli("retry-now", runId);
    assertEquals(1, notRetrying.exit(), notRetrying.toString());
    assertTrue(notRetrying.err().contains("only a retrying run"), notRetrying.toString());

    JsonArray json =
        Json.createReader(new StringReader(ok("list", "--json", "--workflow", "simple_etl").out()))
            .readObject()
            .getJsonArray("workflows");
    assertTrue(
        json.stream().anyMatch(r -> r.asJsonObject().getString("run_id").equals(runId)),
        "--json list lacks the run");

    CliProcesses.Result unknown = cli("status", "no-such-run");
    assertEquals(1, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("No workflow run has the id 'no-such-run'"), unknown.err());
  }

  protected void anImportedWorkflowRuns() throws Exception {
    CliProcesses.Result greeted =
        ok("start", "greeting", "--input", "{\"name\": \"Ada\"}", "--wait");
    assertTrue(greeted.out().contains("\"greeting\": \"Hello, Ada\""), greeted.toString());
    assertTrue(ok("activities").out().contains("greet "), "the imported activity is not listed");
    CliProcesses.Result failed = cli("start", "greeting", "--wait");
    assertEquals(1, failed.exit(), failed.toString());
    assertTrue(failed.out().contains("Status: failed"), failed.toString());
    assertTrue(failed.err().contains("ended failed"), failed.toString());
    assertTrue(failed.err().contains("a name is required"), failed.toString());
  }

  /**
   * The guide's "CLI Commands" section, each command as the guide prints it, and the lines a script
   * written for the guide's CLI reads from the output.
   */
  protected void theGuidesCommandsWorkAsWrittenAndPrintTheGuidesLines() throws Exception {
    assertTrue(guide("tinyworkflow workflows").out().contains("simple_etl"));

    CliProcesses.Result started =
        guide("tinyworkflow start simple_etl --input '{\"url\": \"https://api.example.com\"}'");
    String etl = after("Workflow started: ", started.out().lines().findFirst().orElse(""));
    assertTrue(RUN_ID.matcher(etl).matches(), started.toString());

    List<String> waited =
        guide("tinyworkflow start my_workflow --input '{\"key\": \"value\"}' --wait")
            .out()
            .lines()
            .toList();
    String mine = after("Workflow started: ", waited.get(0));
    assertEquals("Status: completed", waited.get(1), waited.toString());
    assertEquals("Output: {", waited.get(2), waited.toString());
    assertTrue(String.join("\n", waited).contains("\"received\": \"value\""), waited.toString());

    assertEquals("completed", field(guide("tinyworkflow status " + mine).out(), "Status"));
    assertTrue(guide("tinyworkflow list").out().contains(mine));
    guide("tinyworkflow list --status running");
    List<String[]> mineListed =
        rows(guide("tinyworkflow list --workflow my_workflow --limit 50").out());
    assertTrue(mineListed.stream().anyMatch(r -> r[0].equals(mine)), "my_workflow not listed");

    String toCancel = runIdOf(ok("start", "expense_approval", "--input", "{\"amount\": 9000}"));
    awaitRun(toCancel, "paused");
    assertEquals(
        "Workflow cancelled: " + toCancel, guide("tinyworkflow cancel " + toCancel).out().strip());
    List<String[]> events = rows(guide("tinyworkflow events " + toCancel + " --limit 100").out());
    assertTrue(
        events.stream().anyMatch(e -> e[1].equals("workflow_cancelled")), "no workflow_cancelled");

    List<String> scheduled =
        guide("tinyworkflow schedule daily_backup \"0 2 * * *\" --input '{}'")
            .out()
            .lines()
            .toList();
    String job = after("Workflow scheduled: ", scheduled.get(0));
    assertEquals("Cron: 0 2 * * *", scheduled.get(1), scheduled.toString());
    assertTrue(ok("schedules").out().contains(job), "the schedule is not listed");
    ok("schedules", "delete", job);

    String toApprove = runIdOf(ok("start", "expense_approval", "--input", "{\"amount\": 5000}"));
    String toReject = runIdOf(ok("start", "expense_approval", "--input", "{\"amount\": 7000}"));
    awaitRun(toApprove, "paused");
    awaitRun(toReject, "paused");
    String pending = guide("tinyworkflow approvals").out();
    assertTrue(pending.contains(toApprove) && pending.contains(toReject), pending);
    assertEquals(
        "Workflow approved: " + toApprove,
        guide("tinyworkflow approve " + toApprove + " --approve").out().strip());
    assertEquals(
        "Workflow rejected: " + toReject,
        guide("tinyworkflow approve " + toReject + " --reject").out().strip());
    assertEquals(
        "rejected",
        awaitRun(toReject, "completed").getJsonObject("output_data").getString("status"));
  }

  /** Runs a command line as the guide writes it, quotes and all; it must succeed. */
  private CliProcesses.Result guide(String commandLine) throws Exception {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : commandLine.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == ' ') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    assertEquals("tinyworkflow", words.get(0), commandLine);
    return ok(words.subList(1, words.size()).toArray(String[]::new));
  }

  private static String after(String prefix, String line) {
    assertTrue(line.startsWith(prefix), "expected '" + prefix + "...', got: " + line);
    return line.substring(prefix.length()).strip();
  }

  protected void approvalsApproveRejectAndCancel() throws Exception {
    String approved = runIdOf(ok("start", "expense_approval", "--input", "{\"amount\": 5000}"));
    String rejected = runIdOf(ok("start", "expense_approval", "--input", "{\"amount\": 7000}"));
    String cancelled = runIdOf(ok("start", "expense_approval", "--input", "{\"amount\": 9000}"));
    awaitJson(
        "the three runs listed for approval",
        () -> api("approvals"),
        v -> {
          String listed = v.toString();
          return listed.contains(approved)
              && listed.contains(rejected)
              && listed.contains(cancelled);
        });
    CliProcesses.Result table = ok("approvals");
    assertTrue(table.out().startsWith("RUN ID"), table.out());
    assertTrue(table.out().contains("manager_approval_"), table.out());

    assertEquals(
        "Workflow approved: " + approved, ok("approve", approved, "--approve").out().strip());
    assertEquals(
        "Workflow rejected: " + rejected, ok("approve", rejected, "--reject").out().strip());
    JsonObject done = awaitRun(approved, "completed");
    assertEquals("completed", done.getJsonObject("output_data").getString("status"));
    assertTrue(done.getJsonObject("output_data").containsKey("payment_id"));
    assertEquals(
        "rejected",
        awaitRun(rejected, "completed").getJsonObject("output_data").getString("status"));
    CliProcesses.Result twice = cli("approve", approved, "--approve");
    assertEquals(1, twice.exit(), twice.toString());
    assertTrue(twice.err().contains("(HTTP 409)"), twice.err());

    List<String[]> steps = rows(ok("steps", cancelled).out());
    assertEquals("waiting", steps.get(steps.size() - 1)[3], "the approval step is not waiting");
    assertEquals("Workflow cancelled: " + cancelled, ok("cancel", cancelled).out().strip());

    // Runs found by a search attribute: order_fulfillment sets order_id and waits for payment.
    String order = "A-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String ordered =
        runIdOf(ok("start", "order_fulfillment", "--input", "{\"order_id\": \"" + order + "\"}"));
    awaitRun(ordered, "paused");
    List<String[]> found = rows(ok("list", "--attribute", "order_id=" + order).out());
    assertEquals(1, found.size(), "the runs of order " + order);
    assertEquals(ordered, found.get(0)[0]);
    assertTrue(
        ok("status", ordered).out().contains("Attributes:  order_id=" + order),
        "the status shows the attributes");
    CliProcesses.Result badFilter = cli("list", "--attribute", "order_id");
    assertEquals(2, badFilter.exit(), badFilter.toString());
    assertTrue(badFilter.err().contains("--attribute takes KEY=VALUE"), badFilter.err());
    ok("cancel", ordered);

    // Purging by age: nothing ended ten years ago; an age that is not one is refused.
    String purged = ok("purge", "--older-than", "3650d").out().strip();
    assertTrue(purged.startsWith("Purged 0 runs that ended before "), purged);
    CliProcesses.Result badAge = cli("purge", "--older-than", "soon");
    assertEquals(2, badAge.exit(), badAge.toString());
    assertTrue(badAge.err().contains("must be a duration such as 30d"), badAge.err());

    CliProcesses.Result again = cli("cancel", cancelled);
    assertEquals(1, again.exit(), again.toString());
    assertTrue(again.err().contains("already cancelled"), again.err());
  }

  protected void schedulesAndDelayedStarts() throws Exception {
    CliProcesses.Result scheduled = ok("schedule", "daily_backup", "0 2 * * *", "--input", "{}");
    List<String> scheduledLines = scheduled.out().lines().toList();
    assertTrue(scheduledLines.get(0).startsWith("Workflow scheduled: "), scheduled.out());
    assertEquals("Cron: 0 2 * * *", scheduledLines.get(1), scheduled.out());
    assertTrue(scheduled.out().contains("02:00:00 UTC"), scheduled.out());
    String id = field(scheduled.out(), "Workflow scheduled");
    assertTrue(ok("schedules").out().contains(id));
    assertTrue(ok("schedules", "pause", id).out().startsWith("Paused schedule " + id));
    assertEquals("paused", field(ok("schedules", "show", id).out(), "Status"));
    assertTrue(ok("schedules", "resume", id).out().startsWith("Resumed schedule " + id));
    assertTrue(
        ok("schedules", "update", id, "--cron", "30 3 * * *", "--time-zone", "Europe/Paris")
            .out()
            .startsWith("Updated schedule " + id));
    CliProcesses.Result updated = ok("schedules", "show", id);
    assertEquals("Europe/Paris", field(updated.out(), "Time zone"));
    assertEquals("30 3 * * *", field(updated.out(), "Cron"));
    assertEquals(3, ok("schedules", "preview", "0 3 1 * *", "--count", "3").out().lines().count());
    assertEquals("Deleted schedule " + id, ok("schedules", "delete", id).out().strip());
    CliProcesses.Result badCron = cli("schedule", "daily_backup", "0 25 * * *");
    assertEquals(2, badCron.exit(), badCron.toString());
    assertTrue(badCron.err().contains("invalid hour field \"25\""), badCron.err());

    CliProcesses.Result delayed =
        ok("start", "reminder_task", "--delay", "1", "--input", "{\"task_id\": \"7\"}");
    assertTrue(delayed.out().startsWith("Workflow scheduled: "), delayed.out());
    awaitRun(runIdOf(delayed), "completed");
  }

  /**
   * A worker on the shared database executes a run that its server left: the server starts a
   * delayed run of the imported workflow and stops; the worker, given the same imports as a class
   * folder, runs it. Its API answers 503.
   */
  protected void workerExecutesTheRunsOfTheSharedDatabase() throws Exception {
    String runId =
        runIdOf(ok("start", "greeting", "--input", "{\"name\": \"Grace\"}", "--delay", "25"));
    CliProcesses.stop(server);
    server = null;
    Process worker =
        CliProcesses.startServer(
            work.resolve("worker.log"),
            WORKER_PORT,
            Map.of(),
            "worker",
            "--port",
            String.valueOf(WORKER_PORT),
            "--db",
            databaseUrl(),
            "--import-workflows",
            workflowClasses.toString());
    try {
      CliProcesses.Result refused = CliProcesses.run("http://localhost:" + WORKER_PORT, "list");
      assertEquals(1, refused.exit(), refused.toString());
      assertTrue(refused.err().contains("This is a worker"), refused.err());
      long until = System.currentTimeMillis() + 60_000;
      while (!"completed".equals(storedStatus(runId)) && System.currentTimeMillis() < until) {
        Thread.sleep(250);
      }
      assertEquals("completed", storedStatus(runId), "the worker did not run " + runId);
    } finally {
      CliProcesses.stop(worker);
    }
  }

  /** Runs the CLI as a user on the server's machine would: with the generated admin password. */
  CliProcesses.Result cli(String... args) throws Exception {
    return CliProcesses.run(URL, Map.of("TINYWORKFLOW_ADMIN_PASSWORD", ""), args);
  }

  CliProcesses.Result ok(String... args) throws Exception {
    CliProcesses.Result result = cli(args);
    if (result.exit() != 0) {
      fail("tinyworkflow " + String.join(" ", args) + " failed: " + result);
    }
    return result;
  }

  /**
   * Waits for a run's status, reading it from the API: each command would start a JVM, and the
   * commands themselves are what the tests check, not the wait.
   */
  private JsonObject awaitRun(String runId, String status) throws Exception {
    return awaitJson(
            runId + " " + status,
            () -> api("workflows/" + runId),
            v -> v.asJsonObject().getString("status").equals(status))
        .asJsonObject();
  }

  /** A GET of the suite's server's API, as its admin. */
  private String api(String path) throws Exception {
    String password = Files.readString(GENERATED, StandardCharsets.UTF_8).strip();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(URL + "/api/" + path))
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "application/json")
            .build();
    java.net.http.HttpResponse<String> response =
        HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      fail("GET /api/" + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  private interface Source {
    String get() throws Exception;
  }

  private static JsonValue awaitJson(String what, Source source, Predicate<JsonValue> done)
      throws Exception {
    JsonValue last = null;
    for (int i = 0; i < 60; i++) {
      last = Json.createReader(new StringReader(source.get())).readValue();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    fail("Waited in vain for " + what + "; last: " + last);
    return last;
  }

  private String storedStatus(String runId) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl());
        PreparedStatement s =
            c.prepareStatement("SELECT status FROM workflow_runs WHERE run_id = ?")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static String runIdOf(CliProcesses.Result result) {
    Matcher m = RUN_ID.matcher(result.out());
    assertTrue(m.find(), "no run id in " + result);
    return m.group(1);
  }

  /** A labelled field of the status output, such as "Status". */
  private static String field(String out, String label) {
    return out.lines()
        .filter(l -> l.startsWith(label + ":"))
        .map(l -> l.substring(label.length() + 1).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " in " + out));
  }

  /** The data rows of a table, split on runs of two or more spaces. */
  private static List<String[]> rows(String out) {
    return out.lines().skip(1).map(l -> l.split(" {2,}")).toList();
  }

  /**
   * The guide's URL form of a JDBC URL of the shape {@code jdbc:KIND://HOST:PORT/DB?user=U}.
   *
   * @param jdbc the JDBC URL
   * @param scheme {@code postgresql+asyncpg} or {@code mysql+asyncmy}
   * @return the guide's form, or the JDBC URL itself when it has another shape
   */
  static String guideForm(String jdbc, String scheme) {
    Matcher m = Pattern.compile("jdbc:[a-z]+://([^/?]+)/([^?]+)\\?user=([^&]+)").matcher(jdbc);
    return m.matches() ? scheme + "://" + m.group(3) + "@" + m.group(1) + "/" + m.group(2) : jdbc;
  }
}
