package io.tinyworkflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowRegistry;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.testing.Runs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guide's examples, run in the server against each database: each one's documented output and
 * the events of its audit trail.
 */
public abstract class ExamplesSuite {

  @Inject WorkflowClient client;
  @Inject WorkflowRegistry registry;

  @Test
  void simpleEtlFetchesProcessesAndSaves() throws Exception {
    WorkflowExecution run = runToEnd("simple_etl", Map.of("url", "https://api.example.com"));
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("completed", output.get("status"));
    assertEquals(
        Map.of("records", List.of("ALPHA", "BETA", "GAMMA"), "count", 3),
        normalize(output.get("data")));
    assertTrue(String.valueOf(output.get("result_id")).startsWith("result-"), output.toString());
    assertEquals(List.of("fetch_data", "process_data", "save_result"), completedSteps(run.runId()));
  }

  @Test
  void etlPipelineReturnsTheSavedResultsId() throws Exception {
    WorkflowExecution run = runToEnd("etl_pipeline", Map.of());
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("completed", output.get("status"));
    assertTrue(String.valueOf(output.get("result_id")).startsWith("result-"));
    assertEquals(3, completedSteps(run.runId()).size());
  }

  @Test
  void userReportFansOutThreeFetchesThenReports() throws Exception {
    WorkflowExecution run = runToEnd("user_report", Map.of("user_id", "7"));
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("report-7", output.get("report_id"));
    assertEquals(
        Map.of("id", "report-7", "orders", 2, "total", 200, "language", "en"),
        normalize(output.get("report")));
    List<String> steps = completedSteps(run.runId());
    assertEquals(
        List.of("fetch_orders", "fetch_preferences", "fetch_user"),
        steps.subList(0, 3).stream().sorted().toList());
    assertEquals("generate_report", steps.get(3));
  }

  @Test
  void smallExpensesArePaidAtOnce() throws Exception {
    WorkflowExecution run = runToEnd("expense_approval", Map.of("amount", 250));
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("completed", output.get("status"));
    assertEquals("payment-" + output.get("claim_id"), output.get("payment_id"));
    assertEquals(0, Runs.count(client.getWorkflowEvents(run.runId(), 100), "approval_requested"));
  }

  @Test
  void largeExpensesWaitForTheManagerWhoApprovesOrRejects() throws Exception {
    String approvedRun = client.startWorkflow("expense_approval", Map.of("amount", 5000));
    Runs.awaitStatus(client, approvedRun, WorkflowStatus.PAUSED);
    PendingApproval pending =
        client.getPendingApprovals().stream()
            .filter(p -> p.runId().equals(approvedRun))
            .findFirst()
            .orElseThrow();
    assertTrue(pending.approvalRequired().startsWith("manager_approval_"), pending.toString());
    Duration timeout = Duration.between(pending.requestedAt(), pending.expiresAt());
    assertTrue(
        timeout.compareTo(Duration.ofMinutes(5)) <= 0
            && timeout.compareTo(Duration.ofSeconds(295)) > 0,
        "timeout " + timeout);
    client.approveWorkflow(approvedRun);
    Map<?, ?> approved = (Map<?, ?>) Runs.awaitEnd(client, approvedRun).output();
    assertEquals("completed", approved.get("status"));
    assertEquals("manager_approval_" + approved.get("claim_id"), pending.approvalRequired());
    assertEquals("payment-" + approved.get("claim_id"), approved.get("payment_id"));

    String rejectedRun = client.startWorkflow("expense_approval", Map.of("amount", 5000));
    Runs.awaitStatus(client, rejectedRun, WorkflowStatus.PAUSED);
    client.rejectWorkflow(rejectedRun);
    Map<?, ?> rejected = (Map<?, ?>) Runs.awaitEnd(client, rejectedRun).output();
    assertEquals("rejected", rejected.get("status"));
    assertFalse(rejected.containsKey("payment_id"));
    List<WorkflowEvent> events = client.getWorkflowEvents(rejectedRun, 100);
    assertEquals(1, Runs.count(events, "approval_rejected"));
    assertFalse(completedSteps(rejectedRun).contains("process_payment"));
  }

  @Test
  void theFlakyApiIsRetriedWithBackoffUntilItAnswers() throws Exception {
    WorkflowExecution run = runToEnd("api_workflow", Map.of("failures", 2));
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("completed", output.get("status"));
    assertEquals(3, ((Number) ((Map<?, ?>) output.get("result")).get("attempts")).intValue());
    List<WorkflowEvent> events = client.getWorkflowEvents(run.runId(), 100);
    List<WorkflowEvent> failed =
        events.stream().filter(e -> e.eventType().equals("activity_attempt_failed")).toList();
    assertEquals(2, failed.size(), events.toString());
    // 1 s, then 2 s (each +-10%)
    long first = ((Number) failed.get(0).data().get("retry_in_ms")).longValue();
    long second = ((Number) failed.get(1).data().get("retry_in_ms")).longValue();
    assertTrue(first >= 900 && first <= 1100, "first delay " + first);
    assertTrue(second >= 1800 && second <= 2200, "second delay " + second);
  }

  @Test
  void userOnboardingHasItsRetryPolicyAndTimeout() throws Exception {
    WorkflowExecution run = runToEnd("user_onboarding", Map.of("user_id", "u1"));
    assertEquals(Map.of("status", "completed"), run.output());
    assertEquals(3, run.maxRetries());
    assertEquals(List.of("fetch_user", "send_welcome_email"), completedSteps(run.runId()));
    var info =
        registry.workflows().stream()
            .filter(w -> w.name().equals("user_onboarding"))
            .findFirst()
            .orElseThrow();
    assertEquals(300, info.timeoutSeconds());
    assertEquals(3, info.retryPolicy().maxRetries());
  }

