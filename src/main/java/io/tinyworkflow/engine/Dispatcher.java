package io.tinyworkflow.engine;

import io.tinyworkflow.persistence.DatabaseErrors;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.RunTable;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands the runs this server holds to its executor: new runs at once, due and orphaned runs when
 * {@link #poll()} claims them. Keeps the leases of held runs alive and stops executions that were
 * cancelled or passed their deadline.
 */
@ApplicationScoped
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

  @Inject RunRunner runner;
  @Inject RunLifecycle lifecycle;
  @Inject Clock clock;
  @Inject Completions completions;
  @Inject RunTable runs;
  @Inject EngineSettings settings;
  @Inject ChildLifecycle children;
  @Inject LifecycleEvents events;
  @Inject EngineMetrics metrics;
  @Inject QueueClaims queues;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  jakarta.enterprise.concurrent.ManagedScheduledExecutorService scheduler;

  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Map<String, Execution> executing = new ConcurrentHashMap<>();
  private final Map<String, String> stopRequests = new ConcurrentHashMap<>();
  private final Set<String> resubmit = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicBoolean pollAgain = new AtomicBoolean();
  private final AtomicBoolean pollQueued = new AtomicBoolean();
  private final AtomicBoolean pollScheduled = new AtomicBoolean();

  private volatile Instant lastRenewal;
  private volatile boolean backlog;
  private volatile boolean draining;

  /** Why the executions of a stopping server stop. */
  static final String SHUTTING_DOWN = "the server is stopping; another server goes on with it";

  /** Leases renewed by one statement at most, so that no statement grows with the backlog. */
  private static final int RENEWAL_CHUNK = 500;

  /** Leases are renewed at least this often. */
  private static final Duration MAX_RENEWAL_INTERVAL = Duration.ofSeconds(5);

  /**
   * Executes a run this server claimed.
   *
   * @param runId the run
   */
  public void submit(String runId) {
    submit(runId, () -> runner.execute(runId, execution -> register(runId, execution)));
  }

  /**
   * Executes a run this server has just created, already running here.
   *
   * @param run what the execution needs
   */
  void submitNew(RunSnapshot run) {
    submit(run.runId(), () -> runner.execute(run, execution -> register(run.runId(), execution)));
  }

  /**
   * Counts the runs this server holds now: executing, queued to execute, or unwinding.
   *
   * @return how many
   */
  int holding() {
    return held.size();
  }

  /**
   * Tells whether this server holds a run: it executes it, has it queued, or it still unwinds. Once
   * it does not, nothing of that run happens here until it is claimed again.
   *
   * @param runId the run
   * @return {@code true} while it holds it
   */
  public boolean holds(String runId) {
    return held.contains(runId);
  }

  /**
   * Tells whether this server can take one more run now: it holds fewer than its capacity. A run
   * started here without a waiting caller beyond that is stored due, for any server to claim.
   *
   * @return {@code true} when there is room
   */
  boolean hasRoom() {
    if (draining) {
      return false; // stopping: new work waits in the database for the other servers
    }
    if (held.size() < settings.maxExecutions()) {
      return true;
    }
    backlog = true;
    return false;
  }

  /**
   * Stores a new run and executes it in the calling thread, for a caller that waits for its end
   * anyway: no hand-off to another thread. The caller's transaction, if any, is suspended: the run
   * is stored by a statement that commits on its own, and activities run outside transactions. The
   * store and the execution share one unit of work, and so one pooled connection.
   *
   * @param newRun the run, not yet stored
   * @param run what the execution needs
   * @return how it went: ended, unwound to go on later, or not stored
   * @throws io.tinyworkflow.persistence.PersistenceFailure when the run cannot be stored; nothing
   *     was executed then
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public Started startHere(RunRecord newRun, RunSnapshot run) {
    if (!runs.insertUnlessKeyTaken(RunLifecycle.runningHere(newRun, settings))) {
      return Started.KEY_TAKEN;
    }
    String runId = run.runId();
    if (!held.add(runId)) {
      return Started.UNWOUND;
    }
    boolean terminal = false;
    try {
      terminal = runner.execute(run, execution -> register(runId, execution));
    } finally {
      finished(runId, terminal);
    }
    return terminal ? Started.ENDED : Started.UNWOUND;
  }

  /** What became of a run started in the caller's thread. */
  public enum Started {
    /** It reached a final status. */
    ENDED,
    /** It unwound to go on later (a wait, a retry), here or on another server. */
    UNWOUND,
    /** Another run holds its idempotency key: nothing was stored or executed. */
    KEY_TAKEN
  }

  private void submit(String runId, java.util.function.BooleanSupplier execution) {
    if (!held.add(runId)) {
      // Claimed again while its previous execution here is still unwinding: run it after that.
      resubmit.add(runId);
      if (held.contains(runId) || !resubmit.remove(runId)) {
        return; // finished() will run it, or another caller took the resubmission
      }
      // The previous execution finished between the two checks, before it saw the resubmission.
      submit(runId);
      return;
    }
    try {
      executor.execute(
          () -> {
            boolean terminal = false;
            try {
              terminal = execution.getAsBoolean();
            } catch (RuntimeException | Error e) {
              LOG.log(Level.SEVERE, "Executing run " + runId + " failed unexpectedly", e);
            } finally {
              finished(runId, terminal);
            }
          });
    } catch (RejectedExecutionException e) {
      held.remove(runId);
      queues.released(runId);
      LOG.log(Level.WARNING, "Run " + runId + " was not accepted; it will be claimed again", e);
      try {
        lifecycle.release(runId);
      } catch (RuntimeException releaseFailure) {
        LOG.log(Level.FINE, "The lease of run " + runId + " runs out instead", releaseFailure);
      }
    }
  }

  /**
   * Claims a run that just became due (an answer to its wait came, or its deadline) and executes
   * it, without waiting for the next poll. Another server may claim it first; then nothing happens
   * here.
   *
   * @param runId the run
   */
  public void wake(String runId) {
    if (!hasRoom()) {
      return; // it stays due in the database: a poll takes it when there is room
    }
    try {
      List<String> queued = queues.plan().queued();
      if (lifecycle.claim(runId, queued)) {
        metrics.claimed(1);
        submit(runId);
      } else if (!queued.isEmpty()) {
        pollSoon(); // a run of a queue with limits waits for its turn there
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot claim run " + runId + " now; the next poll claims it", e);
    }
  }

  /** Claims the runs that are due (new, retrying, or left by a dead server) and executes them. */
  public void poll() {
    if (draining) {
      return;
    }
    do {
      if (!polling.compareAndSet(false, true)) {
        pollAgain.set(true); // the poll under way polls once more when it is done
        return;
      }
      try {
        do {
          pollAgain.set(false);
          pollOnce();
        } while (pollAgain.get() && !draining);
      } finally {
        polling.set(false);
      }
      // asked again between the last check and the release: poll once more
    } while (pollAgain.get() && !draining);
  }

  /**
   * Polls at once in the background, as room frees in a queue with limits or a run waits for its
   * turn there: the next tick would leave the room unused for up to a second.
   */
  void pollSoon() {
    if (draining || !pollQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            pollQueued.set(false);
            poll();
          });
    } catch (RejectedExecutionException e) {
      pollQueued.set(false); // the next tick polls
    }
  }

  /** Polls once after a while, in the background; one such poll waits at a time. */
  private void pollAfter(Duration delay) {
    if (draining || !pollScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.schedule(
          () -> {
            pollScheduled.set(false);
            poll();
          },
          delay.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      pollScheduled.set(false); // the next tick polls
    }
  }

  private void pollOnce() {
    try {
      for (RunLifecycle.Expired run : lifecycle.expireOverdue()) {
        events.failed(run.runId(), run.workflowName(), run.error());
      }
      resumeParentsOfEndedChildren();
      int room = Math.min(settings.pollBatch(), settings.maxExecutions() - held.size());
      if (room <= 0) {
        backlog = true;
        return;
      }
      // The queues with limits first: their limits hold them back, so the rest cannot starve
      // them. Each batch is executed as soon as it is claimed (each claim commits on its own).
      int claimed = queues.claim(room, this::submitClaimed, this::pollAfter);
      List<String> free = queues.plan().unlimited();
      if (claimed < room && !free.isEmpty()) {
        List<String> taken = lifecycle.claimDue(free, room - claimed);
        taken.forEach(this::submitClaimed);
        claimed += taken.size();
      }
      backlog = claimed == room;
    } catch (RuntimeException e) {
      warn("Polling for due runs failed; the next poll tries again", e);
    }
  }

  private void submitClaimed(String runId) {
    metrics.claimed(1);
    submit(runId);
  }

  /**
   * Resumes the parent of a child that ended, when the parent waits for it: the child's end is
   * recorded as the outcome of the parent's wait, and the parent is claimed and executed. When that
   * fails, the next poll does it.
   *
   * @param parentRunId the parent
   * @param childRunId the child, which has ended
   */
  public void childEnded(String parentRunId, String childRunId) {
    try {
      if (children.childEnded(parentRunId, childRunId)) {
        wake(parentRunId);
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot resume run " + parentRunId + " after its child ended; the next poll does",
          e);
    }
  }

  /** The safety net of {@link #childEnded}: parents of ended children that still wait. */
  private void resumeParentsOfEndedChildren() {
    for (var wait : children.unresolved(settings.pollBatch())) {
      try {
        children.childEnded(wait.runId(), wait.key()); // due now: this poll claims it
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cannot resume run " + wait.runId() + " after its child ended", e);
      }
    }
  }

  /**
   * Tells whether a workflow's runs wait in a queue with limits: they are claimed only through it.
   *
   * @param workflowName the workflow
   * @return {@code true} when its queue has limits
   */
  boolean queued(String workflowName) {
    return queues.queued(workflowName);
  }

  /**
   * Called every second: stops the executions past their deadline, and renews the leases of held
   * runs (every third of the lease, at most every 5 s), stopping the executions of runs that were
   * cancelled or claimed elsewhere.
   */
  public void renewLeases() {
    Instant now = clock.instant();
    executing.forEach(
        (runId, execution) -> {
          if (execution.liveness().deadline() != null
              && now.isAfter(execution.liveness().deadline())) {
            execution.liveness().stopForDeadline();
          }
        });
    if (lastRenewal != null && now.isBefore(lastRenewal.plus(renewalInterval()))) {
      return;
    }
    Instant until = now.plus(settings.lease());
    try {
      List<String> runIds = List.copyOf(held);
      List<String> lost = new java.util.ArrayList<>();
      List<String> cancelling = new java.util.ArrayList<>();
      for (int from = 0; from < runIds.size(); from += RENEWAL_CHUNK) {
        List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + RENEWAL_CHUNK));
        lost.addAll(lifecycle.renew(chunk));
        cancelling.addAll(lifecycle.cancelling(chunk));
      }
      lastRenewal = now;
      metrics.renewed(runIds.size() - lost.size(), lost.size());
      executing.forEach(
          (runId, execution) -> {
            if (!lost.contains(runId)) {
              execution.liveness().leaseRenewed(until);
            }
          });
      for (String runId : lost) {
        stop(runId, "cancelled, timed out or claimed by another server");
      }
      for (String runId : cancelling) {
        Execution execution = executing.get(runId);
        if (execution != null && !execution.cancelling()) {
          // Cancelled on another server: this execution stops, the next one compensates.
          stop(runId, "cancel requested: its compensations run");
        }
      }
    } catch (RuntimeException e) {
      warn("Renewing run leases failed; the next renewal tries again", e);
    }
  }

  /** How often leases are renewed: a third of the lease, and at least every 5 s. */
  private Duration renewalInterval() {
    Duration third = settings.lease().dividedBy(3);
    return third.compareTo(MAX_RENEWAL_INTERVAL) < 0 ? third : MAX_RENEWAL_INTERVAL;
  }

  /**
   * Stops the local execution of a run, if any: it ends at its next step boundary, and its running
   * activities are interrupted.
   *
   * @param runId the run
   * @param reason why
   */
  public void stop(String runId, String reason) {
    if (!held.contains(runId)) {
      return;
    }
    stopRequests.put(runId, reason); // seen by an execution that registers after this
    Execution execution = executing.get(runId);
    if (execution != null) {
      execution.liveness().stop(reason);
    }
  }

  /** Forgets an execution that ended here, wakes its waiters, and runs a claim made meanwhile. */
  private void finished(String runId, boolean terminal) {
    executing.remove(runId);
    stopRequests.remove(runId);
    held.remove(runId);
    completions.settled(runId, terminal);
    if (resubmit.remove(runId)) {
      submit(runId); // claimed again meanwhile: it keeps its place in its queue
    } else if (queues.released(runId)) {
      pollSoon(); // its place in its queue is free: the next run there takes it now
    } else if (backlog && held.size() <= settings.maxExecutions() / 2) {
      // Runs wait in the database for room here: take the next batch now, not at the next tick.
      backlog = false;
      try {
        executor.execute(this::poll);
      } catch (RejectedExecutionException e) {
        backlog = true; // the next tick polls
      }
    }
  }

  /**
   * Logs a failure of the background work: one line while the database is unavailable (it repeats
   * every second until the database is back), with the stack trace otherwise.
   */
  private static void warn(String message, RuntimeException e) {
    warn(LOG, message, e);
  }

  /**
   * Logs a failure of background work to a logger, as {@link #warn(String, RuntimeException)}.
   *
   * @param log the logger
   * @param message what failed
   * @param e the failure
   */
  static void warn(Logger log, String message, RuntimeException e) {
    if (DatabaseErrors.kind(e) == DatabaseErrors.Kind.UNAVAILABLE) {
      log.warning(() -> message + ": the database is unavailable: " + DatabaseErrors.message(e));
    } else {
      log.log(Level.WARNING, message, e);
    }
  }

  private void register(String runId, Execution execution) {
    executing.put(runId, execution);
    String reason = stopRequests.get(runId);
    if (reason != null) {
      execution.liveness().stop(reason);
    } else if (draining) {
      execution.liveness().drain(SHUTTING_DOWN);
    }
  }

  /**
   * Stops this server's work when the application stops (a {@code server stop}, a SIGTERM, an
   * undeployment): it claims nothing more, lets the running steps finish for the grace period
   * ({@code tinyworkflow.shutdown.grace.seconds}, 10 s) while each execution stops at its next step
   * boundary, then interrupts what still runs, and releases the lease of every run it held, so that
   * another server claims them at its next poll instead of after the lease. What the finished steps
   * returned is recorded; nothing is lost.
   */
  void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) {
    draining = true;
    if (held.isEmpty()) {
      return;
    }
    LOG.info(
        () ->
            "Stopping: "
                + held.size()
                + " runs stop at their next step; their running steps have "
                + settings.shutdownGrace().toSeconds()
                + " s to finish");
    executing.values().forEach(execution -> execution.liveness().drain(SHUTTING_DOWN));
    awaitNoneHeld(settings.shutdownGrace());
    for (String runId : List.copyOf(held)) {
      stop(runId, SHUTTING_DOWN);
    }
    awaitNoneHeld(Duration.ofSeconds(2));
    for (String runId : List.copyOf(held)) {
      // Queued and never begun, or an activity that ignores interrupts: the lease goes anyway,
      // and the lease fences out whatever it might still record.
      try {
        lifecycle.release(runId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cannot release run " + runId + "; its lease runs out instead", e);
      }
    }
    LOG.info("Stopped: the runs this server held are released");
  }

  /**
   * Waits until this server holds no run, or for at most a while, renewing the leases of the runs
   * it holds meanwhile: the timers that renew them stop with the server, and a run whose lease ran
   * out would be claimed elsewhere while its step still runs here.
   */
  private void awaitNoneHeld(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!held.isEmpty() && System.nanoTime() < deadline) {
      renewLeases(); // no-op until a third of the lease has passed since the last renewal
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
