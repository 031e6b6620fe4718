package io.tinyworkflow.engine;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.tinyworkflow.api.WorkflowDefinition;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.NonDeterminismException;
import io.tinyworkflow.persistence.DatabaseErrors;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.StepJournal;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Executes one attempt of a run that this server holds, and records how it ended. */
@ApplicationScoped
public class RunRunner {

  private static final Logger LOG = Logger.getLogger(RunRunner.class.getName());

  @Inject RunLifecycle lifecycle;
  @Inject RunTracing tracing;
  @Inject WaitLifecycle waits;
  @Inject ChildLifecycle children;
  @Inject RunTable runs;
  @Inject StepJournal journal;
  @Inject EngineSettings settings;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject DefaultWorkflowRegistry registry;
  @Inject RunFrames frames;
  @Inject Instance<Object> beans;
  @Inject Dispatcher dispatcher;
  @Inject LifecycleEvents events;
  @Inject EngineMetrics metrics;
  @Inject StepTransactions transactions;
  @Inject io.tinyworkflow.persistence.AttributeStore attributes;

  /** Executions in a row that could not record their progress, by run, on this server. */
  static final int MAX_STALLED = 3;

  private final Map<Class<?>, Instance<?>> definitions = new ConcurrentHashMap<>();
  private final Map<String, Integer> stalled = new ConcurrentHashMap<>();

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  /**
   * Executes a run until it completes, fails, or unwinds to wait.
   *
   * @param runId the run, leased to this server
   * @param onStart receives the execution once it began, so that it can be stopped
   */
  boolean execute(String runId, Consumer<Execution> onStart) {
    Optional<RunSnapshot> begun;
    try {
      begun = lifecycle.begin(runId);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot begin run " + runId + "; it will be claimed again", e);
      return false;
    }
    return begun.isPresent() && execute(begun.get(), onStart);
  }

  /**
   * Executes a run that began on this server.
   *
   * @param run what the execution needs
   * @param onStart receives the execution once it began, so that it can be stopped
   * @return {@code true} when the run reached a terminal status here
   */
  boolean execute(RunSnapshot run, Consumer<Execution> onStart) {
    boolean terminal = executeBody(run, onStart);
    if (terminal && run.parentRunId() != null) {
      dispatcher.childEnded(run.parentRunId(), run.runId());
    }
    return terminal;
  }

  private boolean executeBody(RunSnapshot run, Consumer<Execution> onStart) {
    String runId = run.runId();
    Optional<WorkflowExtension.WorkflowType> type = registry.workflowType(run.workflowName());
    if (type.isEmpty()) {
      return fail(
          run,
          "workflow_failed",
          "The workflow '" + run.workflowName() + "' is not deployed on this server");
    }
    try {
      Execution execution =
          new Execution(
              run,
              new ExecutionServices(
                  lifecycle,
                  waits,
                  children,
                  dispatcher,
                  journal,
                  json,
                  clock,
                  registry,
                  frames,
                  executor,
                  beans,
                  settings,
                  events,
                  transactions,
                  attributes,
                  metrics,
                  tracing));
      onStart.accept(execution);
      if (run.firstStart()) {
        events.started(runId, run.workflowName(), run.startedBy());
      } else if (run.resumed()) {
        events.resumed(runId, run.workflowName());
      }
      Span span = tracing.execution(run);
      Scope traced = RunTracing.enter(span);
      RunLogFields logged = RunLogFields.of(run);
      try {
        return run(type.get().type(), run, type.get().info(), execution);
      } finally {
        logged.close();
        traced.close();
        span.end();
      }
    } catch (RuntimeException e) {
      // An engine fault, not the workflow's: fail the run visibly rather than retry it forever.
      LOG.log(Level.SEVERE, "Run " + runId + " cannot be executed", e);
      return fail(run, "workflow_failed", "Internal error: " + e);
    }
  }

