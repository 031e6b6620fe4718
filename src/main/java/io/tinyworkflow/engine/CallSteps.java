package io.tinyworkflow.engine;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.tinyworkflow.api.ActivityInfo;
import io.tinyworkflow.api.RetryPolicy;
import io.tinyworkflow.api.failure.ActivityFailedException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.NonDeterminismException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.persistence.JournalEntry;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The steps of one execution that run code: activities, side effects and the results of parallel
 * branches. Each is answered from the journal when recorded; otherwise it runs, with its attempts,
 * timeout and retry backoff, and its outcome is recorded before the workflow sees it.
 */
final class CallSteps {

  static final String ACTIVITY = "activity";
  static final String SIDE_EFFECT = "side_effect";
  static final String BRANCH = "branch";
  static final String COMPENSATION = "compensation";

  private final Execution execution;
  private final ExecutionServices services;
  private final Attempts attempts;

  CallSteps(Execution execution, ExecutionServices services, Attempts attempts) {
    this.execution = execution;
    this.services = services;
    this.attempts = attempts;
  }

  /**
   * Runs a side effect as a durable step: computed once, its recorded value returned on replay.
   *
   * @param frame the calling thread's frame, or {@code null}
   * @param name the side effect's name
   * @param type the value's type
   * @param computation what computes it
   * @param <T> the value's type
   * @return the value, recorded or new
   */
  <T> T sideEffect(RunFrames.Frame frame, String name, Class<T> type, Supplier<T> computation) {
    return step(
        frame, SIDE_EFFECT, name, null, type, RetryPolicy.NONE, 0, false, computation::get, null);
  }

  /**
   * Runs an activity call as a durable step.
   *
   * @param frame the calling thread's frame
   * @param activity the activity
   * @param resultType the method's declared result type
   * @param args the call's arguments
   * @param call the call itself
   * @return the result, recorded or new
   */
  Object activity(
      RunFrames.Frame frame,
      ActivityInfo activity,
      Type resultType,
      Object[] args,
      Callable<?> call) {
    String argumentsHash = frame.reservedStep >= 0 ? argumentsHash(args) : null;
    return step(
        frame,
        ACTIVITY,
        activity.name(),
        argumentsHash,
        resultType,
        activity.retryPolicy(),
        activity.timeoutSeconds(),
        activity.transactional(),
        call,
        undo(activity, args));
  }

  /** The compensation an activity declares, called with the call's arguments; or {@code null}. */
  private Compensations.Compensation undo(ActivityInfo activity, Object[] args) {
    if (activity.compensation() == null) {
      return null;
    }
    String name = activity.compensation();
    ActivityInfo undo =
        services
            .registry()
            .activity(name)
            .orElseThrow(() -> new UnknownWorkflowException("activity", name));
    Object[] arguments = args == null ? new Object[0] : args.clone();
    return new Compensations.Compensation(
        name,
        undo.retryPolicy(),
        undo.timeoutSeconds(),
        undo.transactional(),
        () -> ActivityByName.call(services, name, arguments));
  }

  /**
   * Runs a compensation as a durable step of its own, with its events.
   *
   * @param compensation the compensation
   * @throws ActivityFailedException when it failed for good (now, or as recorded)
   */
  void compensation(Compensations.Compensation compensation) {
    step(
        services.frames().current(),
        COMPENSATION,
        compensation.name(),
        null,
        Object.class,
        compensation.policy(),
        compensation.timeoutSeconds(),
        compensation.transactional(),
        () -> {
          compensation.body().run();
          return null;
        },
        null);
  }

