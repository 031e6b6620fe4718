package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.failure.ChildWorkflowFailedException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.api.failure.WaitTimeoutException;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.WaitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The waits of one execution (approvals, sleeps, signals, children) and its published values and
 * child starts: each a durable step of the execution, answered from the journal on replay.
 */
final class DurableWaits {

  static final String APPROVAL = "approval";
  static final String SLEEP = "sleep";
  static final String SIGNAL = "signal";
  static final String PUBLISH = "publish";
  static final String START_CHILD = "start_child";

  private final Execution execution;
  private final ExecutionServices services;
  private final Set<String> startedChildren = ConcurrentHashMap.newKeySet();
  private final Set<String> replacedChildren = ConcurrentHashMap.newKeySet();

  DurableWaits(Execution execution, ExecutionServices services) {
    this.execution = execution;
    this.services = services;
  }

  boolean waitForApproval(String key, Duration timeout, String approverRole) {
    requireName("An approval key", key);
    if (approverRole != null) {
      requireName("An approver role", approverRole);
    }
    Map<String, Object> decision =
        services.json().readObject(await(APPROVAL, key, timeout, approverRole));
    return Boolean.TRUE.equals(decision.get("approved"));
  }

  void sleep(Duration duration) {
    await(SLEEP, SLEEP, duration == null || duration.isNegative() ? Duration.ZERO : duration, null);
  }

  <T> T awaitSignal(String name, Class<T> type, Duration timeout) {
    requireName("A signal name", name);
    String payload = await(SIGNAL, name, timeout, null);
    return type == null ? null : services.json().read(payload, type);
  }

  void publish(String name, Object value) {
    requireName("A published value's name", name);
    int n = execution.beginStep();
    if (execution.recorded(n, PUBLISH, name) != null) {
      return;
    }
    String valueJson = services.json().write(value);
    JournalEntry step =
        execution
            .newStep(n, PUBLISH, name, "completed", 1, services.clock().instant())
            .withOutput(valueJson);
    execution.recordOrAbort(step, () -> services.waitLifecycle().publish(step, name, valueJson));
  }

  String startChild(String workflowName, Map<String, ?> input) {
    requireName("A child workflow's name", workflowName);
    int n = execution.beginStep();
    JournalEntry recorded = execution.recorded(n, START_CHILD, workflowName);
    String replaced = null;
    if (recorded != null) {
      String childRunId = services.json().read(recorded.output(), String.class);
      if (!childFailedInEarlierAttempt(childRunId)) {
        startedChildren.add(childRunId);
        return childRunId;
      }
      replaced = childRunId; // it failed in an earlier run attempt: this one starts a new child
    }
    WorkflowInfo workflow =
        services
            .registry()
            .workflow(workflowName)
            .orElseThrow(() -> new UnknownWorkflowException("workflow", workflowName));
    String inputJson = services.json().write(input == null ? Map.of() : input);
    Instant now = services.clock().instant();
    String childRunId = io.tinyworkflow.persistence.RunIds.next();
    RunRecord child =
        RunLifecycle.newRun(
            workflow,
            childRunId,
            childRunId,
            inputJson,
            now,
            RunRecord.Origin.parent(execution.runId(), n),
            services.tracing().startOfRun(workflowName, childRunId));
    JournalEntry step =
        execution
            .newStep(n, START_CHILD, workflowName, JournalEntry.COMPLETED, 1, now)
            .withOutput(services.json().write(childRunId));
    execution.recordOrAbort(step, () -> services.children().start(step, child));
    if (replaced != null) {
      replacedChildren.add(replaced);
    }
    startedChildren.add(childRunId);
    services.dispatcher().wake(childRunId);
    return childRunId;
  }

  <T> T awaitChild(String childRunId, Class<T> type, Duration timeout) {
    requireName("A child run id", childRunId);
    // A replay starts its children again (from the journal) before it awaits them.
    if (!startedChildren.contains(childRunId)) {
      throw new InvalidInputException(
          "Run " + childRunId + " is not a child workflow started by run " + execution.runId());
    }
    String output = await(WaitStore.CHILD, childRunId, timeout, null);
    return type == null ? null : services.json().read(output, type);
  }