  private <T extends WorkflowDefinition> boolean run(
      Class<T> type, RunSnapshot run, WorkflowInfo info, Execution execution) {
    String runId = run.runId();
    Instance<T> handle = definitions(type);
    T definition = handle.get();
    frames.enter(execution, -1);
    Object output = null;
    Throwable thrown = null;
    try {
      output = definition.run(execution);
    } catch (Throwable t) {
      thrown = t;
    } finally {
      frames.exit();
      handle.destroy(definition);
    }
    if (execution.liveness().unwinding() == null && thrown == null && !execution.cancelling()) {
      return complete(run, execution, output);
    }
    // What unwound the body decides, whatever the body made of it (caught it, returned, threw
    // something else from a finally block).
    Throwable outcome =
        execution.liveness().unwinding() != null ? execution.liveness().unwinding() : thrown;
    if (outcome instanceof RunAborted a && a.writeFailed()) {
      return abortedWithoutProgress(run, a);
    }
    stalled.remove(runId);
    if (execution.cancelling()
        && (outcome == null
            || !Failures.unwinds(outcome)
            || outcome instanceof CancelRequested
            || outcome instanceof Suspension)) {
      return compensate(run, execution, null);
    }
    return settleUnwound(run, info, execution, outcome);
  }

  /** Settles a run by what unwound its body or its compensations, or by the body's failure. */
  private boolean settleUnwound(
      RunSnapshot run, WorkflowInfo info, Execution execution, Throwable outcome) {
    String runId = run.runId();
    if (outcome instanceof RunAborted a && a.writeFailed()) {
      return abortedWithoutProgress(run, a);
    }
    if (outcome instanceof Suspension s) {
      WaitRequest wait = s.waitRequest();
      if (wait == null) {
        settle(runId, () -> lifecycle.suspend(runId, run.runAttempt(), s));
      } else {
        settle(
            runId,
            () -> {
              WaitLifecycle.Paused paused = waits.pause(runId, run.runAttempt(), wait);
              if (paused == WaitLifecycle.Paused.DUE) {
                dispatcher.wake(runId); // a signal was waiting already: resume at once
              } else if (paused == WaitLifecycle.Paused.PAUSED) {
                events.paused(runId, run.workflowName(), wait.kind(), wait.key());
              }
              return false;
            });
      }
      return false;
    }
    if (outcome instanceof RunAborted a) {
      LOG.fine(() -> "Run " + runId + " stopped: " + a.getMessage());
      return release(runId);
    }
    if (outcome instanceof DeadlineExceeded d) {
      return fail(run, "workflow_timed_out", d.getMessage());
    }
    if (outcome instanceof NonDeterminismException e) {
      return fail(run, "workflow_failed", e.getMessage());
    }
    return retryOrFail(run, info, execution, outcome);
  }

  /**
   * Runs the compensations the body registered, then ends the run: cancelled when a cancel asked
   * for them, failed otherwise. A compensation that fails for good makes the run fail with its
   * error after the run's own. What unwinds the compensations (a retry's backoff, a lost lease)
   * settles the run as it would the body: the next execution replays to the same point.
   *
   * @param failure the body's failure, or {@code null} for a cancel
   */
  private boolean compensate(RunSnapshot run, Execution execution, Throwable failure) {
    String runId = run.runId();
    List<String> errors = List.of();
    Throwable thrown = null;
    frames.enter(execution, -1);
    try {
      errors = execution.compensate();
    } catch (Throwable t) {
      thrown = t;
    } finally {
      frames.exit();
    }
    Throwable signal =
        execution.liveness().unwinding() != null ? execution.liveness().unwinding() : thrown;
    if (signal != null) {
      if (!Failures.unwinds(signal)) {
        LOG.log(Level.SEVERE, "The compensations of run " + runId + " failed unexpectedly", signal);
        String error = "Internal error while compensating: " + Failures.errorText(signal);
        return fail(run, "workflow_failed", error);
      }
      return settleUnwound(run, null, execution, signal);
    }
    int ran = execution.compensationCount();
    if (failure == null && errors.isEmpty()) {
      boolean cancelled = settle(runId, () -> lifecycle.cancelCompensated(runId, ran));
      if (cancelled) {
        events.cancelled(runId, run.workflowName());
        metrics.ended(run.workflowName(), run.createdAt());
      }
      return cancelled;
    }
    String error =
        (failure == null ? "The run was cancelled" : Failures.errorText(failure))
            + (errors.isEmpty() ? "" : "; " + String.join("; ", errors));
    return fail(run, "workflow_failed", error);
  }

