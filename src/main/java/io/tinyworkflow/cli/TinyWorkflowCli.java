package io.tinyworkflow.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code tinyworkflow} command line: the guide's commands, spelled the same, against a server's
 * REST API ({@code --url}, or {@code TINYWORKFLOW_URL}, default http://localhost:8080). Exit codes:
 * 0 success, 1 refused by the server (or a waited-for run that did not complete), 2 bad command
 * line or input, 3 no server reachable.
 */
@Command(
    name = "tinyworkflow",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // --help on every command
    version = "tinyworkflow 0.1.0",
    description = "Run, watch, approve and schedule durable workflows on a TinyWorkflow server.",
    subcommands = {
      ServerCommand.class,
      ServerCommand.Worker.class,
      StartCommand.class,
      ApproveCommand.class,
      ScheduleCommands.Create.class,
      ScheduleCommands.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:refused by the server (unknown run, wrong state), a waited-for run that did not"
          + " complete, or an answer that never came",
      "2:bad command line or input (also when the server finds the input bad)",
      "3:no server reachable",
      "4:not signed in, or no role that may do this"
    })
public class TinyWorkflowCli {

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      defaultValue = "${env:TINYWORKFLOW_URL:-http://localhost:8080}",
      description = "The server (default: TINYWORKFLOW_URL, or ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--user",
      scope = ScopeType.INHERIT,
      paramLabel = "USER",
      defaultValue = "${env:TINYWORKFLOW_USER}",
      description =
          "Sign in as this user (default: TINYWORKFLOW_USER; without one, a server on this"
              + " machine is signed in to as its admin).")
  String user;

  @Option(
      names = "--password",
      scope = ScopeType.INHERIT,
      paramLabel = "PASSWORD",
      defaultValue = "${env:TINYWORKFLOW_PASSWORD}",
      description = "The user's password (default: TINYWORKFLOW_PASSWORD; asked for when missing).")
  String password;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the server's JSON instead of tables, for scripts.")
  boolean json;

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs a command line, printing to the given writers.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new TinyWorkflowCli());
    cli.setOut(out).setErr(err);
    // server and worker run a server here: the options for talking to one do not apply.
    for (String local : List.of("server", "worker")) {
      CommandSpec spec = cli.getSubcommands().get(local).getCommandSpec();
      for (String option : List.of("--url", "--user", "--password", "--json")) {
        if (spec.findOption(option) != null) {
          spec.remove(spec.findOption(option));
        }
      }
    }
    // A bad command line: what is wrong in one line, and where the usage is.
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          CommandLine command = e.getCommandLine();
          command.getErr().println("Error: " + e.getMessage());
          command
              .getErr()
              .println("Usage: see `" + command.getCommandSpec().qualifiedName() + " --help`");
          return CliFailure.BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliFailure failure) {
            commandLine.getErr().println("Error: " + failure.getMessage());
            return failure.exitCode();
          }
          commandLine.getErr().println("Error: " + e);
          return CliFailure.REFUSED;
        });
    return cli.execute(args);
  }

  ApiClient api() {
    String server = url == null || url.isBlank() ? "http://localhost:8080" : url;
    String home = System.getProperty("tinyworkflow.home");
    return new ApiClient(
        server,
        Credentials.choose(
                user,
                password,
                ApiClient.base(server),
                home == null ? null : java.nio.file.Path.of(home))
            .orElse(null));
  }

  Output out() {
    return new Output(spec.commandLine().getOut());
  }

  @Command(name = "workflows", description = "List the registered workflows.")
  int workflows() {
    return table(
        api().get("registry/workflows").asJsonObject(),
        "definitions",
        List.of(
            "NAME", "VERSION", "TIMEOUT (s)", "RETRIES", "QUEUE", "IN FLIGHT BY VERSION", "CLASS"),
        w ->
            List.of(
                Output.text(w, "name"),
                Output.text(w, "version"),
                Output.seconds(w, "timeout"),
                Output.text(w, "max_retries"),
                queue(w),
                inFlight(w),
                Output.text(w, "class_name")),
        "No workflows are registered.");
  }

  /**
   * A workflow's queue and its limits, in the server's words: {@code erp (5 at once, 10 starts/s)},
   * or {@code -} for its own queue without limits.
   */
  private static String queue(JsonObject workflow) {
    JsonObject q = workflow.getJsonObject("queue");
    if (q == null) {
      return "-";
    }
    String name = q.getString("name", "");
    String limits = q.getString("limits", "");
    if (limits.isEmpty()) {
      return name.equals(Output.text(workflow, "name")) ? "-" : name;
    }
    return name + " (" + limits + ")";
  }

  /** A workflow's runs in flight by version: {@code 1: 2, 2: 5}, or {@code -} for none. */
  private static String inFlight(JsonObject workflow) {
    JsonObject versions = workflow.getJsonObject("versions_in_flight");
    if (versions == null || versions.isEmpty()) {
      return "-";
    }
    return versions.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  @Command(name = "activities", description = "List the registered activities.")
  int activities() {
    return table(
        api().get("registry/activities").asJsonObject(),
        "definitions",
        List.of("NAME", "TIMEOUT (s)", "RETRIES", "COMPENSATION", "METHOD"),
        a ->
            List.of(
                Output.text(a, "name"),
                Output.seconds(a, "timeout"),
                Output.text(a, "max_retries"),
                Output.text(a, "compensation"),
                Output.text(a, "class_name") + "." + Output.text(a, "method_name")),
        "No activities are registered.");
  }

  @Command(name = "status", description = "Show a run: status, input, output, error and times.")
  int status(@Parameters(paramLabel = "RUN_ID") String runId) {
    JsonObject run = api().get("workflows/" + ApiClient.segment(runId)).asJsonObject();
    if (json) {
      out().json(run);
    } else {
      printRun(run);
    }
    return 0;
  }

  @Command(name = "list", description = "List runs, newest first.")
  int list(
      @Option(
              names = "--status",
              paramLabel = "STATUS",
              description =
                  "Only runs with this status: pending, running, paused, retrying, completed,"
                      + " failed or cancelled.")
          String status,
      @Option(
              names = "--workflow",
              paramLabel = "NAME",
              description = "Only runs of this workflow.")
          String workflow,
      @Option(
              names = "--attribute",
              paramLabel = "KEY=VALUE",
              description =
                  "Only runs whose search attribute KEY has VALUE (repeatable: all must match).")
          List<String> attributes,
      @Option(
              names = "--limit",
              paramLabel = "N",
              defaultValue = "100",
              description = "At most N runs (default ${DEFAULT-VALUE}).")
          int limit,
      @Option(
              names = "--offset",
              paramLabel = "N",
              defaultValue = "0",
              description = "Skip the first N.")
          int offset,
      @Option(
              names = "--after",
              paramLabel = "RUN_ID",
              description =
                  "Only runs older than this one: the last run of the previous page (fast at any"
                      + " depth, unlike --offset).")
          String after) {
    String query =
        ApiClient.query(
            ApiClient.params(
                "status",
                status == null ? null : status.toLowerCase(Locale.ROOT),
                "workflow_name",
                workflow,
                "limit",
                limit,
                "offset",
                offset,
                "after",
                after));
    StringBuilder path = new StringBuilder("workflows").append(query);
    for (String attribute : attributes == null ? List.<String>of() : attributes) {
      if (attribute.indexOf('=') <= 0) {
        throw new CliFailure(
            CliFailure.BAD_INPUT,
            "--attribute takes KEY=VALUE, e.g. --attribute customer=C-42; got: " + attribute);
      }
      // the query has the limit and offset at least
      path.append('&')
          .append(ApiClient.query(ApiClient.params("attribute", attribute)).substring(1));
    }
    return printRuns(api().get(path.toString()).asJsonObject(), "workflows", "No runs.");
  }

  @Command(name = "children", description = "List the child workflows a run started.")
  int children(@Parameters(paramLabel = "RUN_ID") String runId) {
    return printRuns(
        api().get("workflows/" + ApiClient.segment(runId) + "/children").asJsonObject(),
        "children",
        "Run " + runId + " started no child workflows.");
  }

  @Command(name = "cancel", description = "Cancel a run that has not ended, and its children.")
  int cancel(@Parameters(paramLabel = "RUN_ID") String runId) {
    JsonObject answer = api().delete("workflows/" + ApiClient.segment(runId)).asJsonObject();
    if (json) {
      out().json(answer);
    } else if ("cancelling".equals(answer.getString("status", ""))) {
      out()
          .line("Workflow cancelling: " + runId + " (its compensations run, then it is cancelled)");
    } else {
      out().line("Workflow cancelled: " + runId);
    }
    return 0;
  }

  @Command(
      name = "restart",
      description =
          "Restart a run that ended from one of its steps, as a new run: the steps before it are"
              + " copied, the rest run again.")
  int restart(
      @Parameters(paramLabel = "RUN_ID") String runId,
      @Option(
              names = "--from-step",
              required = true,
              paramLabel = "N",
              description = "The first step to execute again (see `steps RUN_ID`).")
          long fromStep,
      @Option(
              names = "--input",
              paramLabel = "JSON",
              description = "The new run's input, a JSON object; the original's when absent.")
          String input) {
    var body = jakarta.json.Json.createObjectBuilder().add("from_step", fromStep);
    if (input != null) {
      body.add("input_data", Inputs.object("--input", input));
    }
    JsonObject answer =
        api()
            .post("workflows/" + ApiClient.segment(runId) + "/restart", body.build())
            .asJsonObject();
    if (json) {
      out().json(answer);
    } else {
      out().line("Workflow restarted: " + answer.getString("run_id"));
      out().line("From step " + fromStep + " of " + runId);
    }
    return 0;
  }

  @Command(
      name = "retry-now",
      description = "Retry a retrying run now, without the rest of its backoff.")
  int retryNow(@Parameters(paramLabel = "RUN_ID") String runId) {
    JsonObject answer =
        api().post("workflows/" + ApiClient.segment(runId) + "/retry-now", null).asJsonObject();
    if (json) {
      out().json(answer);
    } else {
      out().line("Retrying now: " + runId);
    }
    return 0;
  }

  @Command(
      name = "purge",
      description =
          "Delete the runs that ended longer ago than a duration, with their history (admin).")
  int purge(
      @Option(
              names = "--older-than",
              paramLabel = "AGE",
              required = true,
              description = "How long ago the runs ended: 30d, 12h, 90m, or ISO-8601 such as P30D.")
          String olderThan,
      @Option(
              names = "--workflow",
              paramLabel = "NAME",
              description = "Only runs of this workflow.")
          String workflow) {
    jakarta.json.JsonObjectBuilder body =
        jakarta.json.Json.createObjectBuilder().add("older_than", olderThan);
    if (workflow != null) {
      body.add("workflow_name", workflow);
    }
    JsonObject answer = api().post("workflows/purge", body.build()).asJsonObject();
    if (json) {
      out().json(answer);
    } else {
      int purged = answer.getInt("purged");
      out()
          .line(
              "Purged "
                  + purged
                  + (purged == 1 ? " run" : " runs")
                  + (workflow == null ? "" : " of " + workflow)
                  + " that ended before "
                  + answer.getString("ended_before")
                  + ".");
    }
    return 0;
  }

  @Command(name = "events", description = "Show a run's audit trail, oldest first.")
  int events(
      @Parameters(paramLabel = "RUN_ID") String runId,
      @Option(
              names = "--limit",
              paramLabel = "N",
              defaultValue = "100",
              description = "At most N events (default ${DEFAULT-VALUE}).")
          int limit) {
    return table(
        api()
            .get(
                "workflows/"
                    + ApiClient.segment(runId)
                    + "/events"
                    + ApiClient.query(ApiClient.params("limit", limit)))
            .asJsonObject(),
        "events",
        List.of("TIME (UTC)", "EVENT", "STEP", "DATA"),
        e ->
            List.of(
                Output.time(e, "timestamp"),
                Output.text(e, "event_type"),
                Output.text(e, "step_number"),
                Output.cell(Output.text(e, "event_data"))),
        "No events.");
  }

  @Command(
      name = "steps",
      description = "Show a run's durable steps: status, attempts, start and duration.")
  int steps(@Parameters(paramLabel = "RUN_ID") String runId) {
    return table(
        api().get("workflows/" + ApiClient.segment(runId) + "/steps").asJsonObject(),
        "steps",
        List.of("STEP", "NAME", "KIND", "STATUS", "ATTEMPTS", "STARTED (UTC)", "DURATION", "ERROR"),
        s -> {
          String duration = Output.text(s, "duration_ms");
          return List.of(
              Output.text(s, "step_number"),
              Output.text(s, "step_name"),
              Output.text(s, "step_kind"),
              Output.text(s, "status"),
              Output.text(s, "attempts"),
              Output.time(s, "started_at"),
              duration.isEmpty() ? "" : duration + " ms",
              Output.cell(Output.text(s, "error")));
        },
        "No steps recorded yet.");
  }

  @Command(name = "state", description = "Show the values a run published.")
  int state(@Parameters(paramLabel = "RUN_ID") String runId) {
    JsonObject state = api().get("workflows/" + ApiClient.segment(runId) + "/state").asJsonObject();
    if (json) {
      out().json(state);
      return 0;
    }
    List<String[]> fields = new ArrayList<>();
    state.forEach((k, v) -> fields.add(new String[] {k, Output.text(state, k)}));
    if (fields.isEmpty()) {
      out().line("Run " + runId + " has published nothing.");
    } else {
      out().fields(fields);
    }
    return 0;
  }

  @Command(name = "signal", description = "Send a signal to a run.")
  int signal(
      @Parameters(index = "0", paramLabel = "RUN_ID") String runId,
      @Parameters(index = "1", paramLabel = "NAME", description = "The signal.") String name,
      @Option(names = "--payload", paramLabel = "JSON", description = "The payload, any JSON.")
          String payload) {
    JsonValue sent =
        api()
            .post(
                "workflows/" + ApiClient.segment(runId) + "/signals/" + ApiClient.segment(name),
                Inputs.value("--payload", payload));
    if (json) {
      out().json(sent);
    } else {
      out().line("Sent signal " + name + " to run " + runId);
    }
    return 0;
  }

  @Command(name = "approvals", description = "List the runs waiting for an approval.")
  int approvals() {
    return table(
        api().get("approvals").asJsonObject(),
        "approvals",
        List.of("RUN ID", "WORKFLOW", "APPROVAL", "REQUESTED (UTC)", "EXPIRES (UTC)", "INPUT"),
        a ->
            List.of(
                Output.text(a, "run_id"),
                Output.text(a, "workflow_name"),
                Output.text(a, "approval_required"),
                Output.time(a, "requested_at"),
                Output.time(a, "expires_at"),
                Output.cell(Output.text(a, "input_data"))),
        "No runs are waiting for an approval.");
  }

  private int printRuns(JsonObject answer, String list, String empty) {
    return table(
        answer,
        list,
        List.of("RUN ID", "WORKFLOW", "STATUS", "CREATED (UTC)", "COMPLETED (UTC)"),
        r ->
            List.of(
                Output.text(r, "run_id"),
                Output.text(r, "workflow_name"),
                Output.text(r, "status"),
                Output.time(r, "created_at"),
                Output.time(r, "completed_at")),
        empty);
  }

  /**
   * Prints a list from the server: as a table of one row per item, or as the server's JSON with
   * --json.
   *
   * @param answer the server's answer
   * @param list the field of the answer that holds the items
   * @return the exit code, 0
   */
  int table(
      JsonObject answer,
      String list,
      List<String> headers,
      java.util.function.Function<JsonObject, List<String>> row,
      String empty) {
    JsonArray items = answer.getJsonArray(list);
    if (json) {
      out().json(answer);
    } else {
      out().table(headers, items.stream().map(v -> row.apply(v.asJsonObject())).toList(), empty);
    }
    return 0;
  }

  void printRun(JsonObject run) {
    String retries = Output.text(run, "retry_count") + " of " + Output.text(run, "max_retries");
    out()
        .fields(
            List.of(
                new String[] {"Run", Output.text(run, "run_id")},
                new String[] {"Workflow", Output.text(run, "workflow_name")},
                new String[] {"Status", Output.text(run, "status")},
                new String[] {"Created", Output.utc(run, "created_at")},
                new String[] {"Starter", Output.text(run, "started_by")},
                new String[] {"Scheduled", Output.utc(run, "scheduled_at")},
                new String[] {"Started", Output.utc(run, "started_at")},
                new String[] {"Completed", Output.utc(run, "completed_at")},
                new String[] {"Retries", retries},
                new String[] {"Parent", Output.text(run, "parent_run_id")},
                new String[] {"Schedule", Output.text(run, "schedule_id")},
                new String[] {"Input", Output.text(run, "input_data")},
                new String[] {"Output", Output.text(run, "output_data")},
                new String[] {"Error", Output.text(run, "error")},
                new String[] {"Attributes", attributes(run)}));
  }

  /** A run's search attributes as {@code key=value, ...}; empty when it has none. */
  private static String attributes(JsonObject run) {
    JsonObject attributes = run.getJsonObject("attributes");
    if (attributes == null) {
      return "";
    }
    List<String> pairs = new java.util.ArrayList<>();
    attributes.forEach(
        (key, value) ->
            pairs.add(
                key
                    + "="
                    + (value instanceof jakarta.json.JsonString text
                        ? text.getString()
                        : value.toString())));
    return String.join(", ", pairs);
  }
}
