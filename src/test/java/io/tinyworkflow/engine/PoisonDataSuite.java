package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.StartOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.PoisonWorkflows;
import io.tinyworkflow.testing.Runs;
import io.tinyworkflow.testing.TestStore;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Data a database may refuse (DESIGN.md 4, issue "poison data never loops"), in the server against
 * each database: every run ends, with its data or a clear error, and nothing runs again and again.
 */
public abstract class PoisonDataSuite {

  @Inject WorkflowClient client;
  @Inject Counters counters;
  @Inject TestStore store;

  @Test
  void nulAndEmojiInAResultComeBackAsTheyWere() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = poison("odd_text", key);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(PoisonWorkflows.ODD_TEXT, run.output());
    assertEquals(1, counters.get(key + ":odd_text"));
  }

  @Test
  void anErrorWithNulAndTwentyThousandCharactersIsStoredCleanedAndCut() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = poison("long_error", key);
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertFalse(run.error().contains("\u0000"), "a NUL was stored");
    assertTrue(run.error().contains("NUL\uFFFDhere"), run.error().substring(0, 200));
    assertTrue(run.error().contains("more characters"), run.error().substring(0, 200));
    assertTrue(run.error().length() < 10_000, "error of " + run.error().length() + " characters");
    assertEquals(1, counters.get(key + ":long_error"));
  }

  @Test
  void aBodyErrorWithNulIsStoredCleaned() throws Exception {
    WorkflowExecution run = poison("body_error", Runs.key());
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("body\uFFFDfails"), run.error().substring(0, 200));
  }

  @Test
  void anApprovalKeyLongerThanItsColumnFailsTheRunNamingIt() throws Exception {
    WorkflowExecution run = poison("long_key", Runs.key());
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("approval key is 300 characters long"), run.error());
  }

  @Test
  void aSignalNameWithNulFailsTheRunNamingIt() throws Exception {
    WorkflowExecution run = poison("nul_key", Runs.key());
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("control character (U+0000)"), run.error());
  }

  @Test
  void aTwentyMegabyteResultIsStoredOrFailsItsStepOnce() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = poison("huge_result", key);
    store.deleteRun(run.runId()); // the suites after this one list runs
    if (run.status() == WorkflowStatus.COMPLETED) {
      assertEquals(PoisonWorkflows.HUGE, ((Number) run.output()).intValue());
    } else {
      assertEquals(WorkflowStatus.FAILED, run.status());
      assertTrue(run.error().contains("cannot be stored"), run.error());
    }
    assertEquals(1, counters.get(key + ":huge_text"), "the activity ran again");
  }

  @Test
  void aTwentyMegabyteOutputIsStoredOrFailsTheRun() throws Exception {
    WorkflowExecution run = poison("huge_output", Runs.key());
    store.deleteRun(run.runId()); // the suites after this one list runs
    if (run.status() == WorkflowStatus.COMPLETED) {
      assertEquals(PoisonWorkflows.HUGE, ((String) run.output()).length());
    } else {
      assertEquals(WorkflowStatus.FAILED, run.status());
      assertTrue(run.error().contains("output cannot be stored"), run.error());
    }
  }

  @Test
  void namesLongerThanTheirColumnsAreRefusedWhenGiven() {
    String tooLong = "w".repeat(256);
    InvalidInputException group =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidInputException.class, () -> client.startWorkflow("echo", Map.of(), tooLong));
    assertTrue(group.getMessage().contains("workflow id is 256 characters"), group.getMessage());
    InvalidInputException key =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidInputException.class,
            () ->
                client.startWorkflow(
                    "echo", Map.of(), StartOptions.DEFAULTS.withIdempotencyKey("k\u0000")));
    assertTrue(key.getMessage().contains("idempotency key holds a control"), key.getMessage());
  }

  private WorkflowExecution poison(String mode, String key) throws InterruptedException {
    String runId = client.startWorkflow("poison", Map.of("key", key, "mode", mode));
    return Runs.awaitEnd(client, runId);
  }
}
