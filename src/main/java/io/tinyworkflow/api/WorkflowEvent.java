package io.tinyworkflow.api;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a run's audit trail.
 *
 * @param eventId the id of the appended event row, increasing in the order they were recorded; 0
 *     for the entries read from the run and its step journal ({@code workflow_started}, {@code
 *     activity_completed}, {@code workflow_completed})
 * @param runId the run
 * @param eventType what happened, for example {@code activity_completed}
 * @param stepNumber the step it concerns, or {@code null}
 * @param data details
 * @param timestamp when it happened
 */
public record WorkflowEvent(
    long eventId,
    String runId,
    String eventType,
    Integer stepNumber,
    Map<String, Object> data,
    Instant timestamp) {}
