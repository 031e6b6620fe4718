package io.tinyworkflow.engine;

import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.WorkflowSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The client's schedule half, which the scheduling package implements: the engine starts the runs
 * that schedules fire, so scheduling depends on the engine, never the other way round. Every method
 * checks its input first ({@link io.tinyworkflow.api.failure.InvalidInputException}) and names an
 * unknown schedule ({@link io.tinyworkflow.api.failure.ScheduleNotFoundException}).
 */
public interface Schedules {

  /**
   * Stores a schedule of a known workflow.
   *
   * @param workflowName the workflow
   * @param cronExpression when it fires
   * @param input each run's input
   * @param options its time zone and policies; {@code null} for the defaults
   * @return its id
   */
  String create(
      String workflowName, String cronExpression, Map<String, ?> input, ScheduleOptions options);

  /**
   * The schedules, oldest first.
   *
   * @return them
   */
  List<WorkflowSchedule> list();

  /**
   * One schedule.
   *
   * @param scheduleId its id
   * @return it
   */
  WorkflowSchedule get(String scheduleId);

  /**
   * Pauses a schedule.
   *
   * @param scheduleId its id
   */
  void pause(String scheduleId);

  /**
   * Resumes a schedule from its next occurrence.
   *
   * @param scheduleId its id
   */
  void resume(String scheduleId);

  /**
   * Changes a schedule.
   *
   * @param scheduleId its id
   * @param cronExpression when it fires
   * @param input each run's input
   * @param options its time zone and policies
   */
  void update(
      String scheduleId, String cronExpression, Map<String, ?> input, ScheduleOptions options);

  /**
   * Deletes a schedule; its runs stay.
   *
   * @param scheduleId its id
   */
  void delete(String scheduleId);

  /**
   * The next fire times of an expression, saving nothing.
   *
   * @param cronExpression the expression
   * @param timeZone an IANA zone; UTC when {@code null}
   * @param count how many, 1 to 100
   * @return the times
   */
  List<Instant> preview(String cronExpression, String timeZone, int count);
}