  /**
   * Counts an execution that stopped because the database did not take its progress, and releases
   * the run to be executed again; after {@link #MAX_STALLED} such executions in a row, the run
   * fails instead of executing its activities again and again.
   */
  private boolean abortedWithoutProgress(RunSnapshot run, RunAborted a) {
    String runId = run.runId();
    int stalls = stalled.merge(runId, 1, Integer::sum);
    if (stalls >= MAX_STALLED) {
      stalled.remove(runId);
      String error =
          "Stopped after "
              + stalls
              + " executions in a row could not record their progress; the last: "
              + Failures.clean(a.getMessage());
      return fail(run, "workflow_failed", error);
    }
    LOG.warning(() -> "Run " + runId + " stopped, it will run again: " + a.getMessage());
    return release(runId);
  }

  /**
   * Releases a run whose execution stopped without an outcome: a cancelled or reclaimed run is left
   * alone, one still running here can be claimed again at once.
   *
   * @return {@code false}: the run is not terminal through this execution
   */
  private boolean release(String runId) {
    settle(
        runId,
        () -> {
          lifecycle.release(runId);
          return false;
        });
    return false;
  }

  /** Records the output of a body that returned: completed, unless it ended too late or early. */
  private boolean complete(RunSnapshot run, Execution execution, Object output) {
    String runId = run.runId();
    stalled.remove(runId);
    if (run.deadline() != null && clock.instant().isAfter(run.deadline())) {
      String late = new DeadlineExceeded(run.deadline()).getMessage();
      return fail(run, "workflow_timed_out", late);
    }
    try {
      execution.checkAllStepsReached();
    } catch (NonDeterminismException e) {
      return fail(run, "workflow_failed", e.getMessage());
    }
    String outputJson;
    try {
      outputJson = json.write(output);
    } catch (InvalidInputException e) {
      return fail(run, "workflow_failed", e.getMessage());
    }
    // One statement, outside any transaction: the executor's threads run none.
    try {
      if (runs.complete(runId, settings.serverId(), outputJson, clock.instant())) {
        events.completed(runId, run.workflowName(), outputJson);
        metrics.ended(run.workflowName(), run.createdAt());
        return true;
      }
      LOG.fine(() -> "Run " + runId + " changed meanwhile; its outcome here is dropped");
    } catch (RuntimeException e) {
      if (DatabaseErrors.kind(e) == DatabaseErrors.Kind.REFUSED_DATA) {
        String error =
            "The workflow's output cannot be stored: the database refused it: "
                + Failures.clean(DatabaseErrors.message(e));
        return fail(run, "workflow_failed", error);
      }
      LOG.log(
          Level.WARNING, "Cannot record the outcome of run " + runId + "; it will run again", e);
    }
    return false;
  }

  /** The beans of a workflow type, resolved once: resolving them is costly, using them is not. */
  @SuppressWarnings("unchecked")
  private <T extends WorkflowDefinition> Instance<T> definitions(Class<T> type) {
    return (Instance<T>) definitions.computeIfAbsent(type, t -> beans.select(t));
  }

  private boolean retryOrFail(
      RunSnapshot run, WorkflowInfo info, Execution execution, Throwable failure) {
    String error = Failures.errorText(failure);
    int failedAttempts = run.runAttempt() + 1;
    if (info == null) {
      // a compensation's failure is its step's, never the body's: this is an engine fault
      return fail(run, "workflow_failed", error);
    }
    if (info.retryPolicy().allowsRetry(failure, failedAttempts)) {
      var next =
          clock
              .instant()
              .plus(info.retryPolicy().delay(run.runAttempt(), ThreadLocalRandom.current()));
      settle(run.runId(), () -> lifecycle.retry(run.runId(), failedAttempts, error, next));
      return false;
    }
    if (execution.hasCompensations()) {
      return compensate(run, execution, failure);
    }
    return fail(run, "workflow_failed", error);
  }

  /** Fails a run for good and tells the observers; returns whether it failed through this. */
  private boolean fail(RunSnapshot run, String eventType, String error) {
    boolean failed = settle(run.runId(), () -> lifecycle.fail(run.runId(), eventType, error));
    if (failed) {
      RunTracing.runFailed(error);
      events.failed(run.runId(), run.workflowName(), error);
      metrics.ended(run.workflowName(), run.createdAt());
    }
    return failed;
  }

  /** Applies an outcome; returns whether the run is now terminal through it. */
  private static boolean settle(String runId, java.util.function.BooleanSupplier change) {
    try {
      if (change.getAsBoolean()) {
        return true;
      }
      LOG.fine(() -> "Run " + runId + " changed meanwhile; its outcome here is dropped");
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Cannot record the outcome of run " + runId + "; it will run again", e);
    }
    return false;
  }
}
