package io.tinyworkflow.cli;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tinyworkflow approve RUN --approve|--reject}: decides a run's pending approval. */
@Command(name = "approve", description = "Approve or reject a run that waits for an approval.")
class ApproveCommand implements Callable<Integer> {

  @ParentCommand TinyWorkflowCli cli;

  /** Exactly one of --approve and --reject. */
  static final class Decision {
    @Option(names = "--approve", required = true, description = "Approve the run.")
    boolean approve;

    @Option(names = "--reject", required = true, description = "Reject the run.")
    boolean reject;
  }

  @Parameters(paramLabel = "RUN_ID")
  String runId;

  @ArgGroup(multiplicity = "1")
  Decision decision;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "The approval, when the run waits for several.")
  String key;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
  String comment;

  @Override
  public Integer call() {
    JsonObjectBuilder body = Json.createObjectBuilder().add("approved", decision.approve);
    if (key != null) {
      body.add("key", key);
    }
    if (comment != null) {
      body.add("comment", comment);
    }
    JsonValue result =
        cli.api().post("workflows/" + ApiClient.segment(runId) + "/approve", body.build());
    if (cli.json) {
      cli.out().json(result);
    } else {
      cli.out().line("Workflow " + (decision.approve ? "approved" : "rejected") + ": " + runId);
    }
    return 0;
  }
}
