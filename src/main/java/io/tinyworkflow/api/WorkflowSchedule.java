package io.tinyworkflow.api;

import java.time.Instant;
import java.util.Map;

/**
 * A cron schedule that starts runs of a workflow.
 *
 * @param scheduleId the schedule's id
 * @param workflowName the workflow it starts
 * @param cronExpression the cron expression: 5 fields, or 6 with seconds first
 * @param input the input of each run
 * @param options the time zone, catch-up and overlap policies
 * @param paused whether it is paused (fires nothing)
 * @param nextFireAt the next occurrence, or {@code null} when paused or when none remains
 * @param lastFireAt the last occurrence that fired, or {@code null}
 * @param lastRunId the last run it started, or {@code null}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record WorkflowSchedule(
    String scheduleId,
    String workflowName,
    String cronExpression,
    Map<String, Object> input,
    ScheduleOptions options,
    boolean paused,
    Instant nextFireAt,
    Instant lastFireAt,
    String lastRunId,
    Instant createdAt,
    Instant updatedAt) {}
