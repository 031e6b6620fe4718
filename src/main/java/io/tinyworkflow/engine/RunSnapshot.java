package io.tinyworkflow.engine;

import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.WaitStore;
import java.time.Instant;
import java.util.Map;

/**
 * What an execution of a run needs, read when it begins: the run's identity and input, the step
 * journal, and the failed attempts of steps not yet recorded.
 *
 * @param runId the run
 * @param workflowName the workflow
 * @param inputJson the input object as JSON
 * @param runAttempt the run's retry count: 0 for the first attempt
 * @param deadline the run's deadline, or {@code null}
 * @param journal the recorded steps by number
 * @param failedAttempts failed attempts of unrecorded steps in this run attempt, by step number
 * @param nextAttempts when the next attempt of each of those steps is due, by step number
 * @param waits the run's open waits, by step number
 * @param parentRunId the run that started this one as its child, or {@code null}
 * @param startedBy who started the run, or {@code null}
 * @param compensation whether it registered compensations, and whether a cancel waits for them
 *     ({@link io.tinyworkflow.persistence.RunRecord#compensation()})
 * @param firstStart whether this execution is the run's first
 * @param resumed whether the run was paused before this execution
 * @param createdAt when the run was created
 * @param traceParent the W3C {@code traceparent} of the span that started the run, or {@code null}
 */
record RunSnapshot(
    String runId,
    String workflowName,
    String inputJson,
    int runAttempt,
    Instant deadline,
    Map<Integer, JournalEntry> journal,
    Map<Integer, Integer> failedAttempts,
    Map<Integer, Instant> nextAttempts,
    Map<Integer, WaitStore.Wait> waits,
    String parentRunId,
    String startedBy,
    String compensation,
    boolean firstStart,
    boolean resumed,
    Instant createdAt,
    String traceParent) {

  /**
   * The snapshot of a run that was just created: nothing recorded, nothing awaited.
   *
   * @param runId the run
   * @param workflowName the workflow
   * @param inputJson the input
   * @param deadline the run's deadline, or {@code null}
   * @param startedBy who started it, or {@code null}
   * @param createdAt when it was created
   * @param traceParent the W3C {@code traceparent} of the span that started it, or {@code null}
   * @return the snapshot
   */
  static RunSnapshot fresh(
      String runId,
      String workflowName,
      String inputJson,
      Instant deadline,
      String startedBy,
      Instant createdAt,
      String traceParent) {
    return new RunSnapshot(
        runId,
        workflowName,
        inputJson,
        0,
        deadline,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        null,
        startedBy,
        null,
        true,
        false,
        createdAt,
        traceParent);
  }
}
