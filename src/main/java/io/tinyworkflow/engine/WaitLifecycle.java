package io.tinyworkflow.engine;

import static io.tinyworkflow.engine.RunLifecycle.data;

import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.NotAllowedException;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.WorkflowException;
import io.tinyworkflow.persistence.EventLog;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.PublishedStateStore;
import io.tinyworkflow.persistence.RunChange;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.SignalStore;
import io.tinyworkflow.persistence.StepJournal;
import io.tinyworkflow.persistence.WaitStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state changes of waiting runs, each in a transaction of its own that first locks the run's
 * row, so that a pause, a decision, a signal and a deadline of one run never interleave: a run
 * pauses on a wait, an answer (a decision, a signal) or the wait's end is recorded as the waiting
 * step's outcome, and the run becomes due again. Also the values runs publish.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class WaitLifecycle {

  @Inject RunTable runs;
  @Inject EventLog events;
  @Inject StepJournal journal;
  @Inject WaitStore waits;
  @Inject SignalStore signals;
  @Inject PublishedStateStore published;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject EngineSettings settings;
  @Inject Event<RunDue> due;
  @Inject ChildLifecycle children;

  /**
   * Pauses a run whose body unwound to wait, and records the wait. A signal already sent is
   * delivered at once: the run is then due again without pausing for long.
   *
   * @param runId the run
   * @param runAttempt the run's retry count
   * @param wait what it waits for
   * @return whether the run paused, and whether it is due again at once
   */
  public Paused pause(String runId, int runAttempt, WaitRequest wait) {
    Instant now = clock.instant();
    runs.lock(runId);
    // Answered after this execution read the journal: due again at once, to replay the answer.
    boolean answered = journal.stands(runId, wait.step(), runAttempt);
    if (!runs.settle(
        runId,
        settings.serverId(),
        new RunChange(WorkflowStatus.PAUSED, null, null, answered ? now : wait.deadline(), false),
        now)) {
      return Paused.NOT_HERE;
    }
    if (answered) {
      return Paused.DUE;
    }
    WaitStore.Wait open =
        new WaitStore.Wait(
            runId,
            wait.step(),
            wait.kind(),
            wait.key(),
            WaitStore.OPEN,
            wait.deadline(),
            now,
            wait.approverRole());
    if (waits.open(open)) {
      String type =
          switch (wait.kind()) {
            case DurableWaits.APPROVAL -> "approval_requested";
            case DurableWaits.SLEEP -> "timer_started";
            case WaitStore.CHILD -> "child_awaited";
            default -> "signal_awaited";
          };
      append(runId, type, wait.step(), data("key", wait.key(), "until", wait.deadline()), now);
    }
    if (WaitStore.CHILD.equals(wait.kind()) && children.resolveIfEnded(open, runAttempt)) {
      return Paused.DUE; // the child ended before its parent paused for it
    }
    if (DurableWaits.SIGNAL.equals(wait.kind())) {
      Optional<SignalStore.Signal> signal = signals.consume(runId, wait.key(), wait.step());
      if (signal.isPresent()) {
        deliver(runId, runAttempt, wait.step(), wait.key(), now, signal.get().payload(), now);
        return Paused.DUE;
      }
    }
    if (wait.deadline() != null) {
      due.fire(new RunDue(runId, wait.deadline()));
    }
    return Paused.PAUSED;
  }

  /** How {@link #pause} ended. */
  public enum Paused {
    /** The run is paused. */
    PAUSED,
    /** The run is paused, and due again at once. */
    DUE,
    /** The run was no longer this server's: nothing changed. */
    NOT_HERE
  }

  /**
   * Records how a wait ended without an answer (a sleep that is over, a wait that timed out), as
   * the outcome of its step, and closes the wait.
   *
   * @param step the step's outcome
   * @param waited whether the wait was open, stored when the body unwound: then an answer that
   *     closed it first wins, and nothing is written here
   * @param waitStatus how the wait ended: {@code fired} or {@code timed_out}
   * @param eventType the event to append
   * @param eventData the event's data
   * @return {@code false} when the run is no longer running on this server, or an answer came
   *     first: nothing was written
   */
  public boolean resolveWait(
      JournalEntry step,
      boolean waited,
      String waitStatus,
      String eventType,
      Map<String, Object> eventData) {
    if (!runs.holds(step.runId(), settings.serverId())) {
      return false;
    }
    boolean closed =
        waits.close(step.runId(), step.stepNumber(), waitStatus, null, null, step.completedAt());
    if (waited && !closed) {
      return false; // an answer came first: it is recorded instead
    }
    journal.append(step);
    append(step.runId(), eventType, step.stepNumber(), eventData, step.completedAt());
    return true;
  }

  /**
   * Decides an approval a run waits for, and makes the run due.
   *
   * @param runId the run
   * @param key the approval key, or {@code null} for the run's only one
   * @param approved the decision
   * @param comment a comment, or {@code null}
   * @param decidedBy who decided, or {@code null}
   * @param mayDecide whether the caller has a role, for an approval that names one
   * @return empty when decided; otherwise why the decision was refused (nothing was written),
   *     returned rather than thrown so that a client's mistake is no incident in the server's log
   */
  public Optional<WorkflowException> decide(
      String runId,
      String key,
      boolean approved,
      String comment,
      String decidedBy,
      java.util.function.Predicate<String> mayDecide) {
    Instant now = clock.instant();
    Optional<RunTable.Locked> locked = runs.lock(runId);
    Optional<WorkflowException> ended = ended(runId, locked, "approval");
    if (ended.isPresent()) {
      return ended;
    }
    RunTable.Locked run = locked.get();
    List<WaitStore.Wait> open =
        waits.openWaits(runId).stream()
            .filter(w -> DurableWaits.APPROVAL.equals(w.kind()))
            .filter(w -> key == null || key.equals(w.key()))
            .toList();
    if (open.isEmpty()) {
      return Optional.of(
          new IllegalRunStateException(
              "Run "
                  + runId
                  + " is "
                  + run.status().wireName()
                  + " and does not wait for "
                  + (key == null ? "an approval" : "the approval '" + key + "'")));
    }
    if (open.size() > 1) {
      return Optional.of(
          new InvalidInputException(
              "Run "
                  + runId
                  + " waits for "
                  + open.size()
                  + " approvals ("
                  + String.join(", ", open.stream().map(WaitStore.Wait::key).toList())
                  + "): name the one to decide"));
    }
    WaitStore.Wait wait = open.get(0);
    if (wait.approverRole() != null && !mayDecide.test(wait.approverRole())) {
      return Optional.of(
          new NotAllowedException(
              "The approval '"
                  + wait.key()
                  + "' of run "
                  + runId
                  + " is for the role '"
                  + wait.approverRole()
                  + "', which "
                  + (decidedBy == null ? "the caller" : "user '" + decidedBy + "'")
                  + " does not have"));
    }
    Map<String, Object> decision = data("approved", approved, "decided_by", decidedBy);
    decision.put("comment", comment);
    String decisionJson = json.write(decision);
    if (!waits.close(runId, wait.step(), WaitStore.DECIDED, decisionJson, decidedBy, now)) {
      return Optional.of(
          new IllegalRunStateException(
              "The approval '" + wait.key() + "' of run " + runId + " was decided meanwhile"));
    }
    journal.append(
        JournalEntry.of(
                runId,
                wait.step(),
                wait.key(),
                DurableWaits.APPROVAL,
                JournalEntry.COMPLETED,
                1,
                run.retryCount(),
                wait.createdAt(),
                now)
            .withOutput(decisionJson));
    runs.makeDue(runId, now);
    append(
        runId,
        approved ? "approval_granted" : "approval_rejected",
        wait.step(),
        data("key", wait.key(), "decided_by", decidedBy, "comment", comment),
        now);
    return Optional.empty();
  }

  /**
   * Stores a signal for a run, and delivers it when the run waits for it.
   *
   * @param runId the run
   * @param name the signal name
   * @param payloadJson the payload as JSON
   * @return whether the run was waiting for it and is now due; or why the signal was refused
   *     (nothing was written), returned rather than thrown so that a client's mistake is no
   *     incident in the server's log
   */
  public Delivery signal(String runId, String name, String payloadJson) {
    Instant now = clock.instant();
    Optional<RunTable.Locked> locked = runs.lock(runId);
    Optional<WorkflowException> ended = ended(runId, locked, "signal");
    if (ended.isPresent()) {
      return new Delivery(false, ended.get());
    }
    RunTable.Locked run = locked.get();
    signals.add(runId, name, payloadJson, now);
    Optional<WaitStore.Wait> waiting =
        waits.openWaits(runId).stream()
            .filter(w -> DurableWaits.SIGNAL.equals(w.kind()) && name.equals(w.key()))
            .findFirst();
    if (waiting.isEmpty()) {
      append(runId, "signal_sent", null, data("name", name), now);
      return new Delivery(false, null);
    }
    WaitStore.Wait wait = waiting.get();
    SignalStore.Signal oldest = signals.consume(runId, name, wait.step()).orElseThrow();
    deliver(runId, run.retryCount(), wait.step(), name, wait.createdAt(), oldest.payload(), now);
    return new Delivery(true, null);
  }

  /**
   * What became of a signal.
   *
   * @param delivered whether the run waited for it and is now due
   * @param refused why it was refused, or {@code null} when it was stored
   */
  public record Delivery(boolean delivered, WorkflowException refused) {}

  /**
   * Publishes a value of a run, as the outcome of its step.
   *
   * @param step the publishing step
   * @param name the value's name
   * @param valueJson the value as JSON
   * @return {@code false} when the run is no longer running on this server: nothing was written
   */
  public boolean publish(JournalEntry step, String name, String valueJson) {
    if (!runs.holds(step.runId(), settings.serverId())) {
      return false;
    }
    published.publish(step.runId(), name, valueJson, step.stepNumber(), step.completedAt());
    journal.append(step);
    append(
        step.runId(), "state_published", step.stepNumber(), data("name", name), step.completedAt());
    return true;
  }

  private void deliver(
      String runId,
      int runAttempt,
      int stepNumber,
      String name,
      Instant waitingSince,
      String payloadJson,
      Instant now) {
    waits.close(runId, stepNumber, "decided", payloadJson, null, now);
    journal.append(
        JournalEntry.of(
                runId,
                stepNumber,
                name,
                DurableWaits.SIGNAL,
                JournalEntry.COMPLETED,
                1,
                runAttempt,
                waitingSince,
                now)
            .withOutput(payloadJson));
    runs.makeDue(runId, now);
    append(runId, "signal_received", stepNumber, data("name", name), now);
  }

  /** Why nothing can reach a run: it does not exist, or it ended; empty when it is active. */
  private static Optional<WorkflowException> ended(
      String runId, Optional<RunTable.Locked> run, String what) {
    if (run.isEmpty()) {
      return Optional.of(new RunNotFoundException(runId));
    }
    if (run.get().status().isTerminal()) {
      return Optional.of(
          new IllegalRunStateException(
              "Run "
                  + runId
                  + " is "
                  + run.get().status().wireName()
                  + ", which is final: no "
                  + what
                  + " can reach it"));
    }
    return Optional.empty();
  }

  private void append(
      String runId, String type, Integer step, Map<String, Object> data, Instant at) {
    events.append(RunLifecycle.event(json, runId, type, step, data, at));
  }
}
