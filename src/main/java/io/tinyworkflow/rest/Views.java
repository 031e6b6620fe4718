package io.tinyworkflow.rest;

import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStep;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of runs, events and approvals, with the guide's field names. */
final class Views {

  private Views() {}

  static Map<String, Object> run(WorkflowExecution run) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("run_id", run.runId());
    view.put("workflow_id", run.workflowId());
    view.put("workflow_name", run.workflowName());
    view.put("workflow_version", run.workflowVersion());
    view.put("status", run.status().wireName());
    view.put("input_data", run.input());
    view.put("output_data", run.output());
    view.put("error", run.error());
    view.put("retry_count", run.retryCount());
    view.put("max_retries", run.maxRetries());
    view.put("created_at", run.createdAt());
    view.put("started_at", run.startedAt());
    view.put("completed_at", run.completedAt());
    view.put("updated_at", run.updatedAt());
    view.put("scheduled_at", run.scheduledAt());
    view.put("parent_run_id", run.parentRunId());
    view.put("schedule_id", run.scheduleId());
    view.put("started_by", run.startedBy());
    return view;
  }

  static Map<String, Object> event(WorkflowEvent event) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("event_id", event.eventId());
    view.put("run_id", event.runId());
    view.put("event_type", event.eventType());
    view.put("step_number", event.stepNumber());
    view.put("event_data", event.data());
    view.put("timestamp", event.timestamp());
    return view;
  }

  static Map<String, Object> approval(PendingApproval approval) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("run_id", approval.runId());
    view.put("workflow_id", approval.workflowId());
    view.put("workflow_name", approval.workflowName());
    view.put("approval_required", approval.approvalRequired());
    view.put("approver_role", approval.approverRole());
    view.put("step_number", approval.stepNumber());
    view.put("requested_at", approval.requestedAt());
    view.put("expires_at", approval.expiresAt());
    view.put("input_data", approval.input());
    return view;
  }

  static Map<String, Object> step(WorkflowStep step) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("step_number", step.stepNumber());
    view.put("step_name", step.name());
    view.put("step_kind", step.kind());
    view.put("status", step.status());
    view.put("attempts", step.attempts());
    view.put("started_at", step.startedAt());
    view.put("completed_at", step.endedAt());
    Duration duration = step.duration();
    view.put("duration_ms", duration == null ? null : duration.toMillis());
    view.put("error", step.error());
    view.put("waits_until", step.waitsUntil());
    return view;
  }
}
