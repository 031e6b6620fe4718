package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.NonDeterminismException;
import io.tinyworkflow.persistence.DatabaseErrors;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.WaitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One execution of a run's body, and the {@link WorkflowContext} it sees: it numbers durable calls,
 * answers recorded ones from the journal and records the outcome of new ones.
 */
final class Execution implements WorkflowContext {

  private final RunSnapshot run;
  private final ExecutionServices services;
  private final RunInput input;
  private final Map<Integer, JournalEntry> journal;
  private final AtomicInteger nextStep = new AtomicInteger(1);
  private final Attempts attempts;
  private final DurableWaits waits;
  private final ParallelBranches parallel;
  private final CallSteps calls;
  private final Liveness liveness;
  private final Versions versions;
  private final Compensations compensations = new Compensations();
  private final java.util.concurrent.atomic.AtomicBoolean markedCompensable =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean compensating;
  private final Map<String, String> attributes = new java.util.HashMap<>();
  private boolean attributesRead; // guarded by attributes

  Execution(RunSnapshot run, ExecutionServices services) {
    this.run = run;
    this.services = services;
    this.input = new RunInput(run.inputJson(), services.json());
    this.journal = new ConcurrentHashMap<>(run.journal());
    this.attempts = new Attempts(services.executor());
    this.waits = new DurableWaits(this, services);
    this.parallel = new ParallelBranches(this, services);
    this.calls = new CallSteps(this, services, attempts);
    this.versions = new Versions(this, services);
    this.liveness =
        new Liveness(
            run.runId(),
            run.deadline(),
            services.clock(),
            services.settings().lease(),
            attempts::interruptAll);
  }

  @Override
  public String runId() {
    return run.runId();
  }

  @Override
  public String workflowName() {
    return run.workflowName();
  }

  @Override
  public String startedBy() {
    return run.startedBy();
  }

  @Override
  public Map<String, Object> input() {
    return input.all();
  }

  @Override
  public Object getInput(String key, Object defaultValue) {
    return input.get(key, defaultValue);
  }

  @Override
  public <T> T getInput(String key, Class<T> type) {
    return input.get(key, type);
  }

  @Override
  public Object executeActivity(String name, Object... args) {
    return ActivityByName.call(services, name, args);
  }

  @Override
  public List<Object> executeParallel(Callable<?>... branches) {
    liveness.checkLive();
    RunFrames.Frame caller = services.frames().current();
    if (caller == null || caller.reservedStep >= 0) {
      throw new IllegalStateException("executeParallel is called from the workflow body only");
    }
    return parallel.run(nextStep.getAndAdd(branches.length), branches);
  }

  @Override
  public Instant now() {
    return sideEffect("now", Instant.class, services.clock()::instant);
  }

  @Override
  public UUID randomUUID() {
    return sideEffect("random_uuid", UUID.class, UUID::randomUUID);
  }

  @Override
  public <T> T sideEffect(String name, Class<T> type, Supplier<T> computation) {
    Names.require("A side effect's name", name);
    RunFrames.Frame frame = services.frames().current();
    return calls.sideEffect(frame, name, type, computation);
  }

  @Override
  public boolean waitForApproval(String key, Duration timeout) {
    return waits.waitForApproval(key, timeout, null);
  }

  @Override
  public boolean waitForApproval(String key, Duration timeout, String approverRole) {
    return waits.waitForApproval(key, timeout, approverRole);
  }

  @Override
  public void sleep(Duration duration) {
    waits.sleep(duration);
  }

  @Override
  public <T> T awaitSignal(String name, Class<T> type, Duration timeout) {
    return waits.awaitSignal(name, type, timeout);
  }

  @Override
  public void publish(String name, Object value) {
    waits.publish(name, value);
  }

  @Override
  public String startChildWorkflow(String workflowName, Map<String, ?> input) {
    return waits.startChild(workflowName, input);
  }

  @Override
  public <T> T awaitChildWorkflow(String childRunId, Class<T> resultType, Duration timeout) {
    return waits.awaitChild(childRunId, resultType, timeout);
  }

