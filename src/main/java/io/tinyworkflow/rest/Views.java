package io.tinyworkflow.rest;

import io.tinyworkflow.api.ActivityInfo;
import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.WorkflowStep;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the API answers, with the guide's field names. A field without a value is written as
 * {@code null} ({@link JsonbSettings}; a renamed one says so itself with {@code @JsonbNillable}).
 * One convention for every route:
 *
 * <ul>
 *   <li>a list is an object whose one list field names its items: {@code {"workflows": [...]}},
 *       {@code {"events": [...]}}, {@code {"approvals": [...]}}, {@code {"schedules": [...]}},
 *       {@code {"steps": [...]}}, {@code {"children": [...]}};
 *   <li>reading one thing answers the thing itself ({@code GET /api/workflows/{run_id}});
 *   <li>a change answers {@code status}, what happened ({@code started}, {@code cancelled}, {@code
 *       approved}, {@code rejected}, {@code signalled}, {@code scheduled}, {@code paused}, {@code
 *       resumed}, {@code updated}, {@code deleted}), the ids it concerns, and the thing after the
 *       change under its own name ({@code run}, {@code schedule});
 *   <li>a failure is {@code {"error": message, "status": http status}}.
 * </ul>
 */
public final class Views {

  private Views() {}

  /** A run, as {@code GET /api/workflows/{run_id}} answers it. */
  @JsonbPropertyOrder({
    "runId",
    "workflowId",
    "workflowName",
    "workflowVersion",
    "status",
    "inputData",
    "outputData",
    "error",
    "retryCount",
    "maxRetries",
    "createdAt",
    "startedAt",
    "completedAt",
    "updatedAt",
    "scheduledAt",
    "parentRunId",
    "scheduleId",
    "startedBy",
    "forkedFrom",
    "forkedFromStep",
    "attributes"
  })
  public record Run(
      @JsonbNillable @JsonbProperty("run_id") String runId,
      @JsonbNillable @JsonbProperty("workflow_id") String workflowId,
      @JsonbNillable @JsonbProperty("workflow_name") String workflowName,
      @JsonbNillable @JsonbProperty("workflow_version") String workflowVersion,
      String status,
      @JsonbNillable @JsonbProperty("input_data") Map<String, Object> inputData,
      @JsonbNillable @JsonbProperty("output_data") Object outputData,
      String error,
      @JsonbProperty("retry_count") int retryCount,
      @JsonbProperty("max_retries") int maxRetries,
      @JsonbNillable @JsonbProperty("created_at") Instant createdAt,
      @JsonbNillable @JsonbProperty("started_at") Instant startedAt,
      @JsonbNillable @JsonbProperty("completed_at") Instant completedAt,
      @JsonbNillable @JsonbProperty("updated_at") Instant updatedAt,
      @JsonbNillable @JsonbProperty("scheduled_at") Instant scheduledAt,
      @JsonbNillable @JsonbProperty("parent_run_id") String parentRunId,
      @JsonbNillable @JsonbProperty("schedule_id") String scheduleId,
      @JsonbNillable @JsonbProperty("started_by") String startedBy,
      @JsonbNillable @JsonbProperty("forked_from") String forkedFrom,
      @JsonbNillable @JsonbProperty("forked_from_step") Integer forkedFromStep,
      @JsonbNillable(false) Map<String, String> attributes) { // left out of lists

    static Run of(WorkflowExecution run) {
      return of(run, null);
    }

    /** A run with its search attributes, which the lists leave out. */
    static Run of(WorkflowExecution run, Map<String, String> attributes) {
      return new Run(
          run.runId(),
          run.workflowId(),
          run.workflowName(),
          run.workflowVersion(),
          run.status().wireName(),
          run.input(),
          run.output(),
          run.error(),
          run.retryCount(),
          run.maxRetries(),
          run.createdAt(),
          run.startedAt(),
          run.completedAt(),
          run.updatedAt(),
          run.scheduledAt(),
          run.parentRunId(),
          run.scheduleId(),
          run.startedBy(),
          run.forkedFrom(),
          run.forkedFromStep(),
          attributes);
    }

    static List<Run> of(List<WorkflowExecution> runs) {
      return runs.stream().map(Run::of).toList();
    }
  }

