package io.tinyworkflow.api;

import java.time.Instant;
import java.util.Map;

/**
 * A run paused on {@link WorkflowContext#waitForApproval}, as the guide's {@code
 * get_pending_approvals} lists it.
 *
 * @param runId the run
 * @param workflowId the group the run belongs to
 * @param workflowName the workflow
 * @param approvalRequired the approval key the run waits on
 * @param stepNumber the run's step that waits
 * @param requestedAt when the run asked for the approval
 * @param expiresAt when the wait times out, or {@code null} for never
 * @param input the run's input, for the approver
 * @param approverRole the role that may decide it, or {@code null} for any approver
 * @param runCreatedAt when the run was created (the guide's {@code created_at})
 */
public record PendingApproval(
    String runId,
    String workflowId,
    String workflowName,
    String approvalRequired,
    int stepNumber,
    Instant requestedAt,
    Instant expiresAt,
    Map<String, Object> input,
    String approverRole,
    Instant runCreatedAt) {}
