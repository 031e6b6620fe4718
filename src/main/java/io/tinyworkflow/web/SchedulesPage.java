package io.tinyworkflow.web;

import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowRegistry;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.ScheduleNotFoundException;
import io.tinyworkflow.api.failure.WorkflowException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The schedules page: every schedule with its next and last fire, pause, resume and delete; and a
 * form that creates or edits one, checking the cron expression as it is typed and showing its next
 * five fire times in the chosen time zone.
 */
@Named("schedules")
@ViewScoped
public class SchedulesPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int PREVIEW = 5;
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @Inject WorkflowClient client;
  @Inject WorkflowRegistry registry;
  @Inject Formats formats;
  @Inject Messages messages;

  private List<WorkflowSchedule> list;
  private String edit;
  private boolean editing;
  private String editedId;
  private String workflow;
  private String cron = "0 * * * *";
  private String timeZone = "UTC";
  private String catchUp = "one";
  private long catchUpWindowMinutes = 60;
  private String overlap = "skip";
  private String input = "{}";
  private List<String> preview = List.of();
  private String cronError;

  /** Reads the schedules; opens the one named by {@code ?edit=} in the form. */
  public void load() {
    list = client.listSchedules();
    if (edit != null) {
      try {
        open(client.getSchedule(edit));
      } catch (ScheduleNotFoundException e) {
        messages.warn("No schedule has the id " + edit + ".");
      }
    }
  }

  /** Opens an empty form for a new schedule. */
  public void create() {
    editing = true;
    editedId = null;
    List<String> names = getWorkflowNames();
    workflow = names.isEmpty() ? null : names.get(0);
    cron = "0 * * * *";
    timeZone = "UTC";
    catchUp = "one";
    catchUpWindowMinutes = 60;
    overlap = "skip";
    input = "{}";
    updatePreview();
  }

  /**
   * Opens a schedule in the form.
   *
   * @param schedule the schedule
   */
  public void open(WorkflowSchedule schedule) {
    editing = true;
    editedId = schedule.scheduleId();
    workflow = schedule.workflowName();
    cron = schedule.cronExpression();
    ScheduleOptions options = schedule.options();
    timeZone = options.timeZone();
    catchUp = options.catchUp().name().toLowerCase(Locale.ROOT);
    catchUpWindowMinutes = options.catchUpWindow().toMinutes();
    overlap = options.overlap().name().toLowerCase(Locale.ROOT);
    input = formats.json(schedule.input());
    updatePreview();
  }

  /** Closes the form without saving. */
  public void close() {
    editing = false;
    editedId = null;
  }

  /** Checks the cron expression and time zone as they are typed, and lists the next fire times. */
  public void updatePreview() {
    try {
      ZoneId zone = ZoneId.of(timeZone);
      preview =
          client.previewSchedule(cron, timeZone, PREVIEW).stream()
              .map(t -> LOCAL.format(t.atZone(zone)))
              .toList();
      cronError = null;
    } catch (InvalidInputException | java.time.DateTimeException e) {
      preview = List.of();
      cronError = e.getMessage();
    }
  }

  /** Saves the form: a new schedule, or the changes to the open one. */
  public void save() {
    ScheduleOptions options =
        new ScheduleOptions(
            timeZone,
            ScheduleOptions.CatchUp.valueOf(catchUp.toUpperCase(Locale.ROOT)),
            Duration.ofMinutes(catchUpWindowMinutes),
            ScheduleOptions.Overlap.valueOf(overlap.toUpperCase(Locale.ROOT)));
    try {
      if (editedId == null) {
        String id = client.scheduleWorkflow(workflow, cron, JsonText.parseObject(input), options);
        messages.info("Scheduled " + workflow + " (" + cron + "), schedule " + id + ".");
      } else {
        client.updateSchedule(editedId, cron, JsonText.parseObject(input), options);
        messages.info("Saved the schedule of " + workflow + ".");
      }
      editing = false;
      editedId = null;
    } catch (WorkflowException e) {
      messages.error(e.getMessage());
    }
    list = client.listSchedules();
  }

  /**
   * Pauses a schedule.
   *
   * @param schedule the schedule
   */
  public void pause(WorkflowSchedule schedule) {
    act(() -> client.pauseSchedule(schedule.scheduleId()), "Paused " + name(schedule) + ".");
  }

  /**
   * Resumes a schedule from its next occurrence.
   *
   * @param schedule the schedule
   */
  public void resume(WorkflowSchedule schedule) {
    act(() -> client.resumeSchedule(schedule.scheduleId()), "Resumed " + name(schedule) + ".");
  }

  /**
   * Deletes a schedule; its runs stay.
   *
   * @param schedule the schedule
   */
  public void delete(WorkflowSchedule schedule) {
    act(() -> client.deleteSchedule(schedule.scheduleId()), "Deleted " + name(schedule) + ".");
    if (schedule.scheduleId().equals(editedId)) {
      close();
    }
  }

  private static String name(WorkflowSchedule schedule) {
    return "the schedule of " + schedule.workflowName() + " (" + schedule.cronExpression() + ")";
  }

  private void act(Runnable action, String done) {
    try {
      action.run();
      messages.info(done);
    } catch (WorkflowException e) {
      messages.error(e.getMessage());
    }
    list = client.listSchedules();
  }

  /**
   * The time zones one may choose.
   *
   * @return IANA names, sorted, UTC first
   */
  public List<String> getTimeZones() {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of("UTC"),
            ZoneId.getAvailableZoneIds().stream()
                .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
                .sorted())
        .toList();
  }

  /**
   * The workflows one may schedule.
   *
   * @return their names, sorted
   */
  public List<String> getWorkflowNames() {
    return registry.workflows().stream().map(WorkflowInfo::name).sorted().toList();
  }

  /**
   * When a schedule fires next, in its own time zone.
   *
   * @param schedule the schedule
   * @return the local time with the zone, or an empty string
   */
  public String nextInZone(WorkflowSchedule schedule) {
    Instant next = schedule.nextFireAt();
    return next == null
        ? ""
        : LOCAL.format(next.atZone(ZoneId.of(schedule.options().timeZone())))
            + " "
            + schedule.options().timeZone();
  }

  public List<WorkflowSchedule> getList() {
    if (list == null) {
      list = client.listSchedules();
    }
    return list;
  }

  public String getEdit() {
    return edit;
  }

  public void setEdit(String edit) {
    this.edit = edit == null || edit.isBlank() ? null : edit.strip();
  }

  public boolean isEditing() {
    return editing;
  }

  public boolean isNew() {
    return editedId == null;
  }

  public String getWorkflow() {
    return workflow;
  }

  public void setWorkflow(String workflow) {
    this.workflow = workflow;
  }

  public String getCron() {
    return cron;
  }

  public void setCron(String cron) {
    this.cron = cron == null ? "" : cron.strip();
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getCatchUp() {
    return catchUp;
  }

  public void setCatchUp(String catchUp) {
    this.catchUp = catchUp;
  }

  public long getCatchUpWindowMinutes() {
    return catchUpWindowMinutes;
  }

  public void setCatchUpWindowMinutes(long catchUpWindowMinutes) {
    this.catchUpWindowMinutes = catchUpWindowMinutes;
  }

  public String getOverlap() {
    return overlap;
  }

  public void setOverlap(String overlap) {
    this.overlap = overlap;
  }

  public String getInput() {
    return input;
  }

  public void setInput(String input) {
    this.input = input;
  }

  public List<String> getPreview() {
    return preview;
  }

  public String getCronError() {
    return cronError;
  }
}
