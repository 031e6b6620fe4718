package io.tinyworkflow.testing;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import java.util.List;
import java.util.UUID;

/** What the in-server suites do with runs: wait for a status or the end, count events. */
public final class Runs {

  private Runs() {}

  /**
   * Waits up to 30 s for a run to end.
   *
   * @param client the client
   * @param runId the run
   * @return the ended run
   * @throws InterruptedException when interrupted
   */
  public static WorkflowExecution awaitEnd(WorkflowClient client, String runId)
      throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      WorkflowExecution run = client.getWorkflowStatus(runId);
      if (run.status().isTerminal()) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " did not end within 30 s");
  }

  /**
   * Waits up to 15 s for a run to reach a status.
   *
   * @param client the client
   * @param runId the run
   * @param status the status
   * @throws InterruptedException when interrupted
   */
  public static void awaitStatus(WorkflowClient client, String runId, WorkflowStatus status)
      throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (client.getWorkflowStatus(runId).status() == status) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "run " + runId + " is " + client.getWorkflowStatus(runId).status() + ", not " + status);
  }

  /**
   * Counts the events of a type.
   *
   * @param events a run's events
   * @param type the event type
   * @return how many
   */
  public static long count(List<WorkflowEvent> events, String type) {
    return events.stream().filter(e -> e.eventType().equals(type)).count();
  }

  /**
   * Makes a unique key for a test's counters.
   *
   * @return the key
   */
  public static String key() {
    return UUID.randomUUID().toString();
  }
}
