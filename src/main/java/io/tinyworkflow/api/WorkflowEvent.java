package io.tinyworkflow.api;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a run's audit trail.
 *
 * @param eventId the event id, increasing in the order events were recorded
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
