package io.tinyworkflow.rest;

import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.StartOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs: start, read, list, cancel, their audit trail, and approving them (the guide's routes). */
@Tag(name = "Workflows", description = "Workflow runs")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN})
@Path("/workflows")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

  @Inject WorkflowClient client;
  @Inject java.time.Clock clock;

  /**
   * Starts a run: {@code {"workflow_name": ..., "input_data": {...}, "wait": false}}, and
   * optionally {@code workflow_id}, {@code idempotency_key} and {@code wait_timeout} (seconds, 300
   * by default): a run still going when it passes is a 504 with its {@code run_id}.
   *
   * @param request the request
   * @return {@code run_id} and {@code status}: {@code started}, or with {@code wait} the run's
   *     status when the wait ended, its output and error; the run under {@code run}
   */
  @RequestBody(
      description = "The workflow, its input, and whether to wait for the run to end",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              example =
                  "{\"workflow_name\": \"simple_etl\", \"input_data\": {\"url\": \"https://api.example.com\"}, \"wait\": true}"))
  @Operation(summary = "Start a workflow run, optionally waiting for its end")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Path("/start")
  @Consumes(MediaType.WILDCARD)
  public Response start(@Valid Requests.Start request) {
    String workflowName = request.workflowName();
    boolean wait = Boolean.TRUE.equals(request.waitForEnd());
    long seconds = request.waitTimeout() == null ? DEFAULT_WAIT_SECONDS : request.waitTimeout();
    StartOptions options =
        StartOptions.DEFAULTS
            .withWorkflowId(request.workflowId())
            .withIdempotencyKey(request.idempotencyKey())
            .withPriority(request.priority() == null ? 0 : request.priority());
    String runId =
        client.startWorkflow(
            workflowName,
            request.inputData(),
            wait ? options.waitingUpTo(Duration.ofSeconds(seconds)) : options);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    if (!wait) {
      return Response.ok(
              new Views.Started(runId, "started", workflowName, null, null, Views.Run.of(run)))
          .build();
    }
    if (run.status().isTerminal()) {
      return Response.ok(
              new Views.Started(
                  runId,
                  run.status().wireName(),
                  workflowName,
                  run.output(),
                  run.error(),
                  Views.Run.of(run)))
          .build();
    }
    // The wait has a bound: the run goes on, and the caller has its id to follow it.
    String error =
        "Run "
            + runId
            + " is still "
            + run.status().wireName()
            + " after "
            + seconds
            + " s; it goes on: follow it with GET /api/workflows/"
            + runId;
    return Response.status(504)
        .type(MediaType.APPLICATION_JSON)
        .entity(
            new Views.Started(
                runId, run.status().wireName(), workflowName, null, error, Views.Run.of(run)))
        .build();
  }

  /** How long {@code wait: true} waits for the run's end unless {@code wait_timeout} says. */
  static final long DEFAULT_WAIT_SECONDS = 300;

  /** The longest {@code wait_timeout}. */
  static final long MAX_WAIT_SECONDS = 3600;

  /**
   * Reads a run.
   *
   * @param runId the run
   * @return the run
   */
  @Operation(summary = "Read a run: status, input, output, error, times")
  @GET
  @Path("/{run_id}")
  public Views.Run get(@PathParam("run_id") String runId) {
    return Views.Run.of(client.getWorkflowStatus(runId), client.getWorkflowAttributes(runId));
  }

  /**
   * Lists runs, newest first.
   *
   * @param status only runs in this status
   * @param workflowName only runs of this workflow
   * @param attributes only runs whose search attributes have these values, each {@code key=value}
   * @param limit at most this many (1 to 1000)
   * @param offset skip this many
   * @param after the run the page follows: the previous page's {@code next_after}
   * @return {@code {"workflows": [...], "next_after": ...}}
   */
  @Operation(
      summary =
          "List runs, newest first, filtered by status, workflow and search attributes"
              + " (attribute=key=value, repeatable); page with after=<next_after> (fast at any"
              + " depth) or offset")
  @GET
  public Views.RunList list(
      @QueryParam("status") String status,
      @QueryParam("workflow_name") String workflowName,
      @QueryParam("attribute") List<String> attributes,
      @QueryParam("limit") @DefaultValue("100") String limit,
      @QueryParam("offset") @DefaultValue("0") String offset,
      @QueryParam("after") String after) {
    int max = Params.number("limit", limit);
    int skip = Params.number("offset", offset);
    WorkflowStatus only = status(status);
    RunFilter filter =
        RunFilter.ALL
            .withStatuses(only == null ? Set.of() : Set.of(only))
            .withWorkflowName(workflowName);
    for (String attribute : attributes == null ? List.<String>of() : attributes) {
      int eq = attribute == null ? -1 : attribute.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException(
            "The attribute filter '"
                + attribute
                + "' is not key=value, e.g. attribute=customer=C-42");
      }
      filter = filter.withAttribute(attribute.substring(0, eq), attribute.substring(eq + 1));
    }
    List<io.tinyworkflow.api.WorkflowExecution> runs;
    if (after != null) {
      if (skip != 0) {
        throw new InvalidInputException(
            "Give after or offset, not both: after=<run id> already says where the page starts");
      }
      runs = client.findWorkflowExecutionsAfter(filter, after, max);
    } else {
      runs = client.findWorkflowExecutions(filter, max, skip);
    }
    String next = runs.size() == max ? runs.get(runs.size() - 1).runId() : null;
    return new Views.RunList(Views.Run.of(runs), next);
  }

  /**
   * Cancels a run.
   *
   * @param runId the run
   * @return {@code {"status": "cancelled", "run_id": ..., "run": {...}}}, or {@code "status":
   *     "cancelling"} when the run registered compensations: they run first, then it ends cancelled
   */
  @Operation(summary = "Cancel a run that has not ended, and its children")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @DELETE
  @Path("/{run_id}")
  public Views.RunChange cancel(@PathParam("run_id") String runId) {
    client.cancelWorkflow(runId);
    var run = client.getWorkflowStatus(runId);
    return new Views.RunChange(
        run.status() == WorkflowStatus.CANCELLED ? "cancelled" : "cancelling",
        runId,
        Views.Run.of(run));
  }

  /**
   * Returns a run's audit trail, oldest first.
   *
   * @param runId the run
   * @param limit at most this many events (1 to 10000)
   * @return {@code {"events": [...]}}
   */
  @Operation(summary = "Read a run's audit trail")
  @GET
  @Path("/{run_id}/events")
  public Views.EventList events(
      @PathParam("run_id") String runId, @QueryParam("limit") @DefaultValue("100") String limit) {
    return new Views.EventList(
        client.getWorkflowEvents(runId, Params.number("limit", limit)).stream()
            .map(Views.Event::of)
            .toList());
  }

  /**
   * Restarts a run that ended from one of its steps: {@code {"from_step": 3}}, and optionally
   * {@code input_data} for the new run.
   *
   * @param runId the run
   * @param request the step, and the new input
   * @return {@code {"status": "restarted", "run_id": <new run>, "run": {...}}}, with {@code
   *     forked_from} and {@code forked_from_step} in the run
   */
  @RequestBody(
      description = "The step to execute from; input_data to change the input",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, example = "{\"from_step\": 3}"))
  @Operation(summary = "Restart a run that ended from one of its steps, as a new run")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Path("/{run_id}/restart")
  @Consumes(MediaType.WILDCARD)
  public Response restart(@PathParam("run_id") String runId, @Valid Requests.Restart request) {
    int fromStep = (int) Math.min(request.fromStep(), Integer.MAX_VALUE);
    String newRunId = client.restartWorkflow(runId, fromStep, request.inputData());
    return Response.status(Response.Status.CREATED)
        .entity(
            new Views.RunChange(
                "restarted", newRunId, Views.Run.of(client.getWorkflowStatus(newRunId))))
        .build();
  }

  /**
   * Purges the runs that ended longer ago than a duration, with everything recorded of them.
   *
   * @param request how long ago, and optionally the workflow
   * @return {@code {"status": "purged", "purged": N, "ended_before": ..., "workflow_name": ...}}
   */
  @RequestBody(
      description = "How long ago the runs ended; workflow_name to purge one workflow's runs",
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, example = "{\"older_than\": \"30d\"}"))
  @Operation(summary = "Delete the runs that ended before a time, with their history")
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("/purge")
  @Consumes(MediaType.WILDCARD)
  public Views.Purged purge(@Valid Requests.Purge request) {
    Duration olderThan = Params.duration("older_than", request.olderThan());
    java.time.Instant before = clock.instant().minus(olderThan);
    int purged = client.purgeWorkflows(olderThan, request.workflowName());
    return new Views.Purged("purged", purged, before, request.workflowName());
  }

  /**
   * Retries a run in {@code retrying} now, skipping the rest of its backoff.
   *
   * @param runId the run
   * @return {@code {"status": "retrying_now", "run_id": ..., "run": {...}}}
   */
  @Operation(summary = "Retry a retrying run now, without the rest of its backoff")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Path("/{run_id}/retry-now")
  @Consumes(MediaType.WILDCARD)
  public Views.RunChange retryNow(@PathParam("run_id") String runId) {
    client.retryNow(runId);
    return new Views.RunChange(
        "retrying_now", runId, Views.Run.of(client.getWorkflowStatus(runId)));
  }

  /**
   * Decides the approval a run waits for: {@code {"approved": true}}, and optionally {@code key}
   * (when it waits for several) and {@code comment}.
   *
   * @param runId the run
   * @param request the decision
   * @return {@code {"status": "approved"}} or {@code "rejected"}, with the run's id
   */
  @RequestBody(
      description = "The decision; key when the run waits for several approvals",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              example = "{\"approved\": true, \"comment\": \"within budget\"}"))
  @Operation(summary = "Approve or reject a run that waits for an approval")
  @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
  @POST
  @Path("/{run_id}/approve")
  @Consumes(MediaType.WILDCARD)
  public Views.Decision approve(
      @PathParam("run_id") String runId, @Valid Requests.Decision request) {
    boolean approved = request.approved();
    client.decideApproval(runId, request.key(), approved, request.comment());
    return new Views.Decision(
        approved ? "approved" : "rejected", runId, approved, request.key(), request.comment());
  }

  /**
   * Starts a run later: {@code {"workflow_name": ..., "delay_seconds": 60, "input_data": {...}}},
   * or {@code "start_at": "2027-01-01T09:00:00Z"} instead of the delay; optionally {@code
   * workflow_id} and {@code idempotency_key} (a key a run holds answers that run).
   *
   * @param request the request
   * @return {@code {"status": "scheduled", "run_id": ..., "run": {...}}}: the pending run
   */
  @RequestBody(
      description = "The workflow, its input, and delay_seconds or start_at",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              example =
                  "{\"workflow_name\": \"reminder_task\", \"delay_seconds\": 3600, \"input_data\": {\"task_id\": \"123\"}}"))
  @Operation(summary = "Start a workflow later: after a delay or at a time")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Path("/delayed")
  @Consumes(MediaType.WILDCARD)
  public Views.RunChange delayed(@Valid Requests.DelayedStart request) {
    StartOptions options =
        StartOptions.DEFAULTS
            .withWorkflowId(request.workflowId())
            .withIdempotencyKey(request.idempotencyKey())
            .withPriority(request.priority() == null ? 0 : request.priority());
    if (request.startAt() != null) {
      options = options.startingAt(request.startAt());
    } else if (request.delaySeconds() != null) {
      options = options.delayedBy(Duration.ofSeconds(request.delaySeconds()));
    } else {
      throw new InvalidInputException("'delay_seconds' (a whole number) or 'start_at' is required");
    }
    String runId = client.startWorkflow(request.workflowName(), request.inputData(), options);
    return new Views.RunChange("scheduled", runId, Views.Run.of(client.getWorkflowStatus(runId)));
  }

  /**
   * Sends a signal to a run; the body is its payload (any JSON value, or empty for none).
   *
   * @param runId the run
   * @param name the signal name
   * @param body the payload
   * @return {@code {"status": "signalled"}}, the run's id and the signal's name
   */
  @RequestBody(
      description = "The payload: any JSON value",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, example = "{\"amount\": 120}"))
  @Operation(summary = "Send a signal to a run")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @POST
  @Path("/{run_id}/signals/{name}")
  @Consumes(MediaType.WILDCARD)
  public Views.Signalled signal(
      @PathParam("run_id") String runId, @PathParam("name") String name, String body) {
    client.signal(runId, name, JsonBodies.value(body));
    return new Views.Signalled("signalled", runId, name);
  }

  /**
   * Returns the values a run published.
   *
   * @param runId the run
   * @return the latest value of each name
   */
  @Operation(summary = "Read the values a run published")
  @GET
  @Path("/{run_id}/state")
  public Map<String, Object> state(@PathParam("run_id") String runId) {
    return client.getPublishedState(runId);
  }

  /**
   * Lists the child workflows a run started.
   *
   * @param runId the run
   * @return {@code {"children": [...]}}
   */
  @Operation(summary = "List the child workflows a run started")
  @GET
  @Path("/{run_id}/children")
  public Views.ChildList children(@PathParam("run_id") String runId) {
    return new Views.ChildList(Views.Run.of(client.getChildWorkflows(runId)));
  }

  /**
   * Lists the durable steps of a run: name, kind, status, attempts, start, end and duration.
   *
   * @param runId the run
   * @return {@code {"steps": [...]}}, by step number
   */
  @Operation(
      summary = "List a run's durable steps: name, kind, status, attempts, start, end, duration")
  @GET
  @Path("/{run_id}/steps")
  public Views.StepList steps(@PathParam("run_id") String runId) {
    return new Views.StepList(client.getWorkflowSteps(runId).stream().map(Views.Step::of).toList());
  }

  private static WorkflowStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return WorkflowStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "Unknown status '"
              + status
              + "': use one of "
              + String.join(
                  ", ",
                  Arrays.stream(WorkflowStatus.values()).map(WorkflowStatus::wireName).toList()));
    }
  }
}