  @Override
  public int getVersion(String changeId, int minSupported, int maxSupported) {
    return versions.get(changeId, minSupported, maxSupported);
  }

  /**
   * Tells whether the run went past a step before this execution: a step at or after it is
   * recorded, waited for, or had a failed attempt.
   *
   * @param n the step
   * @return {@code true} when this execution replays what an earlier one did at or after it
   */
  boolean passedStep(int n) {
    return journal.keySet().stream().anyMatch(k -> k >= n)
        || run.waits().keySet().stream().anyMatch(k -> k >= n)
        || run.failedAttempts().keySet().stream().anyMatch(k -> k >= n);
  }

  /**
   * Returns the number the body's next durable call takes, without taking it.
   *
   * @return the step number
   */
  int peekNextStep() {
    return nextStep.get();
  }

  @Override
  public void setAttribute(String key, Object value) {
    Names.require("A search attribute's name", key);
    String text =
        Names.require("The value of search attribute '" + key + "'", attributeText(key, value));
    liveness.checkLive();
    synchronized (attributes) {
      if (!attributesRead) {
        // What earlier executions set: a replay that sets the same values writes nothing.
        attributes.putAll(services.attributes().of(run.runId()));
        attributesRead = true;
      }
      if (text.equals(attributes.get(key))) {
        return;
      }
      boolean held;
      try {
        held =
            services
                .attributes()
                .set(
                    run.runId(),
                    services.settings().serverId(),
                    key,
                    text,
                    services.clock().instant());
      } catch (RuntimeException e) {
        throw liveness.unwind(
            new RunAborted(
                "the search attribute '" + key + "' of run " + run.runId() + " not set: " + e,
                true));
      }
      if (!held) {
        throw liveness.unwind(
            new RunAborted(
                "the search attribute '"
                    + key
                    + "' of run "
                    + run.runId()
                    + " not set: the run is no longer running on this server"));
      }
      attributes.put(key, text);
    }
  }

  /** A search attribute's value as the text stored. */
  private static String attributeText(String key, Object value) {
    if (value instanceof CharSequence
        || value instanceof Boolean
        || value instanceof Enum<?>
        || value instanceof java.time.temporal.TemporalAccessor) {
      return value instanceof Enum<?> e ? e.name() : value.toString();
    }
    if (value instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Number) {
      return value.toString();
    }
    throw new InvalidInputException(
        "The value of search attribute '"
            + key
            + "' is "
            + (value == null ? "null" : "a " + value.getClass().getName())
            + "; give a string, number, boolean, enum constant or date-time");
  }

  @Override
  public void onFailure(String name, Runnable compensation) {
    Names.require("A compensation's name", name);
    if (compensation == null) {
      throw new InvalidInputException("The compensation '" + name + "' is null");
    }
    RunFrames.Frame frame = services.frames().current();
    if (frame == null || frame.inActivity || compensating) {
      throw new IllegalStateException(
          "onFailure is called from the workflow body, not from an activity or a compensation");
    }
    liveness.checkLive();
    int after = frame.reservedStep >= 0 ? frame.reservedStep : nextStep.get() - 1;
    noteCompensable();
    compensations.addAfter(
        after,
        new Compensations.Compensation(
            name, io.tinyworkflow.api.RetryPolicy.DEFAULT, 0, false, compensation));
  }

  /**
   * Registers the compensation an activity declares, for its call that completed at a step.
   *
   * @param step the step
   * @param compensation what undoes the call
   */
  void compensateStep(int step, Compensations.Compensation compensation) {
    compensations.addForStep(step, compensation);
  }

  /**
   * Notes in the run, once, that it registered a compensation, so that a cancel lets the
   * compensations run: before an activity that declares one runs, and when the body registers one.
   */
  void noteCompensable() {
    if (run.compensation() != null || !markedCompensable.compareAndSet(false, true)) {
      return;
    }
    boolean held;
    try {
      held = services.lifecycle().markCompensable(run.runId());
    } catch (RuntimeException e) {
      markedCompensable.set(false);
      throw liveness.unwind(
          new RunAborted("the compensation of run " + run.runId() + " not noted: " + e, true));
    }
    if (!held) {
      throw liveness.unwind(
          new RunAborted(
              "the compensation of run "
                  + run.runId()
                  + " not noted: the run is no longer running on this server"));
    }
  }

