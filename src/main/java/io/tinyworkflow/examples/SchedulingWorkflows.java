package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The workflows of the guide's scheduling examples: {@code daily_backup} ({@code 0 2 * * *}),
 * {@code health_check} ({@code *}{@code /5 * * * *}), {@code weekly_report} ({@code 0 9 * * 1}) and
 * {@code reminder_task} (a delayed start). The activities are stand-ins.
 */
public final class SchedulingWorkflows {

  private SchedulingWorkflows() {}

  /** The scheduled jobs' activities. */
  @ApplicationScoped
  public static class Jobs {

    /**
     * Backs up a database.
     *
     * @param target what to back up
     * @return the backup
     */
    @Activity(name = "backup_database")
    public Map<String, Object> backup(String target) {
      return Map.of("backup_id", "backup-" + target, "target", target);
    }

    /**
     * Checks a service.
     *
     * @param service the service
     * @return its health
     */
    @Activity(name = "check_service")
    public Map<String, Object> check(String service) {
      return Map.of("service", service, "healthy", true);
    }

    /**
     * Builds the weekly report.
     *
     * @param week the week it covers
     * @return the report
     */
    @Activity(name = "build_weekly_report")
    public Map<String, Object> weeklyReport(String week) {
      return Map.of("report_id", "weekly-" + week);
    }

    /**
     * Sends a reminder.
     *
     * @param taskId the task
     * @return the reminder
     */
    @Activity(name = "send_reminder")
    public Map<String, Object> remind(String taskId) {
      return Map.of("task_id", taskId, "reminded", true);
    }
  }

  /** Backs up the database named {@code target} (default {@code main}). */
  @Workflow(name = "daily_backup")
  public static class DailyBackup implements WorkflowDefinition {
    @Inject Jobs jobs;

    @Override
    public Object run(WorkflowContext ctx) {
      Map<String, Object> backup = jobs.backup((String) ctx.getInput("target", "main"));
      return Map.of("status", "completed", "backup_id", backup.get("backup_id"));
    }
  }

  /** Checks the service named {@code service} (default {@code api}). */
  @Workflow(name = "health_check")
  public static class HealthCheck implements WorkflowDefinition {
    @Inject Jobs jobs;

    @Override
    public Object run(WorkflowContext ctx) {
      Map<String, Object> health = jobs.check((String) ctx.getInput("service", "api"));
      return Map.of("status", Boolean.TRUE.equals(health.get("healthy")) ? "healthy" : "unhealthy");
    }
  }

  /** Builds the report of the week the run starts in. */
  @Workflow(name = "weekly_report")
  public static class WeeklyReport implements WorkflowDefinition {
    @Inject Jobs jobs;

    @Override
    public Object run(WorkflowContext ctx) {
      String week =
          ctx.now()
              .atZone(java.time.ZoneOffset.UTC)
              .format(java.time.format.DateTimeFormatter.ISO_WEEK_DATE)
              .substring(0, 8);
      Map<String, Object> report = jobs.weeklyReport(week);
      return Map.of("status", "completed", "report_id", report.get("report_id"));
    }
  }

  /** Reminds about the task {@code task_id}. */
  @Workflow(name = "reminder_task")
  public static class ReminderTask implements WorkflowDefinition {
    @Inject Jobs jobs;

    @Override
    public Object run(WorkflowContext ctx) {
      Map<String, Object> reminder = jobs.remind(String.valueOf(ctx.getInput("task_id", "none")));
      return Map.of("status", "completed", "task_id", reminder.get("task_id"));
    }
  }
}
