package io.tinyworkflow.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON bodies the API reads, with the guide's field names. {@link RequestReader} reads them: a
 * field of the wrong JSON type, malformed JSON or a body that is not an object is a 400 that names
 * the problem, an empty body reads as {@code {}}, and a {@code null} field is the same as an absent
 * one. Bean Validation ({@code @Valid} on the resource's parameter) then checks each field, with a
 * message that names it ({@link ValidationErrors}); rules that join two fields stay in the
 * resource.
 */
public final class Requests {

  private Requests() {}

  private static final String WORKFLOW_NAME_REQUIRED = "'workflow_name' is required";
  private static final String WAIT_TIMEOUT_RANGE =
      "'wait_timeout' must be between 1 and "
          + WorkflowResource.MAX_WAIT_SECONDS
          + " seconds, not ${validatedValue}";

  /** {@code POST /api/workflows/start}. */
  @Schema(name = "StartRequest", description = "A run to start now")
  public record Start(
      @Schema(description = "A registered workflow", required = true, example = "simple_etl")
          @NotBlank(message = WORKFLOW_NAME_REQUIRED)
          @JsonbProperty("workflow_name")
          String workflowName,
      @Schema(description = "The run's input: any JSON object; {} when absent")
          @JsonbProperty("input_data")
          @JsonbTypeDeserializer(PlainObject.class)
          Map<String, Object> inputData,
      @Schema(description = "The group of runs it belongs to; a new group named after the run id")
          @JsonbProperty("workflow_id")
          String workflowId,
      @Schema(description = "A run already started with this key is answered instead of a new one")
          @JsonbProperty("idempotency_key")
          String idempotencyKey,
      @Schema(description = "Whether to answer only once the run has ended", defaultValue = "false")
          @JsonbProperty("wait")
          Boolean waitForEnd,
      @Schema(
              description =
                  "With wait: how many seconds to wait at most; a run still going then is a 504",
              defaultValue = "300",
              minimum = "1",
              maximum = "3600")
          @Min(value = 1, message = WAIT_TIMEOUT_RANGE)
          @Max(value = WorkflowResource.MAX_WAIT_SECONDS, message = WAIT_TIMEOUT_RANGE)
          @JsonbProperty("wait_timeout")
          Long waitTimeout,
      @Schema(
              description =
                  "Its place among the due runs of its queue: higher first (a queue with limits)",
              defaultValue = "0")
          @JsonbProperty("priority")
          Integer priority) {}

  /** {@code POST /api/workflows/delayed}: {@code delay_seconds} or {@code start_at}. */
  @Schema(
      name = "DelayedStartRequest",
      description = "A run to start later: give delay_seconds or start_at (start_at wins)")
  public record DelayedStart(
      @Schema(description = "A registered workflow", required = true, example = "reminder_task")
          @NotBlank(message = WORKFLOW_NAME_REQUIRED)
          @JsonbProperty("workflow_name")
          String workflowName,
      @Schema(description = "The run's input: any JSON object; {} when absent")
          @JsonbProperty("input_data")
          @JsonbTypeDeserializer(PlainObject.class)
          Map<String, Object> inputData,
      @Schema(description = "The group of runs it belongs to; a new group named after the run id")
          @JsonbProperty("workflow_id")
          String workflowId,
      @Schema(description = "A run already started with this key is answered instead of a new one")
          @JsonbProperty("idempotency_key")
          String idempotencyKey,
      @Schema(description = "How many seconds from now the run starts", minimum = "0")
          @Min(value = 0, message = "'delay_seconds' must be 0 or more, not ${validatedValue}")
          @JsonbProperty("delay_seconds")
          Long delaySeconds,
      @Schema(description = "When the run starts, an ISO-8601 instant such as 2027-01-01T09:00:00Z")
          @JsonbProperty("start_at")
          Instant startAt,
      @Schema(
              description =
                  "Its place among the due runs of its queue: higher first (a queue with limits)",
              defaultValue = "0")
          @JsonbProperty("priority")
          Integer priority) {}

  /** {@code POST /api/workflows/{run_id}/approve}. */
  @Schema(name = "DecisionRequest", description = "The decision on the approval a run waits for")
  public record Decision(
      @Schema(description = "true to approve, false to reject", required = true)
          @NotNull(message = "'approved' is required: true to approve, false to reject")
          @JsonbProperty("approved")
          Boolean approved,
      @Schema(description = "Which approval, when the run waits for several") @JsonbProperty("key")
          String key,
      @Schema(description = "Why, kept with the decision") @JsonbProperty("comment")
          String comment) {}

  /** {@code POST /api/workflows/{run_id}/restart}. */
  @Schema(
      name = "RestartRequest",
      description = "Restart a run that ended from one of its steps, in a new run")
  public record Restart(
      @Schema(
              description = "The first step to execute again; the steps before it are copied",
              required = true,
              minimum = "1",
              example = "3")
          @NotNull(message = "'from_step' is required: the first step to execute again")
          @Min(value = 1, message = "'from_step' must be 1 or more, not ${validatedValue}")
          @JsonbProperty("from_step")
          Long fromStep,
      @Schema(description = "The new run's input: any JSON object; the original's when absent")
          @JsonbProperty("input_data")
          @JsonbTypeDeserializer(PlainObject.class)
          Map<String, Object> inputData) {}

  /** {@code POST /api/workflows/purge}. */
  @Schema(name = "PurgeRequest", description = "Delete the runs that ended before a time")
  public record Purge(
      @Schema(
              description = "How long ago the runs ended: 30d, 12h, 90m or ISO-8601 (P30D)",
              required = true,
              example = "30d")
          @NotNull(message = "'older_than' is required, such as \"30d\"")
          @JsonbProperty("older_than")
          String olderThan,
      @Schema(description = "Only runs of this workflow; all when absent")
          @JsonbProperty("workflow_name")
          String workflowName) {}

  /** {@code POST /api/schedules}. */
  @Schema(name = "ScheduleRequest", description = "A workflow to run on a cron schedule")
  public record Schedule(
      @Schema(description = "A registered workflow", required = true, example = "daily_backup")
          @NotNull(message = WORKFLOW_NAME_REQUIRED)
          @JsonbProperty("workflow_name")
          String workflowName,
      @Schema(
              description = "Five fields (minute hour day-of-month month day-of-week), or six",
              required = true,
              example = "0 2 * * *")
          @NotNull(message = "'cron_expression' is required")
          @JsonbProperty("cron_expression")
          String cronExpression,
      @Schema(description = "Each run's input: any JSON object; {} when absent")
          @JsonbProperty("input_data")
          @JsonbTypeDeserializer(PlainObject.class)
          Map<String, Object> inputData,
      @Schema(description = "The IANA time zone the expression is read in", defaultValue = "UTC")
          @JsonbProperty("time_zone")
          String timeZone,
      @Schema(
              description = "What to do with occurrences missed while no server ran",
              enumeration = {"one", "skip", "each"},
              defaultValue = "one")
          @JsonbProperty("catch_up")
          String catchUp,
      @Schema(description = "With catch_up each: how far back missed occurrences still run")
          @JsonbProperty("catch_up_window_seconds")
          Long catchUpWindowSeconds,
      @Schema(
              description = "What to do with an occurrence while the previous run goes on",
              enumeration = {"skip", "allow"},
              defaultValue = "skip")
          @JsonbProperty("overlap")
          String overlap) {}

  /** {@code PUT /api/schedules/{schedule_id}}: what is absent keeps its value. */
  @Schema(
      name = "ScheduleUpdateRequest",
      description = "What changes in a schedule; what is absent keeps its value")
  public record ScheduleUpdate(
      @Schema(description = "Five fields (minute hour day-of-month month day-of-week), or six")
          @JsonbProperty("cron_expression")
          String cronExpression,
      @Schema(description = "Each run's input: any JSON object")
          @JsonbProperty("input_data")
          @JsonbTypeDeserializer(PlainObject.class)
          Map<String, Object> inputData,
      @Schema(description = "The IANA time zone the expression is read in")
          @JsonbProperty("time_zone")
          String timeZone,
      @Schema(
              description = "What to do with occurrences missed while no server ran",
              enumeration = {"one", "skip", "each"})
          @JsonbProperty("catch_up")
          String catchUp,
      @Schema(description = "With catch_up each: how far back missed occurrences still run")
          @JsonbProperty("catch_up_window_seconds")
          Long catchUpWindowSeconds,
      @Schema(
              description = "What to do with an occurrence while the previous run goes on",
              enumeration = {"skip", "allow"})
          @JsonbProperty("overlap")
          String overlap) {}

  /**
   * Reads a free-form JSON object as plain Java values in the order the client wrote them: nested
   * objects as ordered maps, arrays as lists, numbers as the JSON parser gives them.
   */
  public static final class PlainObject implements JsonbDeserializer<Map<String, Object>> {

    @Override
    public Map<String, Object> deserialize(
        JsonParser parser, DeserializationContext context, Type type) {
      return JsonBodies.plainObject(parser.getObject());
    }
  }
}