  /**
   * Tells whether a cancel asked this run to compensate: its replay stops at its first step that is
   * not recorded.
   *
   * @return {@code true} when the run is being cancelled
   */
  boolean cancelling() {
    return io.tinyworkflow.persistence.RunRecord.COMPENSATION_CANCELLING.equals(run.compensation());
  }

  /**
   * Tells whether the body registered compensations.
   *
   * @return {@code true} when it did
   */
  boolean hasCompensations() {
    return !compensations.isEmpty();
  }

  /**
   * Returns how many compensations the body registered.
   *
   * @return the count
   */
  int compensationCount() {
    return compensations.newestFirst().size();
  }

  /**
   * Runs the registered compensations, the last registered first, each a durable step numbered
   * after the steps the body reached: recorded ones are answered from the journal, so that after a
   * crash the rest run and none twice. A compensation that fails for good does not stop the others.
   *
   * @return the errors of the compensations that failed for good, in the order they ran
   */
  List<String> compensate() {
    liveness.forgetCancelRequest();
    compensating = true;
    List<String> errors = new java.util.ArrayList<>();
    for (Compensations.Compensation compensation : compensations.newestFirst()) {
      try {
        calls.compensation(compensation);
      } catch (io.tinyworkflow.api.failure.ActivityFailedException e) {
        errors.add("compensation '" + compensation.name() + "' failed: " + e.getMessage());
      }
    }
    return errors;
  }

  /**
   * Stops the replay of a run being cancelled at a step that would run: its compensations run
   * instead. Compensations themselves run.
   *
   * @param n the step
   * @throws CancelRequested when the run is being cancelled
   */
  void checkMayRun(int n) {
    if (!compensating && cancelling()) {
      throw liveness.unwind(new CancelRequested(n));
    }
  }

  /**
   * Begins the next durable call of the current thread: checks that the run goes on, and takes the
   * call's step number.
   *
   * @return the step number
   */
  int beginStep() {
    liveness.checkLive();
    RunFrames.Frame frame = services.frames().current();
    return frame == null ? nextStepNumber() : frame.takeStep();
  }

  /**
   * Returns the recorded outcome of a step, after checking that the replay makes the same call.
   *
   * @param n the step number
   * @param kind the call's kind
   * @param name the call's name
   * @return the recorded step, or {@code null} when the step is new
   * @throws NonDeterminismException when another call was recorded at this step
   */
  /**
   * Returns the step recorded at a number when this execution began, or since, without checking
   * what it is.
   *
   * @param n the step number
   * @return the step, or {@code null}
   */
  JournalEntry journalStep(int n) {
    return journal.get(n);
  }

  /**
   * Returns every step recorded, in no particular order.
   *
   * @return the steps
   */
  java.util.Collection<JournalEntry> journalSteps() {
    return journal.values();
  }

  JournalEntry recorded(int n, String kind, String name) {
    JournalEntry recorded = journal.get(n);
    if (recorded != null
        && (!recorded.stepKind().equals(kind) || !recorded.stepName().equals(name))) {
      throw liveness.unwind(
          new NonDeterminismException(
              n,
              Failures.describe(recorded.stepKind(), recorded.stepName()),
              Failures.describe(kind, name)));
    }
    if (recorded == null || failedInEarlierAttempt(recorded)) {
      checkMayRun(n);
    }
    return recorded;
  }

  /**
   * Records a step's outcome and remembers it. When it cannot be recorded (another execution
   * recorded this step, an answer came first, or the database failed), this execution stops here:
   * the run's holder, or its next claimant, replays from what is recorded. When the database
   * refuses the data itself (too long, too large), the call fails instead: no retry would help.
   *
   * @param step the outcome
   * @param write what records it, fenced by the lease: {@code false} when the run is no longer
   *     running on this server and nothing was written
   * @throws InvalidInputException when the database refuses the step's data
   */
  void recordOrAbort(JournalEntry step, BooleanSupplier write) {
    writeOrAbort(step, write);
    noteRecorded(step);
  }

