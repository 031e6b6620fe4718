package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowDefinition;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.NonDeterminismException;
import io.tinyworkflow.persistence.JsonCodec;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Executes one attempt of a run that this server holds, and records how it ended. */
@ApplicationScoped
public class RunRunner {

  private static final Logger LOG = Logger.getLogger(RunRunner.class.getName());

  @Inject RunLifecycle lifecycle;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject DefaultWorkflowRegistry registry;
  @Inject RunFrames frames;
  @Inject Instance<Object> beans;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  /**
   * Executes a run until it completes, fails, or unwinds to wait.
   *
   * @param runId the run, leased to this server
   * @param onStart receives the execution once it began, so that it can be stopped
   */
  void execute(String runId, Consumer<Execution> onStart) {
    Optional<RunSnapshot> begun;
    try {
      begun = lifecycle.begin(runId);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot begin run " + runId + "; it will be claimed again", e);
      return;
    }
    if (begun.isEmpty()) {
      return;
    }
    RunSnapshot run = begun.get();
    Optional<WorkflowExtension.WorkflowType> type = registry.workflowType(run.workflowName());
    if (type.isEmpty()) {
      settle(
          runId,
          () ->
              lifecycle.fail(
                  runId,
                  "workflow_failed",
                  "The workflow '" + run.workflowName() + "' is not deployed on this server"));
      return;
    }
    try {
      Execution execution =
          new Execution(
              run,
              new ExecutionServices(lifecycle, json, clock, registry, frames, executor, beans));
      onStart.accept(execution);
      run(type.get().type(), run, type.get().info(), execution);
    } catch (RuntimeException e) {
      // An engine fault, not the workflow's: fail the run visibly rather than retry it forever.
      LOG.log(Level.SEVERE, "Run " + runId + " cannot be executed", e);
      settle(runId, () -> lifecycle.fail(runId, "workflow_failed", "Internal error: " + e));
    }
  }

  private <T extends WorkflowDefinition> void run(
      Class<T> type, RunSnapshot run, WorkflowInfo info, Execution execution) {
    String runId = run.runId();
    Instance<T> handle = beans.select(type);
    T definition = handle.get();
    frames.enter(execution, -1);
    try {
      Object output = definition.run(execution);
      String outputJson;
      try {
        outputJson = json.write(output);
      } catch (InvalidInputException e) {
        settle(runId, () -> lifecycle.fail(runId, "workflow_failed", e.getMessage()));
        return;
      }
      settle(runId, () -> lifecycle.complete(runId, outputJson));
    } catch (Suspension s) {
      settle(runId, () -> lifecycle.suspend(runId, s));
    } catch (RunAborted a) {
      LOG.fine(() -> "Run " + runId + " stopped: " + a.getMessage());
    } catch (DeadlineExceeded d) {
      settle(runId, () -> lifecycle.fail(runId, "workflow_timed_out", d.getMessage()));
    } catch (NonDeterminismException e) {
      settle(runId, () -> lifecycle.fail(runId, "workflow_failed", e.getMessage()));
    } catch (Throwable failure) {
      retryOrFail(run, info, failure);
    } finally {
      frames.exit();
      handle.destroy(definition);
    }
  }

  private void retryOrFail(RunSnapshot run, WorkflowInfo info, Throwable failure) {
    String error = Execution.errorText(failure);
    int failedAttempts = run.runAttempt() + 1;
    if (info.retryPolicy().allowsRetry(failure, failedAttempts)) {
      var next =
          clock
              .instant()
              .plus(info.retryPolicy().delay(run.runAttempt(), ThreadLocalRandom.current()));
      settle(run.runId(), () -> lifecycle.retry(run.runId(), error, next));
    } else {
      settle(run.runId(), () -> lifecycle.fail(run.runId(), "workflow_failed", error));
    }
  }

  private static void settle(String runId, java.util.function.BooleanSupplier change) {
    try {
      if (!change.getAsBoolean()) {
        LOG.fine(() -> "Run " + runId + " changed meanwhile; its outcome here is dropped");
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Cannot record the outcome of run " + runId + "; it will run again", e);
    }
  }
}
