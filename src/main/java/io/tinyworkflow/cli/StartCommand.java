package io.tinyworkflow.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tinyworkflow start}: starts a run now (optionally waiting for its end) or later. */
@Command(
    name = "start",
    description = "Start a workflow run; with --delay or --at, start it later.")
class StartCommand implements Callable<Integer> {

  @ParentCommand TinyWorkflowCli cli;

  @Parameters(paramLabel = "NAME", description = "The workflow.")
  String name;

  @Option(names = "--input", paramLabel = "JSON", description = "The input, a JSON object.")
  String input;

  @Option(names = "--wait", description = "Wait for the run to end, and print it.")
  boolean wait;

  @Option(
      names = "--wait-timeout",
      paramLabel = "SECONDS",
      description =
          "With --wait: wait at most this long (default 300, at most 3600); the run goes on.")
  Long waitTimeout;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "The group of runs.")
  String workflowId;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "Start at most one run for this key.")
  String idempotencyKey;

  @Option(
      names = "--priority",
      paramLabel = "N",
      description =
          "Its place among the due runs of its queue: higher first (default 0); matters when the"
              + " workflow's queue has limits.")
  Integer priority;

  @Option(
      names = "--delay",
      paramLabel = "SECONDS",
      description = "Start it after this many seconds.")
  Long delay;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Start it at this ISO-8601 instant, like 2027-01-01T09:00:00Z.")
  String at;

  @Override
  public Integer call() {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("workflow_name", name)
            .add("input_data", Inputs.object("--input", input));
    if (priority != null) {
      body.add("priority", priority);
    }
    return delay != null || at != null ? later(body) : now(body);
  }

  private int later(JsonObjectBuilder body) {
    if (wait) {
      throw new CliFailure(CliFailure.BAD_INPUT, "--wait cannot be used with --delay or --at");
    }
    if (delay != null && at != null) {
      throw new CliFailure(CliFailure.BAD_INPUT, "Give --delay or --at, not both");
    }
    if (workflowId != null) {
      body.add("workflow_id", workflowId);
    }
    if (idempotencyKey != null) {
      body.add("idempotency_key", idempotencyKey);
    }
    if (delay != null) {
      body.add("delay_seconds", delay);
    } else {
      body.add("start_at", at);
    }
    JsonObject answer = cli.api().post("workflows/delayed", body.build()).asJsonObject();
    if (cli.json) {
      cli.out().json(answer);
    } else {
      JsonObject run = answer.getJsonObject("run");
      cli.out().line("Workflow scheduled: " + Output.text(answer, "run_id"));
      cli.out().line("Start at: " + Output.time(run, "scheduled_at") + " UTC");
    }
    return 0;
  }

  private int now(JsonObjectBuilder body) {
    if (workflowId != null) {
      body.add("workflow_id", workflowId);
    }
    if (idempotencyKey != null) {
      body.add("idempotency_key", idempotencyKey);
    }
    body.add("wait", wait);
    if (waitTimeout != null) {
      if (!wait) {
        throw new CliFailure(CliFailure.BAD_INPUT, "--wait-timeout applies to --wait");
      }
      body.add("wait_timeout", waitTimeout);
    }
    ApiClient api = wait ? cli.api().withoutTimeout() : cli.api();
    JsonObject answer = api.post("workflows/start", body.build()).asJsonObject();
    String runId = Output.text(answer, "run_id");
    String status = Output.text(answer, "status");
    if (cli.json) {
      cli.out().json(answer);
    } else {
      // The guide's lines, which scripts read: the run's id first, then its end.
      cli.out().line("Workflow started: " + runId);
      if (wait) {
        cli.out().line("Status: " + status);
        if (answer.get("output_data") != null
            && answer.get("output_data") != jakarta.json.JsonValue.NULL) {
          cli.out().line("Output: " + Output.indented(answer.get("output_data")));
        }
      }
    }
    if (wait && !"completed".equals(status)) {
      String error = Output.text(answer, "error");
      cli.spec
          .commandLine()
          .getErr()
          .println(
              "Error: run " + runId + " ended " + status + (error.isEmpty() ? "" : ": " + error));
      return CliFailure.REFUSED;
    }
    return 0;
  }
}