  @Test
  void theSchedulingExamplesRun() throws Exception {
    assertEquals(
        Map.of("status", "completed", "backup_id", "backup-main"),
        runToEnd("daily_backup", Map.of()).output());
    assertEquals(Map.of("status", "healthy"), runToEnd("health_check", Map.of()).output());
    Map<?, ?> weekly = (Map<?, ?>) runToEnd("weekly_report", Map.of()).output();
    assertTrue(
        String.valueOf(weekly.get("report_id")).matches("weekly-\\d{4}-W\\d{2}"),
        weekly.toString());
    String reminder = client.scheduleDelayedWorkflow("reminder_task", 1, Map.of("task_id", "123"));
    assertEquals(
        Map.of("status", "completed", "task_id", "123"), Runs.awaitEnd(client, reminder).output());
  }

  @Test
  void theAiContentPipelineAnalysesTranslatesAndSaves() throws Exception {
    WorkflowExecution run = runToEnd("ai_content_pipeline", Map.of("prompt", "durable workflows"));
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("completed", output.get("status"), output.toString());
    assertTrue(String.valueOf(output.get("content")).contains("durable workflows"));
    assertEquals("positive", ((Map<?, ?>) output.get("sentiment")).get("label"));
    List<?> translations = (List<?>) output.get("translations");
    assertEquals(
        List.of("es", "fr", "de"),
        translations.stream().map(t -> ((Map<?, ?>) t).get("language")).toList());
    List<String> steps = completedSteps(run.runId());
    assertEquals(3, steps.stream().filter("translate"::equals).count());
    assertEquals("save_results", steps.get(steps.size() - 1));
  }

  @Test
  void flaggedContentIsRejectedBeforeTranslation() throws Exception {
    WorkflowExecution run = runToEnd("ai_content_pipeline", Map.of("prompt", "a scam"));
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("rejected", output.get("status"));
    assertEquals("content_moderation", output.get("reason"));
    assertFalse(completedSteps(run.runId()).contains("translate"));
  }

  @Test
  void theAiDocumentProcessorClassifiesAndAnalysesADocument() throws Exception {
    WorkflowExecution run = runToEnd("ai_document_processor", Map.of());
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("completed", output.get("status"));
    assertEquals("invoice", output.get("document_type"));
    assertEquals("Invoice 1042 from Acme Corp.", output.get("summary"));
    assertEquals(List.of("Acme", "Corp", "Globex", "Bank"), output.get("entities"));
    assertTrue(String.valueOf(output.get("analysis_id")).startsWith("ai-"));
  }

  @Test
  void everyExampleIsRegistered() {
    List<String> names = registry.workflows().stream().map(w -> w.name()).toList();
    for (String example :
        List.of(
            "simple_etl",
            "etl_pipeline",
            "user_report",
            "expense_approval",
            "api_workflow",
            "user_onboarding",
            "daily_backup",
            "health_check",
            "weekly_report",
            "reminder_task",
            "ai_content_pipeline",
            "ai_document_processor",
            "order_fulfillment",
            "ship_order",
            "trip_booking")) {
      assertTrue(names.contains(example), example + " is not registered: " + names);
    }
    assertTrue(registry.activities().stream().anyMatch(a -> a.name().equals("flaky_api")));
    assertEquals(
        "cancel_hotel",
        registry.activity("reserve_hotel").orElseThrow().compensation(),
        "the hotel's compensation");
  }

  @Test
  void anOrderPublishesItsStageWaitsForPaymentSleepsAndShipsInAChild() throws Exception {
    String runId =
        client.startWorkflow(
            "order_fulfillment", Map.of("order_id", "A-7", "ship_after_seconds", 1));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    assertEquals("awaiting_payment", client.getPublishedState(runId).get("stage"));

    client.signal(runId, "payment_received", Map.of("amount", 120));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), String.valueOf(run.error()));
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("shipped", output.get("status"));
    assertEquals(
        Map.of("receipt_id", "receipt-A-7", "amount", 120), normalize(output.get("receipt")));
    assertEquals(
        Map.of("tracking_id", "track-A-7", "carrier", "Acme Parcel"),
        normalize(output.get("shipment")));
    assertEquals("shipped", client.getPublishedState(runId).get("stage"));

    List<WorkflowExecution> children = client.getChildWorkflows(runId);
    assertEquals(1, children.size());
    assertEquals("ship_order", children.get(0).workflowName());
    assertEquals(WorkflowStatus.COMPLETED, children.get(0).status());
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
    for (String type :
        List.of(
            "state_published",
            "signal_received",
            "timer_started",
            "timer_fired",
            "child_started",
            "child_completed")) {
      assertTrue(Runs.count(events, type) >= 1, type + " missing from the audit trail");
    }
  }

  private WorkflowExecution runToEnd(String workflow, Map<String, ?> input) throws Exception {
    String runId = client.startWorkflow(workflow, input, true);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), workflow + ": " + run.error());
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
    assertEquals("workflow_started", events.get(0).eventType());
    assertEquals("workflow_completed", events.get(events.size() - 1).eventType());
    return run;
  }

  /** The names of the run's completed activities, in the order they completed. */
  private List<String> completedSteps(String runId) {
    return client.getWorkflowEvents(runId, 100).stream()
        .filter(e -> e.eventType().equals("activity_completed"))
        .map(e -> String.valueOf(e.data().get("name")))
        .toList();
  }

  private static Object normalize(Object json) {
    if (json instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, normalize(v)));
      return copy;
    }
    if (json instanceof List<?> list) {
      return list.stream().map(ExamplesSuite::normalize).toList();
    }
    return json instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        ? (Object) n.intValue()
        : json;
  }
}
