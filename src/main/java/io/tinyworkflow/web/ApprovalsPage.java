package io.tinyworkflow.web;

import io.tinyworkflow.api.ApprovalDecision;
import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.failure.WorkflowException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The approvals inbox: what the signed-in user may decide (an approval that names a role shows only
 * to users in it), each with a comment and approve or reject; then the latest decisions, with who
 * decided and when.
 */
@Named("approvals")
@ViewScoped
public class ApprovalsPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int DECIDED = 50;

  @Inject WorkflowClient client;
  @Inject Messages messages;
  @Inject java.time.Clock clock;

  private List<PendingApproval> pending;
  private List<ApprovalDecision> decided;
  private final Map<String, String> comments = new HashMap<>();

  /** Reads the pending and decided approvals. */
  public void refresh() {
    pending = client.getPendingApprovals();
    decided = client.getDecidedApprovals(DECIDED);
  }

  /**
   * Approves one run's approval with its comment.
   *
   * @param approval the approval
   */
  public void approve(PendingApproval approval) {
    decide(approval, true);
  }

  /**
   * Rejects one run's approval with its comment.
   *
   * @param approval the approval
   */
  public void reject(PendingApproval approval) {
    decide(approval, false);
  }

  private void decide(PendingApproval approval, boolean approved) {
    String comment = comments.remove(approval.runId());
    try {
      client.decideApproval(
          approval.runId(),
          approval.approvalRequired(),
          approved,
          comment == null || comment.isBlank() ? null : comment.strip());
      messages.info(
          (approved ? "Approved " : "Rejected ")
              + approval.approvalRequired()
              + " of "
              + approval.workflowName()
              + ".");
    } catch (WorkflowException e) {
      messages.error(e.getMessage());
    }
    refresh();
  }

  /**
   * Whether an approval expires within the hour: the page marks it.
   *
   * @param approval the approval
   * @return {@code true} when it expires soon
   */
  public boolean expiresSoon(PendingApproval approval) {
    return approval.expiresAt() != null
        && approval.expiresAt().isBefore(clock.instant().plusSeconds(3600));
  }

  public List<PendingApproval> getPending() {
    if (pending == null) {
      refresh();
    }
    return pending;
  }

  public List<ApprovalDecision> getDecided() {
    if (decided == null) {
      refresh();
    }
    return decided;
  }

  public Map<String, String> getComments() {
    return comments;
  }
}
