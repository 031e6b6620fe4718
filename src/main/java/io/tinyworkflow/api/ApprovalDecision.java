package io.tinyworkflow.api;

import java.time.Instant;

/**
 * An approval that was decided, as the approvals inbox lists it.
 *
 * @param runId the run that waited
 * @param workflowId the run's group
 * @param workflowName the run's workflow
 * @param key the approval key
 * @param approved whether it was approved
 * @param decidedBy who decided, or {@code null} when nobody was signed in
 * @param comment the comment kept with the decision, or {@code null}
 * @param requestedAt when the run began to wait
 * @param decidedAt when it was decided
 */
public record ApprovalDecision(
    String runId,
    String workflowId,
    String workflowName,
    String key,
    boolean approved,
    String decidedBy,
    String comment,
    Instant requestedAt,
    Instant decidedAt) {}
