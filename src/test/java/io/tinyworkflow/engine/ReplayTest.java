package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.failure.ActivityFailedException;
import io.tinyworkflow.api.failure.NonDeterminismException;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.StepJournal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replay without a server: an execution answers recorded steps from an in-memory journal, records
 * new ones in it, and names the step and both calls when the replay does not make the calls the
 * journal holds.
 */
class ReplayTest {

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private static final String RUN = "run-1";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final InMemoryJournal appended = new InMemoryJournal();
  private final Map<Integer, JournalEntry> journal = new HashMap<>();
  private final RunFrames frames = new RunFrames();

  @Test
  void recordedStepsAreAnsweredFromTheJournalAndNewOnesAreRecorded() {
    recorded(1, "side_effect", "order_id", JournalEntry.COMPLETED, "\"A-17\"", null, 0);
    recorded(2, "side_effect", "amount", JournalEntry.COMPLETED, "2500", null, 0);
    Execution execution = execution(0);

    String order = execution.sideEffect("order_id", String.class, () -> fail("replayed"));
    Integer amount = execution.sideEffect("amount", Integer.class, () -> fail("replayed"));
    String receipt = execution.sideEffect("receipt", String.class, () -> "R-" + order + amount);

    assertEquals("A-17", order);
    assertEquals(2500, amount);
    assertEquals("R-A-172500", receipt);
    assertEquals(
        List.of(
            new JournalEntry(
                RUN,
                3,
                "receipt",
                "side_effect",
                JournalEntry.COMPLETED,
                "\"R-A-172500\"",
                null,
                1,
                0,
                NOW,
                NOW,
                null)),
        appended.rows);
    execution.checkAllStepsReached();
  }

  @Test
  void aReplayThatCallsSomethingElseAtARecordedStepNamesTheStepAndBothCalls() {
    recorded(1, "side_effect", "order_id", JournalEntry.COMPLETED, "\"A-17\"", null, 0);
    Execution execution = execution(0);

    NonDeterminismException e =
        assertThrows(
            NonDeterminismException.class,
            () -> execution.sideEffect("customer_id", String.class, () -> "C-1"));

    assertEquals(
        "Non-deterministic workflow: step 1 was recorded as side effect 'order_id'"
            + " but the replay called side effect 'customer_id'",
        e.getMessage());
    assertEquals(List.of(), appended.rows, "nothing is recorded after a mismatch");
  }

  @Test
  void aReplayThatEndsBeforeARecordedStepIsNotTheRunThatRecordedIt() {
    recorded(1, "side_effect", "order_id", JournalEntry.COMPLETED, "\"A-17\"", null, 0);
    recorded(2, "activity", "charge_card", JournalEntry.COMPLETED, "true", null, 0);
    Execution execution = execution(0);
    execution.sideEffect("order_id", String.class, () -> fail("replayed"));

    NonDeterminismException e =
        assertThrows(NonDeterminismException.class, execution::checkAllStepsReached);

    assertEquals(
        "Non-deterministic workflow: step 2 was recorded as activity 'charge_card'"
            + " but the replay ended after step 1",
        e.getMessage());
  }

  @Test
  void aFailureOfThisRunAttemptReplaysAsTheSameFailure() {
    String error = "{\"type\":\"java.io.IOException\",\"message\":\"gateway down\"}";
    recorded(1, "side_effect", "quote", JournalEntry.FAILED, null, error, 2);
    Execution execution = execution(2);

    ActivityFailedException e =
        assertThrows(
            ActivityFailedException.class,
            () -> execution.sideEffect("quote", String.class, () -> fail("replayed")));

    assertEquals("java.io.IOException", e.errorType());
    assertEquals(List.of(), appended.rows);
  }

  @Test
  void aFailureOfAnEarlierRunAttemptIsTriedAgainInARowOfItsOwn() {
    String error = "{\"type\":\"java.io.IOException\",\"message\":\"gateway down\"}";
    recorded(1, "side_effect", "quote", JournalEntry.FAILED, null, error, 0);
    Execution execution = execution(1);

    String quote = execution.sideEffect("quote", String.class, () -> "Q-9");

    assertEquals("Q-9", quote);
    assertEquals(1, appended.rows.size());
    JournalEntry retried = appended.rows.get(0);
    assertEquals(1, retried.stepNumber());
    assertEquals(1, retried.runAttempt(), "the new outcome is a row of run attempt 1");
    assertEquals(JournalEntry.COMPLETED, retried.status());
  }

