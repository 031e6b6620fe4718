package io.tinyworkflow.api;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a run's audit trail.
 *
 * @param eventId unique within the run and the same on every read: for an appended event its row's
 *     id, positive and increasing in the order they were recorded; for the entries read from the
 *     run and its step journal a negative id: {@code workflow_started} -1, {@code
 *     workflow_completed} -2, step n's {@code activity_completed} (or {@code
 *     side_effect_completed}, {@code branch_completed}) -(3 + n)
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