  /**
   * {@code POST /api/workflows/purge}: how many runs were deleted.
   *
   * @param status {@code purged}
   * @param purged the runs deleted
   * @param endedBefore the runs that ended before this time were
   * @param workflowName the workflow, or {@code null} for all
   */
  @JsonbPropertyOrder({"status", "purged", "endedBefore", "workflowName"})
  public record Purged(
      String status,
      int purged,
      @JsonbProperty("ended_before") Instant endedBefore,
      @JsonbNillable @JsonbProperty("workflow_name") String workflowName) {}

  /**
   * {@code GET /api/workflows}: the runs, and the run the next page follows ({@code after=}) when
   * the page is full; {@code null} on the last page.
   */
  @JsonbPropertyOrder({"workflows", "nextAfter"})
  public record RunList(
      List<Run> workflows, @JsonbNillable @JsonbProperty("next_after") String nextAfter) {}

  /** {@code GET /api/workflows/{run_id}/children}: the child runs. */
  public record ChildList(List<Run> children) {}

  /**
   * {@code POST /api/workflows/start}: {@code started}, or with {@code wait} the run's status when
   * the wait ended, with its output and error at the top as well.
   */
  @JsonbPropertyOrder({"runId", "status", "workflowName", "outputData", "error", "run"})
  public record Started(
      @JsonbNillable @JsonbProperty("run_id") String runId,
      String status,
      @JsonbNillable @JsonbProperty("workflow_name") String workflowName,
      @JsonbNillable @JsonbProperty("output_data") Object outputData,
      String error,
      Run run) {}

  /** A change to a run: {@code cancelled} or {@code scheduled} (a delayed start). */
  @JsonbPropertyOrder({"status", "runId", "run"})
  public record RunChange(
      String status, @JsonbNillable @JsonbProperty("run_id") String runId, Run run) {}

  /** A decision: {@code approved} or {@code rejected}. */
  @JsonbPropertyOrder({"status", "runId", "approved", "key", "comment"})
  public record Decision(
      String status,
      @JsonbNillable @JsonbProperty("run_id") String runId,
      boolean approved,
      String key,
      String comment) {}

  /** A signal sent: {@code signalled}. */
  @JsonbPropertyOrder({"status", "runId", "signal"})
  public record Signalled(
      String status, @JsonbNillable @JsonbProperty("run_id") String runId, String signal) {}

  /** One entry of a run's audit trail. */
  @JsonbPropertyOrder({"eventId", "runId", "eventType", "stepNumber", "eventData", "timestamp"})
  public record Event(
      @JsonbProperty("event_id") long eventId,
      @JsonbNillable @JsonbProperty("run_id") String runId,
      @JsonbNillable @JsonbProperty("event_type") String eventType,
      @JsonbNillable @JsonbProperty("step_number") Integer stepNumber,
      @JsonbNillable @JsonbProperty("event_data") Map<String, Object> eventData,
      Instant timestamp) {

    static Event of(WorkflowEvent event) {
      return new Event(
          event.eventId(),
          event.runId(),
          event.eventType(),
          event.stepNumber(),
          event.data(),
          event.timestamp());
    }
  }

  /** {@code GET /api/workflows/{run_id}/events}. */
  public record EventList(List<Event> events) {}

