package io.tinyworkflow.rest;

import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Cron schedules: create (the guide's route), list, read, pause, resume, update, delete, preview.
 */
@Tag(name = "Schedules", description = "Cron schedules")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN})
@Path("/schedules")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

  @Inject WorkflowClient client;

  /**
   * Schedules a workflow: {@code {"workflow_name": ..., "cron_expression": "0 2 * * *",
   * "input_data": {...}}}.
   *
   * @param request the request
   * @return {@code {"status": "scheduled", "job_id": ..., "schedule_id": ..., "schedule": {...}}}
   */
  @RequestBody(
      description = "The workflow, the cron expression, its input and policies",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              example =
                  "{\"workflow_name\": \"daily_backup\", \"cron_expression\": \"0 2 * * *\", \"input_data\": {}, \"time_zone\": \"UTC\"}"))
  @Operation(summary = "Schedule a workflow with a cron expression")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Consumes(MediaType.WILDCARD)
  public Views.ScheduleChange create(@Valid Requests.Schedule request) {
    String id =
        client.scheduleWorkflow(
            request.workflowName(),
            request.cronExpression(),
            request.inputData(),
            options(
                ScheduleOptions.DEFAULTS,
                request.timeZone(),
                request.catchUp(),
                request.catchUpWindowSeconds(),
                request.overlap()));
    return new Views.ScheduleChange("scheduled", id, id, Views.Schedule.of(client.getSchedule(id)));
  }

  /**
   * Lists the schedules, oldest first.
   *
   * @return {@code {"schedules": [...]}}, each with its next and last fire times
   */
  @Operation(summary = "List the schedules")
  @GET
  public Views.ScheduleList list() {
    return new Views.ScheduleList(client.listSchedules().stream().map(Views.Schedule::of).toList());
  }

  /**
   * Returns the next fire times of an expression, saving nothing.
   *
   * @param cron the cron expression
   * @param timeZone an IANA time zone; UTC when absent
   * @param count how many (1 to 100)
   * @return the expression and its next fire times
   */
  @Operation(summary = "Preview the next fire times of a cron expression, saving nothing")
  @GET
  @Path("/preview")
  public Views.Preview preview(
      @QueryParam("cron_expression") String cron,
      @QueryParam("time_zone") String timeZone,
      @QueryParam("count") @DefaultValue("5") String count) {
    if (cron == null) {
      throw new InvalidInputException("'cron_expression' is required");
    }
    return new Views.Preview(
        cron,
        timeZone == null || timeZone.isBlank() ? "UTC" : timeZone,
        client.previewSchedule(cron, timeZone, Params.number("count", count)));
  }

  /**
   * Reads a schedule.
   *
   * @param id the schedule
   * @return it
   */
  @Operation(summary = "Read a schedule")
  @GET
  @Path("/{schedule_id}")
  public Views.Schedule get(@PathParam("schedule_id") String id) {
    return Views.Schedule.of(client.getSchedule(id));
  }

  /**
   * Pauses a schedule.
   *
   * @param id the schedule
   * @return {@code {"status": "paused", ...}} with the schedule
   */
  @Operation(summary = "Pause a schedule")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Path("/{schedule_id}/pause")
  public Views.ScheduleChange pause(@PathParam("schedule_id") String id) {
    client.pauseSchedule(id);
    return change("paused", id);
  }

  /**
   * Resumes a schedule from its next occurrence.
   *
   * @param id the schedule
   * @return {@code {"status": "resumed", ...}} with the schedule
   */
  @Operation(summary = "Resume a paused schedule")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Path("/{schedule_id}/resume")
  public Views.ScheduleChange resume(@PathParam("schedule_id") String id) {
    client.resumeSchedule(id);
    return change("resumed", id);
  }

  /**
   * Changes a schedule: {@code {"cron_expression": ..., "input_data": {...}, "time_zone": ...,
   * "catch_up": ..., "catch_up_window_seconds": ..., "overlap": ...}}; what is absent keeps its
   * value.
   *
   * @param id the schedule
   * @param request the change
   * @return {@code {"status": "updated", ...}} with the schedule
   */
  @RequestBody(
      description = "What changes; what is absent keeps its value",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              example = "{\"cron_expression\": \"30 3 * * *\", \"time_zone\": \"Europe/Paris\"}"))
  @Operation(summary = "Change a schedule's cron expression, time zone, input or policies")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @PUT
  @Path("/{schedule_id}")
  @Consumes(MediaType.WILDCARD)
  public Views.ScheduleChange update(
      @PathParam("schedule_id") String id, @Valid Requests.ScheduleUpdate request) {
    WorkflowSchedule old = client.getSchedule(id);
    client.updateSchedule(
        id,
        request.cronExpression() == null ? old.cronExpression() : request.cronExpression(),
        request.inputData() == null ? old.input() : request.inputData(),
        options(
            old.options(),
            request.timeZone(),
            request.catchUp(),
            request.catchUpWindowSeconds(),
            request.overlap()));
    return change("updated", id);
  }

  /**
   * Deletes a schedule.
   *
   * @param id the schedule
   * @return {@code {"status": "deleted", "schedule_id": ...}}
   */
  @Operation(summary = "Delete a schedule")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @DELETE
  @Path("/{schedule_id}")
  public Views.ScheduleChange delete(@PathParam("schedule_id") String id) {
    client.deleteSchedule(id);
    return new Views.ScheduleChange("deleted", null, id, null);
  }

  private Views.ScheduleChange change(String status, String id) {
    return new Views.ScheduleChange(status, null, id, Views.Schedule.of(client.getSchedule(id)));
  }

  /**
   * Applies the optional policy fields of a request to options: {@code time_zone}, {@code catch_up}
   * ({@code one}, {@code skip} or {@code each}), {@code catch_up_window_seconds} and {@code
   * overlap} ({@code skip} or {@code allow}); an absent one keeps the value of {@code base}.
   */
  private static ScheduleOptions options(
      ScheduleOptions base, String zone, String catchUp, Long window, String overlap) {
    ScheduleOptions options = base;
    if (zone != null) {
      options = options.inTimeZone(zone);
    }
    if (catchUp != null || window != null) {
      options =
          options.catchingUp(
              catchUp == null
                  ? options.catchUp()
                  : choice("catch_up", catchUp, ScheduleOptions.CatchUp.class),
              window == null ? options.catchUpWindow() : Duration.ofSeconds(window));
    }
    if (overlap != null) {
      options = options.overlapping(choice("overlap", overlap, ScheduleOptions.Overlap.class));
    }
    return options;
  }

  private static <E extends Enum<E>> E choice(String field, String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "'"
              + field
              + "' must be one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList()
              + ", not '"
              + value
              + "'");
    }
  }
}
