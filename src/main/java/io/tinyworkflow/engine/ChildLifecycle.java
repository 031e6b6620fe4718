package io.tinyworkflow.engine;

import static io.tinyworkflow.engine.RunLifecycle.data;

import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.ChildWorkflowFailedException;
import io.tinyworkflow.persistence.EventLog;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.StepJournal;
import io.tinyworkflow.persistence.WaitStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state changes that link a parent run and its children, each in a transaction of its own: a
 * child is stored with the parent's step that starts it, and a child's end is recorded as the
 * outcome of the parent's step that waits for it, after locking the parent's row as every change of
 * a waiting run does ({@link WaitLifecycle}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ChildLifecycle {

  @Inject RunTable runs;
  @Inject EventLog events;
  @Inject StepJournal journal;
  @Inject WaitStore waits;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject EngineSettings settings;

  /**
   * Stores a child run, pending, with the parent's step that started it.
   *
   * @param step the parent's step; its output is the child's run id
   * @param child the child run, not yet stored, its parent set
   * @return {@code false} when the parent is no longer running on this server: nothing was written
   */
  public boolean start(JournalEntry step, RunRecord child) {
    if (!runs.holds(step.runId(), settings.serverId())) {
      return false;
    }
    runs.insert(child);
    journal.append(step);
    events.append(
        RunLifecycle.event(
            json,
            step.runId(),
            "child_started",
            step.stepNumber(),
            data("child_run_id", child.runId(), "workflow", child.workflowName()),
            step.completedAt()));
    return true;
  }

  /**
   * Records the end of a child as the outcome of its parent's wait, when the parent waits for it.
   *
   * @param parentRunId the parent
   * @param childRunId the child, which has ended
   * @return {@code true} when the parent waited for it and is now due
   */
  public boolean childEnded(String parentRunId, String childRunId) {
    Optional<RunTable.Locked> parent = runs.lock(parentRunId);
    if (parent.isEmpty() || parent.get().status().isTerminal()) {
      return false;
    }
    Optional<WaitStore.Wait> wait =
        waits.openWaits(parentRunId).stream()
            .filter(w -> WaitStore.CHILD.equals(w.kind()) && childRunId.equals(w.key()))
            .findFirst();
    return wait.isPresent() && resolveIfEnded(wait.get(), parent.get().retryCount());
  }

  /**
   * Records the end of a child as the outcome of its parent's open wait, if the child has ended, in
   * the caller's transaction, which has locked the parent's row.
   *
   * @param wait the parent's open wait for the child
   * @param runAttempt the parent's retry count
   * @return {@code true} when the child had ended and the parent is now due
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean resolveIfEnded(WaitStore.Wait wait, int runAttempt) {
    RunRecord child = runs.find(wait.key()).orElse(null);
    if (child != null && !child.status().isTerminal()) {
      return false;
    }
    Instant now = clock.instant();
    String parentRunId = wait.runId();
    boolean completed = child != null && child.status() == WorkflowStatus.COMPLETED;
    JournalEntry step =
        JournalEntry.of(
            parentRunId,
            wait.step(),
            wait.key(),
            WaitStore.CHILD,
            completed ? JournalEntry.COMPLETED : JournalEntry.FAILED,
            1,
            runAttempt,
            wait.createdAt(),
            now);
    Map<String, Object> eventData = data("child_run_id", wait.key());
    if (completed) {
      step = step.withOutput(child.output());
    } else {
      String status = child == null ? "missing" : child.status().wireName();
      String message =
          child == null
              ? "The child workflow run " + wait.key() + " does not exist"
              : "The child workflow '"
                  + child.workflowName()
                  + "' (run "
                  + wait.key()
                  + ") "
                  + (child.status() == WorkflowStatus.CANCELLED
                      ? "was cancelled"
                      : "failed: " + child.error());
      step =
          step.withError(
              json.write(
                  data(
                      "type",
                      ChildWorkflowFailedException.class.getName(),
                      "message",
                      message,
                      "child_status",
                      status)));
      eventData.put("status", status);
      eventData.put("error", message);
    }
    waits.close(parentRunId, wait.step(), "decided", null, null, now);
    journal.append(step);
    runs.makeDue(parentRunId, now);
    events.append(
        RunLifecycle.event(
            json,
            parentRunId,
            completed ? "child_completed" : "child_failed",
            wait.step(),
            eventData,
            now));
    return true;
  }

  /**
   * Finds the parents whose wait for a child was not resolved when the child ended (its server
   * stopped in between, or the child timed out while no server executed it).
   *
   * @param limit at most this many
   * @return the parents' waits
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public List<WaitStore.Wait> unresolved(int limit) {
    return waits.waitsForEndedChildren(limit);
  }
}
