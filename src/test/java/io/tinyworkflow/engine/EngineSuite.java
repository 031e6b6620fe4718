package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.StartOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.StepJournal;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.LocalExecutions;
import io.tinyworkflow.testing.Observations;
import io.tinyworkflow.testing.Runs;
import io.tinyworkflow.testing.TestStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The engine's promises (DESIGN.md section 4), run in the server against each database. Counters
 * kept outside the engine tell what really executed.
 */
public abstract class EngineSuite {

  @Inject WorkflowClient client;
  @Inject Counters counters;
  @Inject Dispatcher dispatcher;
  @Inject TestStore store;
  @Inject StepJournal journal;
  @Inject Observations observations;
  @Inject Retention retention;
  @Inject io.tinyworkflow.persistence.RunTotals totals;
  @Inject RunPurge purge;

  @Test
  void retriedRunExecutesOnlyTheStepThatFailed() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("third_step_fails_once", Map.of("key", key));
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("three-done", run.output());
    assertEquals(1, counters.get(key + ":one"));
    assertEquals(1, counters.get(key + ":two"));
    assertEquals(2, counters.get(key + ":three"));
    assertEquals(1, run.retryCount());
  }

  @Test
  void retriedRunDoesNotRepeatCompletedSteps() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("throws_after_two_steps", Map.of("key", key));
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(Map.of("one", "one-done", "two", "two-done"), run.output());
    assertEquals(1, counters.get(key + ":one"));
    assertEquals(1, counters.get(key + ":two"));
    assertEquals(2, counters.get(key + ":body-after-two"));
  }

  @Test
  void activityRetriesAreCountedAgainInARetriedRun() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("retried_activity_in_retried_run", Map.of("key", key));
    assertEquals(WorkflowStatus.FAILED, run.status());
    // 1 failure in run attempt 1, then 1 + 2 retries in run attempt 2
    assertEquals(4, counters.get(key + ":fatal_then_flaky"));
    assertEquals(1, run.retryCount());
    List<WorkflowStep> steps = client.getWorkflowSteps(run.runId());
    assertEquals(1, steps.size(), steps.toString());
    assertEquals("failed", steps.get(0).status());
    assertEquals(3, steps.get(0).attempts(), "the attempts of the last run attempt");
  }

  @Test
  void aStepFailedInAnEarlierRunAttemptShowsItsRetryInTheCurrentOne() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("retrying_again_in_retried_run", Map.of("key", key));
    List<WorkflowStep> steps = List.of();
    for (int i = 0; i < 250; i++) {
      steps = client.getWorkflowSteps(runId);
      if (!steps.isEmpty() && steps.get(0).status().equals("retrying")) {
        break;
      }
      Thread.sleep(20);
    }
    assertEquals(1, steps.size(), steps.toString());
    WorkflowStep step = steps.get(0);
    assertEquals("retrying", step.status(), steps.toString());
    assertEquals("fatal_then_slow_retry", step.name());
    assertEquals(1, step.attempts(), "only the second run attempt's failure counts");
    assertTrue(step.error().contains("fails, retryably"), step.error());
    assertEquals(WorkflowStatus.RETRYING, client.getWorkflowStatus(runId).status());
    client.cancelWorkflow(runId);
  }

  @Test
  void failedActivityAttemptsAreRetriedAndEachIsAnEvent() {
    String key = Runs.key();
    WorkflowExecution run =
        runToEnd("call_activity", Map.of("activity", "flaky", "args", List.of(key, 2)));
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(Map.of("attempt", 3), numbersAsInts(run.output()));
    assertEquals(3, counters.get(key + ":flaky"));
    List<WorkflowEvent> events = client.getWorkflowEvents(run.runId(), 100);
    assertEquals(2, Runs.count(events, "activity_attempt_failed"));
    assertEquals(1, Runs.count(events, "activity_completed"));
  }

  @Test
  void activityFailsTheRunAfterItsRetries() {
    String key = Runs.key();
    WorkflowExecution run =
        runToEnd("call_activity", Map.of("activity", "always_fails", "args", List.of(key)));
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("always_fails"), run.error());
    assertEquals(3, counters.get(key + ":always_fails"));
  }

  @Test
  void nonRetryableFailureFailsAtOnce() {
    String key = Runs.key();
    WorkflowExecution run =
        runToEnd("call_activity", Map.of("activity", "fatal", "args", List.of(key)));
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("IllegalArgumentException"), run.error());
    assertEquals(1, counters.get(key + ":fatal"));
  }

  @Test
  void activityTimeoutFailsTheAttempt() {
    String key = Runs.key();
    Instant start = Instant.now();
    WorkflowExecution run =
        runToEnd("call_activity", Map.of("activity", "slow", "args", List.of(key, 10_000)));
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("timed out"), run.error());
    assertTrue(Duration.between(start, Instant.now()).toSeconds() < 8, "the attempt was not cut");
  }

  @Test
  void runPastItsDeadlineFails() throws Exception {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("times_out", Map.of("key", key));
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("deadline"), run.error());
    assertEquals(1, Runs.count(client.getWorkflowEvents(run.runId(), 100), "workflow_timed_out"));
    LocalExecutions.awaitEnd(dispatcher, run.runId()); // a leaked execution would run step two
    assertEquals(0, counters.get(key + ":two"));
  }

  @Test
  void replayWithAnotherActivityFailsNamingTheStep() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("changes_its_steps", Map.of("key", key));
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("step 2"), run.error());
    assertTrue(run.error().contains("'step'"), run.error());
    assertTrue(run.error().contains("'flaky'"), run.error());
    assertEquals(0, counters.get(key + ":flaky"));
  }

  @Test
  void parallelBranchesReturnInArgumentOrder() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("fan_out", Map.of("key", key));
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(List.of("a", "b", "c"), run.output());
    List<WorkflowEvent> completed =
        client.getWorkflowEvents(run.runId(), 100).stream()
            .filter(e -> e.eventType().equals("activity_completed"))
            .toList();
    // The first branch, the slowest, finished last, yet is step 1: numbered at submission.
    assertEquals(1, completed.get(2).stepNumber());
    List<JournalEntry> recorded = journal.outcomes(run.runId());
    for (int step = 1; step <= 3; step++) {
      assertEquals(step, recorded.get(step - 1).stepNumber());
      assertEquals("\"" + "abc".charAt(step - 1) + "\"", recorded.get(step - 1).output());
    }
  }

  @Test
  void failedBranchIsRaisedAfterTheOthersSettle() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("fan_out", Map.of("key", key, "fail", true));
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("fatal"), run.error());
    assertEquals(1, counters.get(key + ":b"));
    assertEquals(1, counters.get(key + ":c"));
  }

  @Test
  void parallelBranchesKeepTheirOwnAttemptsAndBackoffs() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("parallel_retries", Map.of("key", key));
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(List.of("fast", "slow"), run.output());
    assertEquals(3, counters.get(key + ":fails_twice_fast"));
    assertEquals(2, counters.get(key + ":fails_once_slow"));
    List<WorkflowEvent> failed =
        client.getWorkflowEvents(run.runId(), 100).stream()
            .filter(e -> e.eventType().equals("activity_attempt_failed"))
            .toList();
    assertEquals(2, failed.stream().filter(e -> e.stepNumber() == 1).count(), failed.toString());
    assertEquals(1, failed.stream().filter(e -> e.stepNumber() == 2).count(), failed.toString());
    List<String> calls = observations.get(key + ":slow_calls");
    long gap = Long.parseLong(calls.get(1)) - Long.parseLong(calls.get(0));
    assertTrue(gap >= 1400, "the slow branch retried after " + gap + " ms, not its own 1.5 s");
  }

  @Test
  void sideEffectsAreRecordedOnce() {
    String key = Runs.key();
    WorkflowExecution run = runToEnd("side_effects", Map.of("key", key));
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals(1, ((Number) output.get("lucky")).intValue());
    assertEquals(1, counters.get(key + ":lucky"));
    assertNotNull(UUID.fromString((String) output.get("uuid")));
    assertEquals(2, counters.get(key + ":attempt"));
    List<String> seen = observations.get(key + ":seen");
    assertEquals(2, seen.size(), seen.toString());
    assertEquals(seen.get(0), seen.get(1), "the retry saw other time, randomness or values");
  }

  @Test
  void repeatedIdempotencyKeyReturnsTheFirstRun() {
    String idempotencyKey = Runs.key();
    String first =
        client.startWorkflow(
            "echo",
            Map.of("n", 1),
            StartOptions.DEFAULTS.withIdempotencyKey(idempotencyKey).waitingForEnd());
    String second =
        client.startWorkflow(
            "echo",
            Map.of("n", 2),
            StartOptions.DEFAULTS.withIdempotencyKey(idempotencyKey).waitingForEnd());
    assertEquals(first, second);
    assertEquals(Map.of("n", 1), numbersAsInts(client.getWorkflowStatus(first).output()));
  }

  @Test
  void aStartThatWaitsWithoutABoundExecutesTheRunInTheCallersThread() {
    String thread = Thread.currentThread().getName();
    String key = Runs.key();
    String runId = client.startWorkflow("notes_its_thread", Map.of("key", key), true);
    assertEquals(WorkflowStatus.COMPLETED, client.getWorkflowStatus(runId).status());
    assertEquals(List.of(thread), observations.get(key));
    String keyed = Runs.key();
    String first =
        client.startWorkflow(
            "notes_its_thread",
            Map.of("key", keyed),
            StartOptions.DEFAULTS.withIdempotencyKey(keyed).waitingForEnd());
    assertEquals(List.of(thread), observations.get(keyed));
    assertEquals(
        first,
        client.startWorkflow(
            "notes_its_thread",
            Map.of("key", keyed),
            StartOptions.DEFAULTS.withIdempotencyKey(keyed).waitingForEnd()));
    assertEquals(List.of(thread), observations.get(keyed), "the second start ran it again");
  }

  @Test
  void aBoundedWaitReturnsWhenItsBoundPassesAndTheRunGoesOn() throws Exception {
    String key = Runs.key();
    String runId =
        client.startWorkflow(
            "slow_steps",
            Map.of("key", key, "millis", 500),
            StartOptions.DEFAULTS.waitingUpTo(Duration.ofMillis(200)));
    assertFalse(client.getWorkflowStatus(runId).status().isTerminal());
    assertEquals(WorkflowStatus.COMPLETED, Runs.awaitEnd(client, runId).status());
    String quick =
        client.startWorkflow(
            "echo", Map.of("n", 1), StartOptions.DEFAULTS.waitingUpTo(Duration.ofMinutes(1)));
    assertEquals(WorkflowStatus.COMPLETED, client.getWorkflowStatus(quick).status());
  }

  @Test
  void contradictoryStartOptionsAreRefusedWithWhatContradicts() {
    InvalidInputException later =
        assertThrows(
            InvalidInputException.class,
            () ->
                client.startWorkflow(
                    "echo",
                    Map.of(),
                    StartOptions.DEFAULTS.delayedBy(Duration.ofMinutes(1)).waitingForEnd()));
    assertTrue(later.getMessage().contains("starts later"), later.getMessage());
    InvalidInputException bound =
        assertThrows(
            InvalidInputException.class,
            () -> new StartOptions(null, null, null, null, false, Duration.ofSeconds(1), 0));
    assertTrue(bound.getMessage().contains("needs waitForEnd"), bound.getMessage());
  }

  @Test
  void statusCarriesTheGuidesFields() {
    String group = Runs.key();
    String runId =
        client.startWorkflow(
            "echo", Map.of("a", "b"), StartOptions.DEFAULTS.withWorkflowId(group).waitingForEnd());
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(runId, run.runId());
    assertEquals(group, run.workflowId());
    assertEquals("echo", run.workflowName());
    assertEquals("2", run.workflowVersion());
    assertEquals(Map.of("a", "b"), run.input());
    assertEquals(Map.of("a", "b"), run.output());
    assertEquals(0, run.retryCount());
    assertNotNull(run.createdAt());
    assertNotNull(run.startedAt());
    assertNotNull(run.completedAt());
    assertEquals(
        List.of("workflow_started", "workflow_completed"),
        client.getWorkflowEvents(runId, 100).stream().map(WorkflowEvent::eventType).toList());
  }

  @Test
  void listsRunsNewestFirstWithFilters() {
    String key = Runs.key();
    String a = client.startWorkflow("listed", Map.of("k", key), true);
    client.startWorkflow("echo", Map.of("k", key), true); // another workflow's
    String b = client.startWorkflow("listed", Map.of("k", key), true);
    List<WorkflowExecution> page =
        client.listWorkflowExecutions(WorkflowStatus.COMPLETED, "listed", 2, 0);
    assertEquals(List.of(b, a), page.stream().map(WorkflowExecution::runId).toList());
    List<WorkflowExecution> next =
        client.listWorkflowExecutions(WorkflowStatus.COMPLETED, "listed", 1, 1);
    assertEquals(a, next.get(0).runId());
  }

  @Test
  void cancelStopsARunAtItsNextStep() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("slow_steps", Map.of("key", key, "millis", 800));
    awaitCount(key + ":one", 1);
    client.cancelWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.CANCELLED, run.status());
    LocalExecutions.awaitEnd(dispatcher, runId); // what a leaked execution would still run
    assertEquals(0, counters.get(key + ":two"), "the step in flight at the cancel finished");
    assertEquals(0, counters.get(key + ":three"));
    assertEquals(WorkflowStatus.CANCELLED, client.getWorkflowStatus(runId).status());
  }

  @Test
  void refusesBadRequestsWithTypedErrors() {
    assertThrows(UnknownWorkflowException.class, () -> client.startWorkflow("no_such", Map.of()));
    assertThrows(RunNotFoundException.class, () -> client.getWorkflowStatus("no-such-run"));
    String done = client.startWorkflow("echo", Map.of(), true);
    IllegalRunStateException e =
        assertThrows(IllegalRunStateException.class, () -> client.cancelWorkflow(done));
    assertTrue(e.getMessage().contains("completed"), e.getMessage());
  }

  private WorkflowExecution runToEnd(String workflow, Map<String, ?> input) {
    String runId = client.startWorkflow(workflow, input, true);
    return client.getWorkflowStatus(runId);
  }

  private void awaitCount(String key, int count) throws InterruptedException {
    for (int i = 0; i < 300 && counters.get(key) < count; i++) {
      Thread.sleep(20);
    }
    assertNotEquals(0, counters.get(key), key + " never ran");
  }

  private static Object numbersAsInts(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, v instanceof Number n ? n.intValue() : v));
      return copy;
    }
    return value;
  }

  @Test
  void searchAttributesListRunsAndReplaysDoNotWriteThemAgain() throws Exception {
    String key = Runs.key();
    String other = Runs.key();
    String runId = client.startWorkflow("attributed", Map.of("key", key));
    String otherRun = client.startWorkflow("attributed", Map.of("key", other));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    Runs.awaitStatus(client, otherRun, WorkflowStatus.PAUSED);
    assertEquals(
        Map.of("customer", key, "priority", "2", "vip", "true"),
        client.getWorkflowAttributes(runId));
    long customerSet = attributeUpdatedAt(runId, "customer");

    client.approveWorkflow(runId);
    assertEquals(WorkflowStatus.COMPLETED, Runs.awaitEnd(client, runId).status());
    assertEquals(
        Map.of(
            "approved_at", "2026-12-03T10:00:00Z",
            "customer", key,
            "priority", "1",
            "stage", "approved",
            "vip", "true"),
        client.getWorkflowAttributes(runId));
    assertEquals(
        customerSet,
        attributeUpdatedAt(runId, "customer"),
        "the replay after the approval set the same customer: not written again");

    RunFilter byCustomer = RunFilter.ALL.withAttribute("customer", key);
    assertEquals(List.of(runId), ids(client.findWorkflowExecutions(byCustomer, 10, 0)));
    assertEquals(1, client.countWorkflowExecutions(byCustomer));
    assertEquals(
        List.of(runId),
        ids(client.findWorkflowExecutions(byCustomer.withAttribute("stage", "approved"), 10, 0)));
    assertEquals(
        List.of(),
        ids(client.findWorkflowExecutions(byCustomer.withAttribute("priority", "2"), 10, 0)));
    assertEquals(
        List.of(otherRun),
        ids(
            client.findWorkflowExecutions(
                RunFilter.ALL
                    .withAttribute("customer", other)
                    .withStatuses(java.util.Set.of(WorkflowStatus.PAUSED)),
                10,
                0)));
    assertEquals(
        Map.of(), client.getWorkflowAttributes(client.startWorkflow("echo", Map.of(), true)));
    InvalidInputException bad =
        assertThrows(
            InvalidInputException.class,
            () ->
                client.findWorkflowExecutions(
                    RunFilter.ALL.withAttribute("customer", "a\0b"), 10, 0));
    assertTrue(bad.getMessage().contains("control character"), bad.getMessage());
    assertThrows(RunNotFoundException.class, () -> client.getWorkflowAttributes("no-such-run"));
    client.cancelWorkflow(otherRun);
  }

  @Test
  void anAttributeOfAnotherTypeFailsTheRunNamingIt() throws Exception {
    String runId = client.startWorkflow("attributed", Map.of("key", Runs.key(), "bad", true), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(
        run.error().contains("The value of search attribute 'when' is a java.lang.Object"),
        run.error());
  }

  @Test
  void endedRunsPastTheirAgeArePurgedWithTheirHistoryAndNothingElse() throws Exception {
    String key = Runs.key();
    String old = client.startWorkflow("echo", Map.of("key", key), true);
    String oldFailed =
        client.startWorkflow("observed_run", Map.of("key", key, "then", "fail"), true);
    Runs.awaitEnd(client, oldFailed);
    String recent = client.startWorkflow("echo", Map.of("key", key + "-r"), true);
    String paused = client.startWorkflow("attributed", Map.of("key", key));
    Runs.awaitStatus(client, paused, WorkflowStatus.PAUSED);
    String child = client.startWorkflow("echo", Map.of("key", key + "-c"), true);
    long longAgo = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
    store.inTransaction(
        em -> {
          em.createNativeQuery(
                  "UPDATE workflow_runs SET completed_at = ?1 WHERE run_id IN (?2, ?3, ?4)")
              .setParameter(1, longAgo)
              .setParameter(2, old)
              .setParameter(3, oldFailed)
              .setParameter(4, child)
              .executeUpdate();
          // a child whose parent still waits is kept: the parent may read its outcome
          em.createNativeQuery("UPDATE workflow_runs SET parent_run_id = ?1 WHERE run_id = ?2")
              .setParameter(1, paused)
              .setParameter(2, child)
              .executeUpdate();
          em.createNativeQuery(
                  "INSERT INTO workflow_attributes (run_id, attr_key, attr_value, updated_at)"
                      + " VALUES (?1, 'customer', ?2, ?3)")
              .setParameter(1, old)
              .setParameter(2, key + "-old") // the paused run sets customer=key itself
              .setParameter(3, longAgo)
              .executeUpdate();
          return null;
        });
    assertTrue(rowsOf(oldFailed, "workflow_steps") > 0, "the failed run has a journal");
    assertTrue(rowsOf(oldFailed, "workflow_events") > 0, "the failed run has events");

    InvalidInputException tooSoon =
        assertThrows(
            InvalidInputException.class, () -> client.purgeWorkflows(Duration.ofSeconds(10), null));
    assertTrue(tooSoon.getMessage().contains("at least a minute"), tooSoon.getMessage());
    assertEquals(
        0, client.purgeWorkflows(Duration.ofDays(30), "no_such_workflow"), "another workflow's");
    int purged = client.purgeWorkflows(Duration.ofDays(30), null);
    assertTrue(purged >= 2, "purged " + purged);
    for (String gone : List.of(old, oldFailed)) {
      assertThrows(RunNotFoundException.class, () -> client.getWorkflowStatus(gone));
      for (String table :
          List.of("workflow_steps", "workflow_events", "workflow_waits", "workflow_attributes")) {
        assertEquals(0, rowsOf(gone, table), table + " rows of purged run " + gone);
      }
    }
    assertEquals(
        0, client.countWorkflowExecutions(RunFilter.ALL.withAttribute("customer", key + "-old")));
    assertEquals(WorkflowStatus.COMPLETED, client.getWorkflowStatus(recent).status());
    assertEquals(WorkflowStatus.PAUSED, client.getWorkflowStatus(paused).status());
    assertEquals(WorkflowStatus.COMPLETED, client.getWorkflowStatus(child).status(), "the child");

    // Once its parent ended, the server's own pass purges the child (30 days by default).
    client.cancelWorkflow(paused);
    retention.pass();
    assertThrows(RunNotFoundException.class, () -> client.getWorkflowStatus(child));
    assertEquals(WorkflowStatus.COMPLETED, client.getWorkflowStatus(recent).status());
  }

  private long rowsOf(String runId, String table) {
    return store.inTransaction(
        em ->
            ((Number)
                    em.createNativeQuery("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?1")
                        .setParameter(1, runId)
                        .getSingleResult())
                .longValue());
  }

  private long attributeUpdatedAt(String runId, String key) {
    return store.inTransaction(
        em ->
            ((Number)
                    em.createNativeQuery(
                            "SELECT updated_at FROM workflow_attributes WHERE run_id = ?1"
                                + " AND attr_key = ?2")
                        .setParameter(1, runId)
                        .setParameter(2, key)
                        .getSingleResult())
                .longValue());
  }

  /**
   * A list follows a run without an offset (as fast deep in a million runs as on the first page),
   * in both directions, ties of the creation time included; and a list's total is counted up to a
   * bound.
   */
  @Test
  void pagesFollowARunAndTotalsAreCountedUpToABound() {
    String group = "pages-" + java.util.UUID.randomUUID();
    for (int i = 0; i < 7; i++) {
      client.startWorkflow("echo", Map.of("n", i), StartOptions.DEFAULTS.withWorkflowId(group));
    }
    RunFilter ofGroup = RunFilter.ALL.withId(group);
    List<String> all = ids(client.findWorkflowExecutions(ofGroup, 10, 0));
    assertEquals(7, all.size());
    List<String> walked =
        new java.util.ArrayList<>(ids(client.findWorkflowExecutions(ofGroup, 3, 0)));
    List<Integer> sizes = new java.util.ArrayList<>(List.of(walked.size()));
    while (sizes.get(sizes.size() - 1) == 3) {
      List<String> page =
          ids(client.findWorkflowExecutionsAfter(ofGroup, walked.get(walked.size() - 1), 3));
      sizes.add(page.size());
      walked.addAll(page);
    }
    assertEquals(all, walked, "newest first, each run once");
    assertEquals(List.of(3, 3, 1), sizes);
    RunFilter oldestFirst = ofGroup.sortedBy(RunFilter.Sort.CREATED_AT, false);
    List<String> reversed = new java.util.ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    assertEquals(
        reversed.subList(3, 7),
        ids(client.findWorkflowExecutionsAfter(oldestFirst, reversed.get(2), 10)));

    assertEquals(6, client.countWorkflowExecutions(ofGroup, 5), "more than 5: 5 + 1");
    assertEquals(7, client.countWorkflowExecutions(ofGroup, 7));
    assertEquals(7, client.countWorkflowExecutions(ofGroup, 10_000));

    InvalidInputException sorted =
        assertThrows(
            InvalidInputException.class,
            () ->
                client.findWorkflowExecutionsAfter(
                    ofGroup.sortedBy(RunFilter.Sort.WORKFLOW_NAME, false), all.get(0), 3));
    assertTrue(sorted.getMessage().contains("sorted by workflow_name"), sorted.getMessage());
    InvalidInputException gone =
        assertThrows(
            InvalidInputException.class,
            () -> client.findWorkflowExecutionsAfter(ofGroup, "no-such-run", 3));
    assertTrue(gone.getMessage().contains("no-such-run"), gone.getMessage());
    assertThrows(InvalidInputException.class, () -> client.countWorkflowExecutions(ofGroup, 0));
  }

  /**
   * What the pages read, read through the client on this database: every sort of the executions
   * list in both directions, and the dashboard's runs per minute. The browser suites run on one
   * database; the SQL behind them runs on each here.
   */
  @Test
  void everySortOfTheListAndTheRunsPerMinuteWork() {
    String group = "sorts-" + java.util.UUID.randomUUID();
    List<String> started = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(
          client.startWorkflow(
              "echo", Map.of("n", i), StartOptions.DEFAULTS.withWorkflowId(group).waitingForEnd()));
    }
    RunFilter ofGroup = RunFilter.ALL.withId(group);
    for (RunFilter.Sort sort : RunFilter.Sort.values()) {
      for (boolean descending : List.of(true, false)) {
        List<String> listed =
            ids(client.findWorkflowExecutions(ofGroup.sortedBy(sort, descending), 10, 0));
        assertEquals(
            new java.util.TreeSet<>(started),
            new java.util.TreeSet<>(listed),
            sort + (descending ? " descending" : " ascending"));
      }
    }
    List<String> newest = ids(client.findWorkflowExecutions(ofGroup, 10, 0));
    List<String> oldest =
        ids(
            client.findWorkflowExecutions(
                ofGroup.sortedBy(RunFilter.Sort.CREATED_AT, false), 10, 0));
    List<String> reversed = new java.util.ArrayList<>(oldest);
    java.util.Collections.reverse(reversed);
    assertEquals(newest, reversed);

    List<io.tinyworkflow.api.RunsPerMinute> minutes =
        client.countRunsPerMinute(java.time.Duration.ofMinutes(5));
    assertTrue(minutes.size() >= 5, "a point per minute: " + minutes);
    assertTrue(
        minutes.stream().mapToLong(io.tinyworkflow.api.RunsPerMinute::started).sum() >= 3,
        "the runs just started: " + minutes);
    assertTrue(
        minutes.stream().mapToLong(io.tinyworkflow.api.RunsPerMinute::completed).sum() >= 3,
        "the runs just completed: " + minutes);
  }

  /**
   * The counts by status read the totals of runs that ended before their mark, and count the rest
   * live. Runs stored with an end long past (as a commit that lands late) are taken in by the
   * hourly recount; moving the mark again or backwards, and purging runs on either side of it, keep
   * every count right.
   */
  @Test
  void runTotalsKeepTheCountsByStatusRight() {
    String workflow = "totals-" + java.util.UUID.randomUUID();
    java.time.Instant now = java.time.Instant.now();
    java.time.Instant longAgo = now.minus(java.time.Duration.ofDays(40));
    java.time.Instant mark = now.minus(io.tinyworkflow.persistence.RunTotals.LATE_COMMITS);
    totals.advance(mark); // as the minute timer does; it may have done it already
    List<String> old = new java.util.ArrayList<>();
    for (String status : List.of("completed", "completed", "completed", "failed")) {
      String runId = java.util.UUID.randomUUID().toString();
      store.insertRun(runId, workflow, status, longAgo);
      old.add(runId);
    }
    String recent = java.util.UUID.randomUUID().toString();
    store.insertRun(recent, workflow, "completed", now);
    store.insertRun(java.util.UUID.randomUUID().toString(), workflow, "cancelled", now);
    store.insertRun(java.util.UUID.randomUUID().toString(), workflow, "paused", null);
    // The mark is past the old ones' end: only the others count so far.
    assertEquals(
        Map.of(
            WorkflowStatus.COMPLETED, 1L, WorkflowStatus.CANCELLED, 1L, WorkflowStatus.PAUSED, 1L),
        totals.countByStatus(workflow),
        "counted live, the old ones left for the recount");

    assertTrue(totals.recount(mark) >= 4, "every ended run before the mark");
    Map<WorkflowStatus, Long> expected =
        Map.of(
            WorkflowStatus.COMPLETED, 4L,
            WorkflowStatus.FAILED, 1L,
            WorkflowStatus.CANCELLED, 1L,
            WorkflowStatus.PAUSED, 1L);
    assertEquals(expected, totals.countByStatus(workflow), "the old ones from the totals");
    totals.advance(mark);
    assertEquals(0, totals.advance(now.minus(java.time.Duration.ofDays(1))), "never backwards");
    assertEquals(expected, totals.countByStatus(workflow), "nothing counted twice");

    // The purge takes its runs out: one counted in the totals, one counted live.
    assertEquals(2, purge.delete(List.of(old.get(0), recent)));
    assertEquals(
        Map.of(
            WorkflowStatus.COMPLETED, 2L,
            WorkflowStatus.FAILED, 1L,
            WorkflowStatus.CANCELLED, 1L,
            WorkflowStatus.PAUSED, 1L),
        totals.countByStatus(workflow));
    Map<WorkflowStatus, Long> all = client.countWorkflowExecutions();
    assertTrue(all.get(WorkflowStatus.COMPLETED) >= 2, "every workflow's counts: " + all);
    assertTrue(all.get(WorkflowStatus.PAUSED) >= 1, "every workflow's counts: " + all);

    // Leave nothing for the suites after this one: the ended runs through the purge.
    List<String> left =
        ids(client.findWorkflowExecutions(RunFilter.ALL.withWorkflowName(workflow), 10, 0));
    String paused =
        client
            .findWorkflowExecutions(
                RunFilter.ALL
                    .withWorkflowName(workflow)
                    .withStatuses(java.util.Set.of(WorkflowStatus.PAUSED)),
                1,
                0)
            .get(0)
            .runId();
    assertEquals(4, purge.delete(left));
    store.deleteRun(paused);
    assertEquals(Map.of(), totals.countByStatus(workflow));
  }

  private static List<String> ids(List<WorkflowExecution> runs) {
    return runs.stream().map(WorkflowExecution::runId).toList();
  }
}
