package io.tinyworkflow.api;

import java.time.Instant;
import java.util.Map;

/**
 * The state of one workflow run, as the guide's {@code get_workflow_status} returns it.
 *
 * @param runId the run id
 * @param workflowId the group the run belongs to
 * @param workflowName the workflow
 * @param workflowVersion the version of the workflow the run started on
 * @param status the status
 * @param input the input
 * @param output the result, once completed
 * @param error the error, once failed
 * @param retryCount how many times the run was retried
 * @param maxRetries how many retries its policy allows
 * @param createdAt when the run was started
 * @param startedAt when a server first executed it
 * @param completedAt when it reached a terminal status
 * @param updatedAt when it last changed
 * @param scheduledAt when it was due to start: the occurrence of its schedule, or the time of a
 *     delayed start; {@code null} for a run started at once
 * @param parentRunId the parent run, for child workflows
 * @param scheduleId the schedule that started it, or {@code null}
 * @param startedBy who started it: the signed-in user, {@code schedule:<id>} or {@code
 *     parent:<run>}; {@code null} when started by code with no signed-in caller
 * @param forkedFrom the run this one was restarted from ({@link WorkflowClient#restartWorkflow}),
 *     or {@code null}
 * @param forkedFromStep the step of that run this one executes from, or {@code null}
 */
public record WorkflowExecution(
    String runId,
    String workflowId,
    String workflowName,
    String workflowVersion,
    WorkflowStatus status,
    Map<String, Object> input,
    Object output,
    String error,
    int retryCount,
    int maxRetries,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant updatedAt,
    Instant scheduledAt,
    String parentRunId,
    String scheduleId,
    String startedBy,
    String forkedFrom,
    Integer forkedFromStep) {}
