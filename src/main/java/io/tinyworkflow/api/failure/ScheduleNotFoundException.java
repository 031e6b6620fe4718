package io.tinyworkflow.api.failure;

/** No schedule has the given id. */
public class ScheduleNotFoundException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param scheduleId the unknown schedule id
   */
  public ScheduleNotFoundException(String scheduleId) {
    super("No schedule has the id '" + scheduleId + "'");
  }
}