  /**
   * A durable wait: returns the recorded answer (as JSON) of its step, or records that its time is
   * up, or unwinds the body until an answer or the deadline comes.
   */
  private String await(String kind, String key, Duration timeout, String approverRole) {
    int n = execution.beginStep();
    JournalEntry earlier = execution.journalStep(n);
    JournalEntry recorded =
        earlier != null
                && WaitStore.CHILD.equals(kind)
                && WaitStore.CHILD.equals(earlier.stepKind())
                && replacedChildren.contains(earlier.stepName())
                && execution.failedInEarlierAttempt(earlier)
            ? null // the wait for a child that failed, started anew in this run attempt
            : execution.recorded(n, kind, key);
    if (recorded != null && execution.failedInEarlierAttempt(recorded)) {
      recorded = null; // it timed out or its child failed in an earlier run attempt: wait again
    }
    if (recorded != null) {
      if ("completed".equals(recorded.status())) {
        return recorded.output();
      }
      Map<String, Object> error = services.json().readObject(recorded.error());
      String message = String.valueOf(error.get("message"));
      if (ChildWorkflowFailedException.class.getName().equals(error.get("type"))) {
        throw new ChildWorkflowFailedException(
            key, String.valueOf(error.get("child_status")), message);
      }
      throw new WaitTimeoutException(kind, key, message);
    }
    execution.checkMayRun(n);
    Instant now = services.clock().instant();
    WaitStore.Wait open = execution.openWait(n);
    Instant deadline = open != null ? open.deadline() : timeout == null ? null : now.plus(timeout);
    if (deadline == null || now.isBefore(deadline)) {
      throw execution
          .liveness()
          .unwind(new Suspension(new WaitRequest(n, kind, key, deadline, approverRole)));
    }
    Instant since = open != null ? open.createdAt() : now;
    if (SLEEP.equals(kind)) {
      resolve(
          execution.newStep(n, kind, key, "completed", 1, since),
          open != null,
          "fired",
          "timer_fired");
      return null;
    }
    String awaited =
        switch (kind) {
          case APPROVAL -> "No decision on the approval '" + key + "'";
          case WaitStore.CHILD -> "The child workflow run " + key + " did not end";
          default -> "No signal '" + key + "'";
        };
    String message = awaited + " within " + Duration.between(since, deadline);
    JournalEntry step =
        execution
            .newStep(n, kind, key, JournalEntry.FAILED, 1, since)
            .withError(
                services
                    .json()
                    .write(
                        Map.of("type", WaitTimeoutException.class.getName(), "message", message)));
    resolve(step, open != null, "timed_out", kind + "_timed_out");
    throw new WaitTimeoutException(kind, key, message);
  }

  /** Whether the wait for a child ended with the child's failure in an earlier run attempt. */
  private boolean childFailedInEarlierAttempt(String childRunId) {
    return execution.journalSteps().stream()
        .anyMatch(
            s ->
                WaitStore.CHILD.equals(s.stepKind())
                    && childRunId.equals(s.stepName())
                    && execution.failedInEarlierAttempt(s)
                    && s.error() != null
                    && s.error().contains(ChildWorkflowFailedException.class.getName()));
  }

  /**
   * Records that a wait's time is up. When its wait was open (stored when the body unwound), the
   * wait is closed in the same transaction, and an answer that came first (a signal, a decision, a
   * child's end) wins: this execution stops and the replay takes the answer.
   */
  private void resolve(JournalEntry step, boolean waited, String waitStatus, String event) {
    execution.recordOrAbort(
        step,
        () ->
            services
                .waitLifecycle()
                .resolveWait(
                    step, waited, waitStatus, event, RunLifecycle.data("key", step.stepName())));
  }

  private static void requireName(String what, String name) {
    Names.require(what, name);
  }
}
