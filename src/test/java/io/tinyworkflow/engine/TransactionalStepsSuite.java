package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.Runs;
import io.tinyworkflow.testing.TransactionalWorkflows;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactional steps in the server against each database: an activity's writes to the engine's
 * data source commit with the step's record or not at all, so an attempt that fails after its write
 * leaves nothing behind and the step's writes happen once. A crash between the write and the record
 * is {@link CrashRecoverySuite}'s.
 */
public abstract class TransactionalStepsSuite {

  @Inject WorkflowClient client;
  @Inject TransactionalWorkflows.Ledger ledger;
  @Inject Counters counters;

  @BeforeEach
  void ledgerTable() throws Exception {
    ledger.createTable();
  }

  @Test
  void anAttemptThatFailsAfterItsWriteIsRolledBackAndTheStepWritesOnce() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = book(key, "ledger_book", 2);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("booked", run.output());
    assertEquals(3, counters.get(key + ":ledger_book"), "two failed attempts, then one that ended");
    assertEquals(1, ledger.rows(key), "the failed attempts' inserts were rolled back");
    WorkflowStep step = client.getWorkflowSteps(run.runId()).get(0);
    assertEquals(
        List.of("ledger_book", "completed", 3),
        List.of(step.name(), step.status(), step.attempts()));
  }

  @Test
  void aTransactionalAnnotationMakesTheStepTransactional() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = book(key, "ledger_book_joined", 1);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(2, counters.get(key + ":ledger_book_joined"));
    assertEquals(1, ledger.rows(key), "the failed attempt's insert was rolled back");
  }

  @Test
  void withoutATransactionEachAttemptsWriteStays() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = book(key, "ledger_book_plain", 1);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(2, ledger.rows(key), "a plain step's retry writes again: at least once");
  }

  @Test
  void anAttemptThatOutlivesItsTimeoutCommitsNothing() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = book(key, "ledger_book_slow", 0);
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("timed out"), run.error());
    // The attempt goes on after its timeout, deaf to the interrupt; when it returns, its
    // transaction rolls back instead of committing.
    long until = System.currentTimeMillis() + 10_000;
    while (counters.get(key + ":ledger_book_slow:returned") == 0
        && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    assertEquals(1, counters.get(key + ":ledger_book_slow:returned"), "the attempt returned");
    Thread.sleep(500); // what it would have committed would be there by now
    assertEquals(0, ledger.rows(key), "the timed-out attempt's insert was rolled back");
    assertEquals(
        List.of("failed"),
        client.getWorkflowSteps(run.runId()).stream().map(WorkflowStep::status).toList());
  }

  private WorkflowExecution book(String key, String activity, int failures) throws Exception {
    String runId =
        client.startWorkflow(
            "ledger", Map.of("key", key, "activity", activity, "failures", failures));
    return Runs.awaitEnd(client, runId);
  }
}
