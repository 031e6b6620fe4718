package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guide's human-in-the-loop pattern: an expense claim over 1000 waits for a manager, who
 * approves or rejects it (client, REST or CLI); no thread waits meanwhile.
 */
public final class ApprovalWorkflows {

  private ApprovalWorkflows() {}

  /** The expense activities; stand-ins for a claims and a payment service. */
  @ApplicationScoped
  public static class ExpenseActivities {

    /**
     * Creates the claim.
     *
     * @param amount the amount
     * @param claimId the claim's id
     * @return the claim
     */
    @Activity(name = "create_expense_claim")
    public Map<String, Object> createExpenseClaim(double amount, String claimId) {
      return Map.of("claim_id", claimId, "amount", amount);
    }

    /**
     * Tells the manager a claim waits for them.
     *
     * @param claim the claim
     * @return who was notified
     */
    @Activity(name = "notify_manager")
    public Map<String, Object> notifyManager(Map<String, Object> claim) {
      return Map.of("notified", "manager", "claim_id", claim.get("claim_id"));
    }

    /**
     * Pays a claim.
     *
     * @param claim the claim
     * @return the payment
     */
    @Activity(
        name = "process_payment",
        transactional = true) // its payment row would commit with its step
    public Map<String, Object> processPayment(Map<String, Object> claim) {
      return Map.of("id", "payment-" + claim.get("claim_id"), "amount", claim.get("amount"));
    }
  }

  /** An expense claim; over 1000 it waits up to 5 minutes for the manager's decision. */
  @Workflow(name = "expense_approval")
  public static class ExpenseApproval implements WorkflowDefinition {
    @Inject ExpenseActivities activities;

    @Override
    public Object run(WorkflowContext ctx) {
      double amount = ((Number) ctx.getInput("amount", 0)).doubleValue();
      String claimId = ctx.randomUUID().toString().substring(0, 8);
      Map<String, Object> claim = activities.createExpenseClaim(amount, claimId);
      if (amount > 1000) {
        activities.notifyManager(claim);
        boolean approved =
            ctx.waitForApproval("manager_approval_" + claimId, Duration.ofMinutes(5));
        if (!approved) {
          return Map.of("status", "rejected", "claim_id", claimId);
        }
      }
      Map<String, Object> payment = activities.processPayment(claim);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("status", "completed");
      result.put("claim_id", claimId);
      result.put("payment_id", payment.get("id"));
      return result;
    }
  }
}