  /** A durable step of a run. */
  @JsonbPropertyOrder({
    "stepNumber",
    "stepName",
    "stepKind",
    "status",
    "attempts",
    "startedAt",
    "completedAt",
    "durationMs",
    "error",
    "waitsUntil"
  })
  public record Step(
      @JsonbProperty("step_number") int stepNumber,
      @JsonbNillable @JsonbProperty("step_name") String stepName,
      @JsonbNillable @JsonbProperty("step_kind") String stepKind,
      String status,
      int attempts,
      @JsonbNillable @JsonbProperty("started_at") Instant startedAt,
      @JsonbNillable @JsonbProperty("completed_at") Instant completedAt,
      @JsonbNillable @JsonbProperty("duration_ms") Long durationMs,
      String error,
      @JsonbNillable @JsonbProperty("waits_until") Instant waitsUntil) {

    static Step of(WorkflowStep step) {
      Duration duration = step.duration();
      return new Step(
          step.stepNumber(),
          step.name(),
          step.kind(),
          step.status(),
          step.attempts(),
          step.startedAt(),
          step.endedAt(),
          duration == null ? null : duration.toMillis(),
          step.error(),
          step.waitsUntil());
    }
  }

  /** {@code GET /api/workflows/{run_id}/steps}. */
  public record StepList(List<Step> steps) {}

  /** A run waiting for a decision. */
  @JsonbPropertyOrder({
    "runId",
    "workflowId",
    "workflowName",
    "approvalRequired",
    "approverRole",
    "stepNumber",
    "createdAt",
    "requestedAt",
    "expiresAt",
    "inputData"
  })
  public record Approval(
      @JsonbNillable @JsonbProperty("run_id") String runId,
      @JsonbNillable @JsonbProperty("workflow_id") String workflowId,
      @JsonbNillable @JsonbProperty("workflow_name") String workflowName,
      @JsonbNillable @JsonbProperty("approval_required") String approvalRequired,
      @JsonbNillable @JsonbProperty("approver_role") String approverRole,
      @JsonbProperty("step_number") int stepNumber,
      @JsonbNillable @JsonbProperty("created_at") Instant createdAt,
      @JsonbNillable @JsonbProperty("requested_at") Instant requestedAt,
      @JsonbNillable @JsonbProperty("expires_at") Instant expiresAt,
      @JsonbNillable @JsonbProperty("input_data") Map<String, Object> inputData) {

    static Approval of(PendingApproval approval) {
      return new Approval(
          approval.runId(),
          approval.workflowId(),
          approval.workflowName(),
          approval.approvalRequired(),
          approval.approverRole(),
          approval.stepNumber(),
          approval.runCreatedAt(),
          approval.requestedAt(),
          approval.expiresAt(),
          approval.input());
    }
  }

  /** {@code GET /api/approvals}. */
  public record ApprovalList(List<Approval> approvals) {}

  /** A cron schedule. */
  @JsonbPropertyOrder({
    "scheduleId",
    "workflowName",
    "cronExpression",
    "timeZone",
    "inputData",
    "status",
    "catchUp",
    "overlap",
    "nextFireAt",
    "lastFireAt",
    "lastRunId",
    "createdAt",
    "updatedAt"
  })
  public record Schedule(
      @JsonbNillable @JsonbProperty("schedule_id") String scheduleId,
      @JsonbNillable @JsonbProperty("workflow_name") String workflowName,
      @JsonbNillable @JsonbProperty("cron_expression") String cronExpression,
      @JsonbNillable @JsonbProperty("time_zone") String timeZone,
      @JsonbNillable @JsonbProperty("input_data") Map<String, Object> inputData,
      String status,
      @JsonbNillable @JsonbProperty("catch_up") String catchUp,
      String overlap,
      @JsonbNillable @JsonbProperty("next_fire_at") Instant nextFireAt,
      @JsonbNillable @JsonbProperty("last_fire_at") Instant lastFireAt,
      @JsonbNillable @JsonbProperty("last_run_id") String lastRunId,
      @JsonbNillable @JsonbProperty("created_at") Instant createdAt,
      @JsonbNillable @JsonbProperty("updated_at") Instant updatedAt) {

    static Schedule of(WorkflowSchedule schedule) {
      return new Schedule(
          schedule.scheduleId(),
          schedule.workflowName(),
          schedule.cronExpression(),
          schedule.options().timeZone(),
          schedule.input(),
          schedule.paused() ? "paused" : "active",
          schedule.options().catchUp().name().toLowerCase(Locale.ROOT),
          schedule.options().overlap().name().toLowerCase(Locale.ROOT),
          schedule.nextFireAt(),
          schedule.lastFireAt(),
          schedule.lastRunId(),
          schedule.createdAt(),
          schedule.updatedAt());
    }
  }

