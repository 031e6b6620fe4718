package io.tinyworkflow.scheduling;

import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.ScheduleNotFoundException;
import io.tinyworkflow.engine.Schedules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The client's schedule half: checks what it is given before any transaction begins, then lets
 * {@link ScheduleLifecycle} store the change.
 */
@ApplicationScoped
public class ScheduleOperations implements Schedules {

  @Inject ScheduleLifecycle schedules;
  @Inject Clock clock;

  @Override
  public String create(
      String workflowName, String cronExpression, Map<String, ?> input, ScheduleOptions options) {
    check(cronExpression, options);
    return schedules.create(workflowName, cronExpression, input, options);
  }

  @Override
  public List<WorkflowSchedule> list() {
    return schedules.list();
  }

  @Override
  public WorkflowSchedule get(String scheduleId) {
    return schedules
        .find(ScheduleLifecycle.requireId(scheduleId))
        .orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
  }

  @Override
  public void pause(String scheduleId) {
    found(scheduleId, schedules.pause(ScheduleLifecycle.requireId(scheduleId)));
  }

  @Override
  public void resume(String scheduleId) {
    found(scheduleId, schedules.resume(ScheduleLifecycle.requireId(scheduleId)));
  }

  @Override
  public void update(
      String scheduleId, String cronExpression, Map<String, ?> input, ScheduleOptions options) {
    ScheduleLifecycle.requireId(scheduleId);
    check(cronExpression, options);
    found(scheduleId, schedules.update(scheduleId, cronExpression, input, options));
  }

  @Override
  public void delete(String scheduleId) {
    found(scheduleId, schedules.delete(ScheduleLifecycle.requireId(scheduleId)));
  }

  @Override
  public List<Instant> preview(String cronExpression, String timeZone, int count) {
    if (count < 1 || count > 100) {
      throw new InvalidInputException("count must be between 1 and 100, not " + count);
    }
    return CronSchedule.parse(cronExpression, timeZone).next(clock.instant(), count);
  }

  /** Checks a schedule's expression and options. */
  private static void check(String cronExpression, ScheduleOptions options) {
    CronSchedule.parse(cronExpression, ScheduleLifecycle.complete(options).timeZone());
  }

  private static void found(String scheduleId, boolean found) {
    if (!found) {
      throw new ScheduleNotFoundException(scheduleId);
    }
  }
}