  /**
   * The SHA-256 of a parallel branch's activity arguments as JSON: branches run concurrently, so a
   * replay whose branches come in a new order calls the same activity with other arguments at a
   * step. Arguments that cannot be written as JSON are not compared.
   */
  private String argumentsHash(Object[] args) {
    try {
      byte[] json =
          services
              .json()
              .write(args == null ? List.of() : java.util.Arrays.asList(args))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json));
    } catch (RuntimeException | java.security.NoSuchAlgorithmException e) {
      return null;
    }
  }

  private <T> T step(
      RunFrames.Frame frame,
      String kind,
      String name,
      String argumentsHash,
      Type resultType,
      RetryPolicy policy,
      double timeoutSeconds,
      boolean transactional,
      Callable<?> body,
      Compensations.Compensation undo) {
    execution.liveness().checkLive();
    int n = frame == null ? execution.nextStepNumber() : frame.takeStep();
    JournalEntry recorded = execution.recorded(n, kind, name);
    if (recorded != null
        && argumentsHash != null
        && recorded.argumentsHash() != null
        && !argumentsHash.equals(recorded.argumentsHash())) {
      throw execution
          .liveness()
          .unwind(
              new NonDeterminismException(
                  n,
                  Failures.describe(kind, name) + " with the arguments recorded",
                  Failures.describe(kind, name)
                      + " with other arguments (do the parallel branches come in a new order?)"));
    }
    if (recorded != null) {
      if (recorded.completed()) {
        if (undo != null) {
          execution.noteCompensable(); // a no-op unless the step was copied into a restarted run
          execution.compensateStep(n, undo);
        }
        return services.json().read(recorded.output(), resultType);
      }
      if (recorded.runAttempt() == execution.runAttempt()) {
        throw recordedFailure(name, recorded);
      }
      // It failed in an earlier run attempt: this one tries it again, in a row of its own.
    }
    int failedBefore = execution.snapshot().failedAttempts().getOrDefault(n, 0);
    Instant due = execution.snapshot().nextAttempts().get(n);
    if (due != null && services.clock().instant().isBefore(due)) {
      // A parallel branch resumed by another branch's earlier retry: this one keeps its backoff.
      throw execution.liveness().unwind(new Suspension(due, List.of()));
    }
    if (undo != null) {
      execution.noteCompensable(); // before the call: a cancel from now on lets it be undone
    }
    if (COMPENSATION.equals(kind)) {
      compensationStarted(n, name, failedBefore + 1);
    }
    Instant started = services.clock().instant();
    int attempt = failedBefore + 1;
    Outcome<T> atomic = null;
    Callable<?> call = body;
    if (transactional) {
      // The attempt and its record commit in one transaction: both happen, or neither.
      Outcome<T> outcome = new Outcome<>();
      atomic = outcome;
      call =
          () ->
              outcome.run(
                  () ->
                      attemptAndRecord(
                          outcome,
                          body,
                          n,
                          kind,
                          name,
                          argumentsHash,
                          resultType,
                          attempt,
                          started));
    }
    // The attempt's span: a child of the execution's, current while the attempt runs, in its
    // thread too, so that what the activity calls joins the run's trace.
    Span span = services.tracing().step(execution.snapshot(), kind, name, n, attempt);
    Scope traced = span.makeCurrent();
    try {
      Object result;
      try {
        result = attempts.call(frame, name, Context.current().wrap(call), timeoutSeconds);
      } catch (Unrecordable unrecordable) {
        RunTracing.failed(span, unrecordable.getCause());
        throw failStep(n, kind, name, unrecordable.getCause(), attempt, started);
      } catch (Throwable failure) {
        if (atomic != null && !atomic.giveUp()) {
          // Given up (timed out, stopped) while it committed: what it committed decides.
          if (atomic.awaitCommitted(execution)) {
            execution.noteRecorded(atomic.completed.step());
            if (undo != null) {
              execution.compensateStep(n, undo);
            }
            return atomic.completed.value();
          }
        }
        if (Failures.unwinds(failure)) {
          throw execution.liveness().unwind(failure);
        }
        RunTracing.failed(span, failure);
        execution.liveness().checkStopped();
        services.metrics().attemptFailed(execution.snapshot().workflowName(), name);
        int failed = attempt;
        if (policy.allowsRetry(failure, failed)) {
          Duration delay = policy.delay(failed - 1, ThreadLocalRandom.current());
          Instant retryAt = services.clock().instant().plus(delay);
          Map<String, Object> attemptData =
              RunLifecycle.data(
                  "activity",
                  name,
                  "attempt",
                  failed,
                  "error",
                  Failures.errorText(failure),
                  "retry_in_ms",
                  delay.toMillis(),
                  "retry_at",
                  retryAt.toEpochMilli());
          throw execution
              .liveness()
              .unwind(
                  new Suspension(retryAt, List.of(new Suspension.FailedAttempt(n, attemptData))));
        }
        throw failStep(n, kind, name, failure, failed, started);
      }
      Completed<T> done;
      if (atomic != null) {
        done = atomic.completed;
        execution.noteRecorded(done.step());
      } else {
        try {
          done = completed(n, kind, name, argumentsHash, resultType, attempt, started, result);
          write(done.step(), execution::recordOrAbort);
        } catch (InvalidInputException unstorable) {
          RunTracing.failed(span, unstorable);
          throw failStep(n, kind, name, unstorable, attempt, started);
        }
      }
      services.metrics().stepCompleted(execution.snapshot().workflowName(), name, started);
      if (undo != null) {
        execution.compensateStep(n, undo);
      }
      return done.value();
    } finally {
      traced.close();
      span.end();
    }
  }

  /** A completed step's record and the value the workflow sees. */
  private record Completed<T>(JournalEntry step, T value) {}

  /**
   * A transactional attempt: runs the body and writes its record in a transaction of their own,
   * which commits only if the attempt was not given up meanwhile.
   */
  private <T> Object attemptAndRecord(
      Outcome<T> outcome,
      Callable<?> body,
      int n,
      String kind,
      String name,
      String argumentsHash,
      Type resultType,
      int attempt,
      Instant started)
      throws Exception {
    return services
        .transactions()
        .inNewTransaction(
            () -> {
              Object result = body.call();
              try {
                outcome.completed =
                    completed(n, kind, name, argumentsHash, resultType, attempt, started, result);
                write(outcome.completed.step(), execution::writeOrAbort);
              } catch (InvalidInputException unstorable) {
                throw new Unrecordable(unstorable);
              }
              if (!outcome.mayCommit()) {
                throw new InterruptedException(
                    "the attempt was given up (it timed out or the run stopped): rolled back");
              }
              return result;
            });
  }

  /**
   * What a transactional attempt recorded, and whether it committed. The attempt commits only if
   * its caller has not given it up (a timeout, a stop), and the caller gives up only an attempt
   * that has not begun to commit: so the caller never goes on while a record it does not know of
   * commits.
   */
  private static final class Outcome<T> {
    private static final int RUNNING = 0;
    private static final int COMMITTING = 1;
    private static final int GIVEN_UP = 2;

    private final java.util.concurrent.atomic.AtomicInteger state =
        new java.util.concurrent.atomic.AtomicInteger(RUNNING);
    private final java.util.concurrent.CountDownLatch ended =
        new java.util.concurrent.CountDownLatch(1);
    private volatile boolean committed;
    volatile Completed<T> completed;

    /** Runs the attempt, noting whether it committed. */
    Object run(Callable<?> attempt) throws Exception {
      try {
        Object result = attempt.call();
        committed = true;
        return result;
      } finally {
        ended.countDown();
      }
    }

    boolean mayCommit() {
      return state.compareAndSet(RUNNING, COMMITTING);
    }

    /** Gives the attempt up: {@code false} when it has begun to commit. */
    boolean giveUp() {
      return state.compareAndSet(RUNNING, GIVEN_UP) || state.get() == GIVEN_UP;
    }

    /** Waits for an attempt that was committing: whether it committed. */
    boolean awaitCommitted(Execution execution) {
      try {
        ended.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw execution
            .liveness()
            .unwind(
                new RunAborted(
                    "stopped while a transactional step of run "
                        + execution.runId()
                        + " committed: the journal tells how it ended"));
      }
      return committed;
    }
  }

  /** Why a transactional attempt's record could not be written: the step fails with it. */
  private static final class Unrecordable extends RuntimeException {
    Unrecordable(InvalidInputException cause) {
      super(cause);
    }

    @Override
    public synchronized InvalidInputException getCause() {
      return (InvalidInputException) super.getCause();
    }
  }

  /**
   * The record of a completed step. The caller sees what every replay will see: the result as its
   * JSON reads back.
   *
   * @throws InvalidInputException when the result cannot be stored as JSON and read back
   */
  private <T> Completed<T> completed(
      int n,
      String kind,
      String name,
      String argumentsHash,
      Type resultType,
      int attempt,
      Instant started,
      Object result) {
    String output;
    T value;
    try {
      output = services.json().write(result);
      value = services.json().read(output, resultType);
    } catch (RuntimeException | StackOverflowError e) {
      throw new InvalidInputException(
          "Step "
              + n
              + " ("
              + Failures.describe(kind, name)
              + ") returned a "
              + result.getClass().getName()
              + " that cannot be stored as JSON and read back as "
              + resultType.getTypeName()
              + ": "
              + Failures.message(e));
    }
    JournalEntry step =
        execution
            .newStep(n, kind, name, JournalEntry.COMPLETED, attempt, started)
            .withOutput(output)
            .withArgumentsHash(argumentsHash);
    return new Completed<>(step, value);
  }

  /** Writes a completed step's record (and a compensation's event) with a recorder. */
  private void write(JournalEntry step, BiConsumer<JournalEntry, BooleanSupplier> recorder) {
    if (COMPENSATION.equals(step.stepKind())) {
      record(step, recorder, "compensation_completed", "attempts", step.attempts());
    } else {
      record(step, recorder, null);
    }
  }

  /** Appends a compensation's {@code compensation_started}, or stops the execution. */
  private void compensationStarted(int n, String name, int attempt) {
    boolean held;
    try {
      held =
          services
              .lifecycle()
              .appendHeld(
                  execution.runId(),
                  "compensation_started",
                  n,
                  RunLifecycle.data("name", name, "attempt", attempt));
    } catch (RuntimeException e) {
      throw execution
          .liveness()
          .unwind(
              new RunAborted(
                  "step " + n + " of run " + execution.runId() + " not begun: " + e, true));
    }
    if (!held) {
      throw execution
          .liveness()
          .unwind(
              new RunAborted(
                  "step "
                      + n
                      + " of run "
                      + execution.runId()
                      + " not begun: the run is no longer running on this server"));
    }
  }

  /** Records a step as failed for good, and returns the failure the workflow sees. */
  private ActivityFailedException failStep(
      int n, String kind, String name, Throwable failure, int attempts, Instant started) {
    JournalEntry step =
        execution
            .newStep(n, kind, name, JournalEntry.FAILED, attempts, started)
            .withError(
                services
                    .json()
                    .write(
                        Map.of(
                            "type",
                            failure.getClass().getName(),
                            "message",
                            Failures.message(failure))));
    record(step, kind + "_failed", "attempts", attempts, "error", Failures.errorText(failure));
    if (services.events() != null) {
      services
          .events()
          .stepFailed(
              execution.runId(), execution.workflowName(), n, name, Failures.errorText(failure));
    }
    return new ActivityFailedException(
        name, failure.getClass().getName(), Failures.message(failure));
  }

  /**
   * Records the result of a parallel branch that made no durable call as the branch's own step.
   *
   * @param frame the branch's frame
   * @param value its result
   * @return the result, recorded or replayed
   */
  Object branchStep(RunFrames.Frame frame, Object value) {
    return step(
        frame, BRANCH, "branch", null, Object.class, RetryPolicy.NONE, 0, false, () -> value, null);
  }

  private void record(JournalEntry step, String eventType, Object... eventData) {
    record(step, execution::recordOrAbort, eventType, eventData);
  }

  private void record(
      JournalEntry step,
      BiConsumer<JournalEntry, BooleanSupplier> recorder,
      String eventType,
      Object... eventData) {
    Map<String, Object> data = RunLifecycle.data(eventData);
    data.put("name", step.stepName());
    recorder.accept(
        step,
        () -> {
          if (eventType == null) {
            // one statement, outside any transaction but a transactional step's
            return services.journal().appendFenced(step, services.settings().serverId());
          }
          return services.lifecycle().recordStep(step, eventType, data);
        });
  }

  private ActivityFailedException recordedFailure(String name, JournalEntry recorded) {
    Map<String, Object> error = services.json().readObject(recorded.error());
    return new ActivityFailedException(
        name, String.valueOf(error.get("type")), String.valueOf(error.get("message")));
  }
}