  /** {@code GET /api/schedules}. */
  public record ScheduleList(List<Schedule> schedules) {}

  /**
   * A change to a schedule: {@code scheduled} (with the guide's {@code job_id}, the same as {@code
   * schedule_id}), {@code paused}, {@code resumed}, {@code updated} or {@code deleted} (without the
   * schedule).
   */
  @JsonbPropertyOrder({"status", "jobId", "scheduleId", "schedule"})
  public record ScheduleChange(
      String status,
      @JsonbNillable @JsonbProperty("job_id") String jobId,
      @JsonbNillable @JsonbProperty("schedule_id") String scheduleId,
      Schedule schedule) {}

  /** {@code GET /api/schedules/preview}. */
  @JsonbPropertyOrder({"cronExpression", "timeZone", "nextFireTimes"})
  public record Preview(
      @JsonbNillable @JsonbProperty("cron_expression") String cronExpression,
      @JsonbNillable @JsonbProperty("time_zone") String timeZone,
      @JsonbNillable @JsonbProperty("next_fire_times") List<Instant> nextFireTimes) {}

  /** A registered workflow's definition. */
  @JsonbPropertyOrder({
    "name",
    "version",
    "className",
    "timeout",
    "maxRetries",
    "queue",
    "versionsInFlight"
  })
  public record WorkflowDefinition(
      String name,
      String version,
      @JsonbNillable @JsonbProperty("class_name") String className,
      double timeout,
      @JsonbProperty("max_retries") int maxRetries,
      Queue queue,
      @JsonbProperty("versions_in_flight") Map<String, Long> versionsInFlight) {

    static WorkflowDefinition of(WorkflowInfo workflow, Map<String, Long> versionsInFlight) {
      io.tinyworkflow.api.QueueInfo q = workflow.queue();
      return new WorkflowDefinition(
          workflow.name(),
          workflow.version(),
          workflow.className(),
          workflow.timeoutSeconds(),
          workflow.retryPolicy().maxRetries(),
          new Queue(
              q.name(), q.concurrency(), q.concurrencyPerServer(), q.startsPerSecond(), q.limits()),
          versionsInFlight == null ? Map.of() : versionsInFlight);
    }
  }

  /** A workflow's queue and its limits (0: none), and the limits in words (empty: none). */
  @JsonbPropertyOrder({"name", "concurrency", "concurrencyPerServer", "startsPerSecond", "limits"})
  public record Queue(
      String name,
      int concurrency,
      @JsonbProperty("concurrency_per_server") int concurrencyPerServer,
      @JsonbProperty("starts_per_second") double startsPerSecond,
      String limits) {}

  /**
   * {@code GET /api/registry/workflows}: the names, as the guide's server lists them, and each
   * one's definition.
   */
  public record WorkflowNames(List<String> workflows, List<WorkflowDefinition> definitions) {}

  /** A registered activity's definition. */
  @JsonbPropertyOrder({
    "name",
    "className",
    "methodName",
    "timeout",
    "maxRetries",
    "compensation",
    "transactional"
  })
  public record ActivityDefinition(
      String name,
      @JsonbNillable @JsonbProperty("class_name") String className,
      @JsonbNillable @JsonbProperty("method_name") String methodName,
      double timeout,
      @JsonbProperty("max_retries") int maxRetries,
      @JsonbNillable String compensation,
      boolean transactional) {

    static ActivityDefinition of(ActivityInfo activity) {
      return new ActivityDefinition(
          activity.name(),
          activity.className(),
          activity.methodName(),
          activity.timeoutSeconds(),
          activity.retryPolicy().maxRetries(),
          activity.compensation(),
          activity.transactional());
    }
  }

  /** {@code GET /api/registry/activities}: the names and each one's definition. */
  public record ActivityNames(List<String> activities, List<ActivityDefinition> definitions) {}
}
