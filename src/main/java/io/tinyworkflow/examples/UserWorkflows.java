package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Workflows about a user: the guide's fan-out/fan-in report and its onboarding workflow with a
 * retry policy and a timeout. The activities are local stand-ins for a user service.
 */
public final class UserWorkflows {

  private UserWorkflows() {}

  /** The user service's activities. */
  @ApplicationScoped
  public static class UserActivities {

    /**
     * Fetches a user.
     *
     * @param userId the user
     * @return the user
     */
    @Activity(
        name = "fetch_user",
        timeoutSeconds = 30,
        retry = @Retry(maxRetries = 5, initialDelay = 1.0, backoffMultiplier = 2.0))
    public Map<String, Object> fetchUser(String userId) {
      return Map.of("id", userId, "name", "John Doe", "email", userId + "@example.com");
    }

    /**
     * Fetches a user's orders.
     *
     * @param userId the user
     * @return the orders
     */
    @Activity(name = "fetch_orders")
    public List<Map<String, Object>> fetchOrders(String userId) {
      return List.of(
          Map.of("order_id", userId + "-1", "total", 120),
          Map.of("order_id", userId + "-2", "total", 80));
    }

    /**
     * Fetches a user's preferences.
     *
     * @param userId the user
     * @return the preferences
     */
    @Activity(name = "fetch_preferences")
    public Map<String, Object> fetchPreferences(String userId) {
      return Map.of("language", "en", "newsletter", true);
    }

    /**
     * Builds a report from the three.
     *
     * @param user the user
     * @param orders the orders
     * @param preferences the preferences
     * @return the report
     */
    @Activity(name = "generate_report")
    public Map<String, Object> generateReport(
        Map<String, Object> user,
        List<Map<String, Object>> orders,
        Map<String, Object> preferences) {
      int total = orders.stream().mapToInt(o -> ((Number) o.get("total")).intValue()).sum();
      return Map.of(
          "id",
          "report-" + user.get("id"),
          "orders",
          orders.size(),
          "total",
          total,
          "language",
          preferences.get("language"));
    }

    /**
     * Sends the welcome email.
     *
     * @param user the user
     * @return where it was sent
     */
    @Activity(name = "send_welcome_email")
    public Map<String, Object> sendWelcomeEmail(Map<String, Object> user) {
      return Map.of("sent_to", user.get("email"));
    }
  }

  /** The guide's parallel pattern: three fetches at once, then the report. */
  @Workflow(name = "user_report")
  public static class UserReport implements WorkflowDefinition {
    @Inject UserActivities activities;

    @Override
    @SuppressWarnings("unchecked")
    public Object run(WorkflowContext ctx) {
      String userId = String.valueOf(ctx.getInput("user_id", "42"));
      List<Object> fetched =
          ctx.executeParallel(
              () -> activities.fetchUser(userId),
              () -> activities.fetchOrders(userId),
              () -> activities.fetchPreferences(userId));
      Map<String, Object> report =
          activities.generateReport(
              (Map<String, Object>) fetched.get(0),
              (List<Map<String, Object>>) fetched.get(1),
              (Map<String, Object>) fetched.get(2));
      return Map.of("report_id", report.get("id"), "report", report);
    }
  }

  /** The guide's workflow with a retry policy (3 retries) and a 5-minute timeout. */
  @Workflow(name = "user_onboarding", timeoutSeconds = 300, retry = @Retry(maxRetries = 3))
  public static class UserOnboarding implements WorkflowDefinition {
    @Inject UserActivities activities;

    @Override
    public Object run(WorkflowContext ctx) {
      String userId = String.valueOf(ctx.getInput("user_id", "42"));
      Map<String, Object> user = activities.fetchUser(userId);
      activities.sendWelcomeEmail(user);
      return Map.of("status", "completed");
    }
  }
}