  @Test
  void aNewRunTakesTheNewestVersionAndRecordsItOutsideTheStepNumbers() {
    Execution execution = execution(0);
    frames.enter(execution, -1);
    try {
      assertEquals(2, execution.getVersion("fraud_check", WorkflowContext.DEFAULT_VERSION, 2));
      assertEquals(2, execution.getVersion("fraud_check", WorkflowContext.DEFAULT_VERSION, 2));
      String next = execution.sideEffect("order_id", String.class, () -> "A-1");
      assertEquals("A-1", next);
    } finally {
      frames.exit();
    }
    assertEquals(2, appended.rows.size(), "one marker, one step: " + appended.rows);
    JournalEntry marker = appended.rows.get(0);
    assertEquals(-1, marker.stepNumber());
    assertEquals("version", marker.stepKind());
    assertEquals("fraud_check", marker.stepName());
    assertEquals("2", marker.output());
    assertEquals(1, appended.rows.get(1).stepNumber(), "the marker took no step number");
  }

  @Test
  void aRunThatPassedTheChangeBeforeTheCodeHadItKeepsTheOldBranch() {
    recorded(1, "activity", "charge_card", JournalEntry.COMPLETED, "true", null, 0);
    Execution execution = execution(0);
    frames.enter(execution, -1);
    try {
      // the change is at step 1's place: the run recorded step 1 under the old code
      assertEquals(
          WorkflowContext.DEFAULT_VERSION,
          execution.getVersion("fraud_check", WorkflowContext.DEFAULT_VERSION, 1));
    } finally {
      frames.exit();
    }
    assertEquals("-1", appended.rows.get(0).output(), "the old branch is recorded too");
  }

  @Test
  void aRecordedVersionOutsideTheSupportedOnesFailsNamingTheChangeAndBothVersions() {
    journal.put(
        -1,
        JournalEntry.of(RUN, -1, "fraud_check", "version", JournalEntry.COMPLETED, 1, 0, NOW, NOW)
            .withOutput("1"));
    Execution execution = execution(0);
    frames.enter(execution, -1);
    try {
      NonDeterminismException e =
          assertThrows(
              NonDeterminismException.class, () -> execution.getVersion("fraud_check", 2, 3));
      assertEquals(
          "The run took version 1 of the change 'fraud_check', but this code supports versions 2"
              + " to 3",
          e.getMessage());
    } finally {
      frames.exit();
    }
    assertEquals(List.of(), appended.rows);
  }

  private void recorded(
      int n, String kind, String name, String status, String output, String error, int attempt) {
    journal.put(
        n,
        JournalEntry.of(RUN, n, name, kind, status, 1, attempt, NOW, NOW)
            .withOutput(output)
            .withError(error));
  }

  private Execution execution(int runAttempt) {
    EngineSettings settings = new EngineSettings();
    settings.leaseSeconds = 30;
    ExecutionServices services =
        new ExecutionServices(
            null,
            null,
            null,
            null,
            appended,
            new JsonCodec(),
            clock,
            null,
            frames,
            null,
            null,
            settings,
            null,
            null,
            null,
            metrics(),
            RunTracing.OFF);
    RunSnapshot snapshot =
        new RunSnapshot(
            RUN,
            "checkout",
            "{}",
            runAttempt,
            null,
            journal,
            Map.of(),
            Map.of(),
            Map.of(),
            null,
            "alice",
            null,
            false,
            false,
            NOW,
            null);
    return new Execution(snapshot, services);
  }

  /** Metrics without a registry: what they count goes nowhere, as on a server without them. */
  private EngineMetrics metrics() {
    EngineMetrics metrics = new EngineMetrics();
    metrics.clock = clock;
    return metrics;
  }

  /** The journal's fenced append, kept in memory: the run is always this server's. */
  static final class InMemoryJournal extends StepJournal {
    final List<JournalEntry> rows = new ArrayList<>();

    @Override
    public boolean appendFenced(JournalEntry entry, String owner) {
      rows.add(entry);
      return true;
    }
  }
}