  /**
   * Records a step's outcome, or stops the execution, as {@link #recordOrAbort} does, without
   * remembering it: a transactional step writes its record in a transaction that may still roll
   * back, and is remembered once that committed ({@link #noteRecorded}).
   *
   * @param step the outcome
   * @param write what records it, fenced by the lease
   * @throws InvalidInputException when the database refuses the step's data
   */
  void writeOrAbort(JournalEntry step, BooleanSupplier write) {
    boolean held;
    try {
      held = write.getAsBoolean();
    } catch (RuntimeException e) {
      if (DatabaseErrors.kind(e) == DatabaseErrors.Kind.REFUSED_DATA) {
        // Poison data: trying again cannot help, so the call fails here, as its own error.
        throw new InvalidInputException(
            "Step "
                + step.stepNumber()
                + " ("
                + Failures.describe(step.stepKind(), step.stepName())
                + ") cannot be stored: the database refused it: "
                + Failures.clean(DatabaseErrors.message(e)));
      }
      boolean duplicate = DatabaseErrors.kind(e) == DatabaseErrors.Kind.DUPLICATE;
      throw liveness.unwind(
          new RunAborted(
              "step " + step.stepNumber() + " of run " + run.runId() + " not recorded: " + e,
              !duplicate));
    }
    if (!held) {
      throw liveness.unwind(
          new RunAborted(
              "step "
                  + step.stepNumber()
                  + " of run "
                  + run.runId()
                  + " not recorded: the run is no longer running on this server"));
    }
  }

  /**
   * Remembers a step's committed outcome.
   *
   * @param step the outcome
   */
  void noteRecorded(JournalEntry step) {
    journal.put(step.stepNumber(), step);
  }

  /**
   * Tells whether a recorded step failed in an earlier run attempt: this attempt tries it again.
   *
   * @param recorded the recorded step
   * @return {@code true} when it failed before this run attempt
   */
  boolean failedInEarlierAttempt(JournalEntry recorded) {
    return "failed".equals(recorded.status()) && recorded.runAttempt() < run.runAttempt();
  }

  /**
   * Returns the open wait recorded at a step when this execution began.
   *
   * @param n the step number
   * @return the wait, or {@code null}
   */
  WaitStore.Wait openWait(int n) {
    return run.waits().get(n);
  }

  /**
   * Returns the steps of this execution that run code.
   *
   * @return its call steps
   */
  CallSteps calls() {
    return calls;
  }

  /**
   * Returns what this execution began with.
   *
   * @return the run's snapshot
   */
  RunSnapshot snapshot() {
    return run;
  }

  /**
   * Returns the attempt of the run this execution is.
   *
   * @return the run attempt, 0 for the first
   */
  int runAttempt() {
    return run.runAttempt();
  }

  int nextStepNumber() {
    return nextStep.getAndIncrement();
  }

  /**
   * Returns whether this execution may go on, and what unwinds its body.
   *
   * @return its liveness
   */
  Liveness liveness() {
    return liveness;
  }

  /**
   * Checks, once the body returned, that it reached every step the journal holds: a replay that
   * ends before a recorded step is not the run that recorded it.
   *
   * @throws NonDeterminismException naming the first recorded step that was not reached
   */
  void checkAllStepsReached() {
    int last = nextStep.get() - 1;
    journal.keySet().stream()
        .filter(n -> n > last)
        .min(Integer::compare)
        .ifPresent(
            n -> {
              JournalEntry recorded = journal.get(n);
              throw liveness.unwind(
                  new NonDeterminismException(
                      "Non-deterministic workflow: step "
                          + n
                          + " was recorded as "
                          + Failures.describe(recorded.stepKind(), recorded.stepName())
                          + " but the replay ended after step "
                          + last));
            });
  }

  JournalEntry newStep(
      int n, String kind, String name, String status, int attempts, Instant started) {
    return JournalEntry.of(
        run.runId(),
        n,
        name,
        kind,
        status,
        attempts,
        run.runAttempt(),
        started,
        services.clock().instant());
  }
}
