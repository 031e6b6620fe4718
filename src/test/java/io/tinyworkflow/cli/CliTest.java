package io.tinyworkflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line's checks that need no server: bad input, no server, usage. (Surefire runs it
 * without TINYWORKFLOW_URL and TINYWORKFLOW_DATABASE_URL, see pom.xml.)
 */
class CliTest {

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = TinyWorkflowCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void inputThatIsNotAJsonObjectIsRefusedBeforeAnythingIsSent() {
    Result notJson = run("start", "simple_etl", "--input", "{url:");
    assertEquals(2, notJson.exit());
    assertTrue(notJson.err().contains("--input is not valid JSON"), notJson.err());
    Result array = run("start", "simple_etl", "--input", "[1, 2]");
    assertEquals(2, array.exit());
    assertTrue(array.err().contains("--input must be a JSON object"), array.err());
  }

  @Test
  void aBadUrlAndAnUnreachableServerHaveTheirOwnMessagesAndExitCodes() throws Exception {
    Result bad = run("list", "--url", "localhost:8080");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("must be an http:// or https:// URL"), bad.err());

    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Result unreachable = run("--url", "http://127.0.0.1:" + closed, "workflows");
    assertEquals(3, unreachable.exit());
    assertTrue(
        unreachable.err().contains("Cannot reach a TinyWorkflow server at http://127.0.0.1:"),
        unreachable.err());
    assertTrue(unreachable.err().contains("TINYWORKFLOW_URL"), unreachable.err());
  }

  @Test
  void usageErrorsExitWith2AndShowTheUsage() {
    Result noDecision = run("approve", "some-run");
    assertEquals(2, noDecision.exit());
    assertTrue(noDecision.err().contains("--approve | --reject"), noDecision.err());
    Result both = run("approve", "some-run", "--approve", "--reject");
    assertEquals(2, both.exit());
    Result unknown = run("launch", "simple_etl");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("Unmatched argument"), unknown.err());
    // One line that says what is wrong, one that says where the usage is; not the whole usage.
    assertEquals(2, unknown.err().lines().count(), unknown.err());
    assertTrue(unknown.err().contains("tinyworkflow --help"), unknown.err());
    Result badFlag = run("start", "simple_etl", "--wiat");
    assertEquals(2, badFlag.err().lines().count(), badFlag.err());
    assertTrue(badFlag.err().contains("tinyworkflow start --help"), badFlag.err());
    Result delayedWait = run("start", "reminder_task", "--delay", "5", "--wait");
    assertEquals(2, delayedWait.exit());
    assertTrue(delayedWait.err().contains("--wait cannot be used with --delay"), delayedWait.err());
  }

  @Test
  void serverAndWorkerHelpListOnlyTheOptionsTheyTake() {
    for (String command : List.of("server", "worker")) {
      Result help = run(command, "--help");
      assertEquals(0, help.exit(), help.err());
      for (String option : List.of("--url", "--json", "--user", "--password")) {
        assertFalse(help.out().contains(option), command + " --help lists " + option);
      }
      assertTrue(help.out().contains("--port"), help.out());
    }
  }

  @Test
  void helpListsTheGuidesCommands() {
    Result help = run("--help");
    assertEquals(0, help.exit());
    for (String command :
        new String[] {
          "server",
          "worker",
          "workflows",
          "start",
          "status",
          "list",
          "cancel",
          "events",
          "schedule",
          "approvals",
          "approve",
          "signal",
          "schedules",
          "steps"
        }) {
      assertTrue(help.out().contains("  " + command + " "), command + " missing:\n" + help.out());
    }
  }

  @Test
  void aWorkerNeedsTheSharedDatabaseAndImportsMustExist() {
    Result worker = run("worker", "--port", "9999");
    assertEquals(2, worker.exit());
    assertTrue(worker.err().contains("--db URL or TINYWORKFLOW_DATABASE_URL"), worker.err());
    Result missing = run("server", "--import-workflows", "no/such/workflows.jar");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("no/such/workflows.jar: no such file"), missing.err());
    Result port = run("server", "--port", "70000");
    assertEquals(2, port.exit());
    assertTrue(port.err().contains("--port must be between 1 and 65535"), port.err());
  }

  @Test
  void aRelativeSqliteDatabaseIsTheCurrentDirectorysNotTheServers() {
    String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
    assertEquals(
        "sqlite+aiosqlite:///" + cwd + "/app.db",
        ServerCommand.absoluteSqlite("sqlite+aiosqlite:///app.db"));
    assertEquals(
        "jdbc:sqlite:" + cwd + "/data/app.db?journal_mode=wal",
        ServerCommand.absoluteSqlite("jdbc:sqlite:data/app.db?journal_mode=wal"));
    assertEquals(
        "sqlite+aiosqlite:////var/lib/app.db",
        ServerCommand.absoluteSqlite("sqlite+aiosqlite:////var/lib/app.db"));
    assertEquals("jdbc:sqlite::memory:", ServerCommand.absoluteSqlite("jdbc:sqlite::memory:"));
    String postgres = "postgresql+asyncpg://u:p@localhost:5432/db";
    assertEquals(postgres, ServerCommand.absoluteSqlite(postgres));
  }

  @Test
  void everyCommandTakesHelp() {
    Result help = run("start", "--help");
    assertEquals(0, help.exit(), help.err());
    assertTrue(help.out().contains("--idempotency-key"), help.out());
    Result delayAndAt =
        run("start", "reminder_task", "--delay", "5", "--at", "2027-01-01T09:00:00Z");
    assertEquals(2, delayAndAt.exit());
    assertTrue(delayAndAt.err().contains("--delay or --at, not both"), delayAndAt.err());
  }
}
