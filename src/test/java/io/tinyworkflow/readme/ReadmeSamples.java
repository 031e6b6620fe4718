package io.tinyworkflow.readme;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Queue;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.RunCompleted;
import io.tinyworkflow.api.RunEvent;
import io.tinyworkflow.api.RunFailed;
import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.StartOptions;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The Java samples of the README, compiled: each README sample is the region of this file between
 * {@code // snippet: NAME} and {@code // end snippet}, and {@link ReadmeSamplesTest} checks that
 * they match.
 */
final class ReadmeSamples {

  private ReadmeSamples() {}

  // snippet: activities
  @ApplicationScoped
  public static class SalesActivities {
    @Activity(
        name = "fetch_sales",
        timeoutSeconds = 30,
        retry = @Retry(maxRetries = 5, initialDelay = 1.0, backoffMultiplier = 2.0))
    public Map<String, Object> fetchData(String url) {
      return Map.of("url", url, "records", List.of("alpha", "beta")); // call the source here
    }

    @Activity(name = "save_sales")
    public String save(Map<String, Object> data) {
      return "sales-1"; // store the data here
    }
  }

  @Workflow(name = "sales_etl", timeoutSeconds = 300, retry = @Retry(maxRetries = 3))
  public static class SalesEtl implements WorkflowDefinition {
    @Inject SalesActivities activities;

    @Override
    public Object run(WorkflowContext ctx) {
      String url = ctx.getInput("url", String.class);
      var data = activities.fetchData(url); // or ctx.executeActivity("fetch_sales", url)
      var parts =
          ctx.executeParallel( // fan-out / fan-in, results in order
              () -> activities.fetchData(url + "/users"),
              () -> activities.fetchData(url + "/orders"));
      return Map.of("status", "completed", "id", activities.save(data), "parts", parts);
    }
  }

  // end snippet

  static void client(WorkflowClient client, Map<String, Object> input) {
    // snippet: client
    String runId = client.startWorkflow("simple_etl", Map.of("url", "https://api.example.com"));
    client.startWorkflow("simple_etl", input, "group-1"); // in a group: the guide's workflow_id
    client.startWorkflow("simple_etl", input, true); // the guide's wait=True: until it ends
    // or the options record: a group, a key, now or later, and whether and how long to wait
    var once = StartOptions.DEFAULTS.withWorkflowId("group-1").withIdempotencyKey("order-42");
    String same = client.startWorkflow("simple_etl", input, once.waitingForEnd()); // no bound
    client.startWorkflow("simple_etl", input, once.waitingUpTo(Duration.ofMinutes(5)));
    client.startWorkflow(
        "reminder_task",
        Map.of("task_id", "123"),
        StartOptions.DEFAULTS.withIdempotencyKey("reminder-123").delayedBy(Duration.ofHours(1)));
    WorkflowExecution run = client.getWorkflowStatus(runId); // status, output, error, times
    client.awaitWorkflow(runId, Duration.ofMinutes(5)); // wait at most 5 minutes for its end
    client.listWorkflowExecutions(WorkflowStatus.COMPLETED, "simple_etl", 100, 0);
    client.getWorkflowEvents(runId, 100); // the audit trail
    client.getWorkflowSteps(runId); // each step: status, attempts, start, end, error
    client.cancelWorkflow(runId);
    // end snippet
  }

  static void waitingInAWorkflow(WorkflowContext ctx, String claimId) {
    // snippet: waiting-workflow
    boolean approved = ctx.waitForApproval("manager_approval_" + claimId, Duration.ofMinutes(5));
    ctx.sleep(Duration.ofHours(1)); // a stored deadline and an EJB timer
    Map<?, ?> order = ctx.awaitSignal("order_paid", Map.class, Duration.ofDays(1));
    ctx.publish("progress", 50); // readable by clients while the run goes on
    String childRunId = ctx.startChildWorkflow("user_report", Map.of("user_id", 7));
    Map<?, ?> report = ctx.awaitChildWorkflow(childRunId, Map.class, Duration.ofHours(1));
    Map<?, ?> same = ctx.executeChildWorkflow("user_report", Map.of("user_id", 7), Map.class);
    // end snippet
  }

  /** The versioning snippet's activities. */
  interface Orders {
    void checkFraud(String orderId);

    void charge(String orderId);
  }

  static void versions(WorkflowContext ctx, Orders orders, String orderId) {
    // snippet: versioning
    int version = ctx.getVersion("fraud_check", WorkflowContext.DEFAULT_VERSION, 1);
    if (version >= 1) {
      orders.checkFraud(orderId); // runs that reach this place from now on
    }
    orders.charge(orderId); // runs in flight that had passed it skip the check
    // end snippet
  }

  static void searchAttributes(WorkflowContext ctx, String orderId, long amount) {
    // snippet: search-attributes
    ctx.setAttribute("order_id", orderId);
    ctx.setAttribute("amount_band", amount > 10_000 ? "large" : "small");
    // end snippet
  }

  /** The saga snippet's hotel. */
  static class Hotels {
    // snippet: saga-activity
    @Activity(name = "reserve_hotel", compensation = "cancel_hotel")
    public String reserveHotel(String tripId, String destination) {
      return "hotel-" + tripId;
    }

    @Activity(name = "cancel_hotel") // called with the arguments of reserve_hotel
    public void cancelHotel(String tripId, String destination) {}
    // end snippet
  }

  /** The transactional step snippet's ledger, in the application's own table. */
  static class PaymentLedger {
    @Resource(lookup = "jdbc/tinyworkflow")
    DataSource dataSource;

    // snippet: transactional-activity
    @Activity(name = "book_payment", transactional = true)
    public void bookPayment(String orderId, long cents) throws SQLException {
      try (Connection c = dataSource.getConnection(); // joins the step's transaction
          PreparedStatement insert =
              c.prepareStatement("INSERT INTO payments (order_id, cents) VALUES (?, ?)")) {
        insert.setString(1, orderId);
        insert.setLong(2, cents);
        insert.executeUpdate();
      } // commits with the step's record, after the method returns
    }
    // end snippet
  }

  /** Where the lifecycle snippet sends its news. */
  interface Chat {
    void post(String channel, String text);
  }

  // snippet: lifecycle-observer
  @ApplicationScoped
  public static class RunNotifications {
    @Inject Chat chat;

    void failed(@Observes RunFailed run) {
      chat.post("#ops", run.workflowName() + " run " + run.runId() + " failed: " + run.error());
    }

    void completed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunCompleted run) {
      if ("order_fulfillment".equals(run.workflowName())) {
        chat.post("#sales", "Order done: " + run.output());
      }
    }

    void audit(@ObservesAsync RunEvent event) { // every kind, on another thread
      chat.post("#audit", event.runId() + " is " + event.status().wireName());
    }
  }

  // end snippet

  /** The saga snippet's activities. */
  interface Payments {
    Map<String, Object> charge(String card, long cents);

    void refund(Object chargeId);
  }

  static void compensations(WorkflowContext ctx, Payments payments, String card) {
    // snippet: saga-workflow
    Map<String, Object> charge = payments.charge(card, 42_00);
    ctx.onFailure("refund_card", () -> payments.refund(charge.get("charge_id")));
    // from here on, a failure for good or a cancel refunds the card before the run ends
    // end snippet
  }

  static boolean approvalForARole(WorkflowContext ctx, String orderId) {
    // snippet: approval-role
    boolean approved = ctx.waitForApproval("spend_" + orderId, Duration.ofDays(2), "finance");
    // end snippet
    return approved;
  }

  static void waitingFromABean(WorkflowClient client, String runId) {
    // snippet: waiting-client
    client.getPendingApprovals(); // runId, approvalRequired (the key), requestedAt, expiresAt
    client.approveWorkflow(runId); // or rejectWorkflow(runId)
    client.decideApproval(runId, "manager_approval_7", true, "within budget");
    client.signal(runId, "order_paid", Map.of("amount", 120));
    client.getPublishedState(runId); // {"progress": 50}
    client.getChildWorkflows(runId); // the runs it started, each with parentRunId
    // end snippet
  }

  static void scheduling(WorkflowClient client) {
    // snippet: scheduling
    String scheduleId = client.scheduleWorkflow("daily_backup", "0 2 * * *", Map.of()); // 2:00 UTC
    client.scheduleWorkflow("health_check", "*/5 * * * *", Map.of()); // every 5 minutes
    client.scheduleWorkflow(
        "weekly_report",
        "0 9 * * 1",
        Map.of(),
        ScheduleOptions.DEFAULTS.inTimeZone("Europe/Paris"));
    client.scheduleWorkflow("health_check", "*/10 * * * * *", Map.of()); // 6 fields: seconds first

    client.listSchedules(); // each with nextFireAt, lastFireAt, lastRunId, paused
    client.pauseSchedule(scheduleId); // and resumeSchedule, updateSchedule, deleteSchedule
    client.previewSchedule("0 3 1 * *", "UTC", 5); // the next 5 fire times, nothing saved

    String runId = client.scheduleDelayedWorkflow("reminder_task", 3600, Map.of("task_id", "123"));
    client.scheduleWorkflowAt("reminder_task", Instant.parse("2027-01-01T09:00:00Z"), Map.of());
    // end snippet
  }

  // snippet: queues
  @Workflow(
      name = "sync_invoice",
      queue = @Queue(name = "erp", concurrency = 5, startsPerSecond = 10))
  public static class SyncInvoice implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return Map.of("synced", ctx.getInput("invoice_id", "A-1")); // calls the ERP
    }
  }

  @Workflow(name = "sync_customer", queue = @Queue(name = "erp")) // shares the limits of "erp"
  public static class SyncCustomer implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return Map.of("synced", ctx.getInput("customer_id", "C-1"));
    }
  }

  // end snippet
}
