package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.persistence.EventRecord;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.WaitStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's steps as the client shows them: recorded outcomes, a step whose next attempt is due (from
 * this run attempt's failed-attempt events), and an open wait.
 */
class StepHistoryTest {

  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final String RUN = "run-1";

  @Test
  void recordedRetryingAndWaitingStepsInStepOrder() {
    JournalEntry fetched =
        JournalEntry.of(RUN, 1, "fetch", "activity", "completed", 1, 1, T0, T0.plusSeconds(1))
            .withOutput("[1,2]");
    JournalEntry failedEarlier =
        JournalEntry.of(RUN, 2, "load", "activity", "failed", 3, 0, T0, T0.plusSeconds(2))
            .withError("{\"type\":\"java.io.IOException\",\"message\":\"disk full\"}");
    List<EventRecord> failedAttempts =
        List.of(
            attemptFailed(10, 2, 0, "java.io.IOException: disk full", T0.plusSeconds(1)),
            attemptFailed(20, 2, 1, "java.io.IOException: still full", T0.plusSeconds(30)),
            attemptFailed(21, 2, 1, "java.io.IOException: full again", T0.plusSeconds(31)));
    WaitStore.Wait approval =
        new WaitStore.Wait(
            RUN, 3, "approval", "manager", "open", T0.plusSeconds(3600), T0.plusSeconds(40), null);

    List<WorkflowStep> steps =
        StepHistory.of(
            new StepHistory.Rows(
                1, List.of(fetched, failedEarlier), failedAttempts, List.of(approval)),
            new JsonCodec());

    assertEquals(
        List.of(
            new WorkflowStep(
                1, "fetch", "activity", "completed", 1, T0, T0.plusSeconds(1), null, null),
            new WorkflowStep(
                2,
                "load",
                "activity",
                "retrying",
                2,
                T0.plusSeconds(30),
                null,
                "java.io.IOException: full again",
                null),
            new WorkflowStep(
                3,
                "manager",
                "approval",
                "waiting",
                1,
                T0.plusSeconds(40),
                null,
                null,
                T0.plusSeconds(3600))),
        steps);
  }

  @Test
  void aFailedStepShowsItsErrorTypeAndMessage() {
    JournalEntry failed =
        JournalEntry.of(RUN, 1, "load", "activity", "failed", 3, 0, T0, T0.plusSeconds(2))
            .withError("{\"type\":\"java.io.IOException\",\"message\":\"disk full\"}");

    List<WorkflowStep> steps =
        StepHistory.of(
            new StepHistory.Rows(0, List.of(failed), List.of(), List.of()), new JsonCodec());

    assertEquals("java.io.IOException: disk full", steps.get(0).error());
    assertEquals("failed", steps.get(0).status());
    assertEquals(3, steps.get(0).attempts());
  }

  private static EventRecord attemptFailed(
      long id, int step, int runAttempt, String error, Instant at) {
    String data =
        "{\"activity\":\"load\",\"attempt\":1,\"error\":\""
            + error
            + "\",\"run_attempt\":"
            + runAttempt
            + "}";
    return new EventRecord(id, RUN, RunLifecycle.ATTEMPT_FAILED, step, data, at);
  }
}
