package io.tinyworkflow.engine;

import io.tinyworkflow.api.ApprovalDecision;
import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.RunsPerMinute;
import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.ServerLoad;
import io.tinyworkflow.api.StartOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.api.failure.WorkflowException;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.PersistenceFailure;
import io.tinyworkflow.persistence.PublishedStateStore;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.WaitStore;
import io.tinyworkflow.security.RequiresRole;
import io.tinyworkflow.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@link WorkflowClient} of this server. */
@ApplicationScoped
public class DefaultWorkflowClient implements WorkflowClient {

  private static final Duration WAIT_POLL = Duration.ofMillis(500);
  private static final int MAX_PENDING = 10_000;

  @Inject DefaultWorkflowRegistry registry;
  @Inject RunLifecycle lifecycle;
  @Inject RunQueries queries;
  @Inject Dispatcher dispatcher;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject Completions completions;
  @Inject WaitStore waits;
  @Inject PublishedStateStore published;
  @Inject WaitLifecycle waitLifecycle;
  @Inject Instance<Principal> principal;
  @Inject Schedules schedules;
  @Inject Restarts restarts;
  @Inject LifecycleEvents events;
  @Inject io.tinyworkflow.persistence.AttributeStore attributes;
  @Inject Retention retention;
  @Inject RunTracing tracing;
  @Inject jakarta.security.enterprise.SecurityContext security;

  // The interface's shortcuts, here so that the role check sees them: a default method of the
  // interface would call the operation past the interceptor.

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "start a run")
  public String startWorkflow(String workflowName, Map<String, ?> input) {
    return startWorkflow(workflowName, input, StartOptions.DEFAULTS);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "start a run")
  public String startWorkflow(String workflowName, Map<String, ?> input, String workflowId) {
    return startWorkflow(workflowName, input, StartOptions.DEFAULTS.withWorkflowId(workflowId));
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "start a run")
  public String startWorkflow(String workflowName, Map<String, ?> input, boolean wait) {
    return startWorkflow(
        workflowName, input, wait ? StartOptions.DEFAULTS.waitingForEnd() : StartOptions.DEFAULTS);
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read approvals")
  public List<ApprovalDecision> getDecidedApprovals(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit must be between 1 and 1000, not " + limit);
    }
    return waits.decidedApprovals(limit).stream()
        .map(
            d -> {
              Map<String, Object> decision = json.readObject(d.decision());
              return new ApprovalDecision(
                  d.approval().runId(),
                  d.workflowId(),
                  d.workflowName(),
                  d.approval().key(),
                  Boolean.TRUE.equals(decision.get("approved")),
                  (String) decision.get("decided_by"),
                  (String) decision.get("comment"),
                  d.approval().createdAt(),
                  d.decidedAt());
            })
        .toList();
  }

  @Override
  @RequiresRole(
      value = {Roles.APPROVER, Roles.ADMIN},
      action = "decide an approval")
  public void approveWorkflow(String runId) {
    decideApproval(runId, null, true, null);
  }

  @Override
  @RequiresRole(
      value = {Roles.APPROVER, Roles.ADMIN},
      action = "decide an approval")
  public void rejectWorkflow(String runId) {
    decideApproval(runId, null, false, null);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "create a schedule")
  public String scheduleWorkflow(String workflowName, String cronExpression, Map<String, ?> input) {
    return scheduleWorkflow(workflowName, cronExpression, input, ScheduleOptions.DEFAULTS);
  }

  /**
   * Starts a run now. With {@code wait}, the run executes in the caller's thread until it ends or
   * unwinds (to wait for something), and the call returns once it has ended, however long that
   * takes; without, it is handed to this server's executor, or left due for a server with room.
   */
  private String startNow(
      String workflowName,
      Map<String, ?> input,
      String workflowId,
      String idempotencyKey,
      boolean wait,
      int priority) {
    WorkflowInfo workflow = requireWorkflow(workflowName);
    String group = Names.optional("The workflow id", workflowId);
    String key = Names.optional("The idempotency key", idempotencyKey);
    String inputJson = json.write(input == null ? Map.of() : input);
    String runId = io.tinyworkflow.persistence.RunIds.next();
    Instant now = clock.instant();
    RunRecord run =
        RunLifecycle.newRun(
            workflow,
            runId,
            group == null ? runId : group,
            inputJson,
            now,
            RunRecord.Origin.caller(caller(), key, priority),
            tracing.startOfRun(workflow.name(), runId));
    String existing = run.idempotencyKey() == null ? null : existingRun(run, false);
    if (existing == null) {
      RunSnapshot snapshot =
          RunSnapshot.fresh(
              runId,
              workflowName,
              inputJson,
              run.deadlineAt(),
              run.startedBy(),
              run.createdAt(),
              run.traceParent());
      Dispatcher.Started started = Dispatcher.Started.UNWOUND;
      // A run of a queue with limits waits its turn in the queue, whoever starts it.
      boolean queued = dispatcher.queued(workflow.name());
      boolean here = !queued && (wait || dispatcher.hasRoom());
      if (wait && here) {
        started = dispatcher.startHere(run, snapshot);
      } else if (here ? !lifecycle.create(run) : !lifecycle.createDue(run)) {
        // createDue when this server is full: the first server with room takes it
        started = Dispatcher.Started.KEY_TAKEN;
      } else if (queued) {
        dispatcher.pollSoon();
      }
      boolean terminal = started == Dispatcher.Started.ENDED;
      if (started == Dispatcher.Started.KEY_TAKEN) {
        // Another caller stored the same idempotency key first.
        existing = existingRun(run, true);
      }
      if (existing == null) {
        if (!wait && here) {
          dispatcher.submitNew(snapshot);
        } else if (wait && !terminal) {
          // It unwound to wait (an activity's next attempt): it resumes when due, maybe elsewhere.
          awaitEnd(runId, completions.watch(runId));
        }
        // A start that does not wait on a full server returns once the run is stored due: the
        // first server with room takes it.
        return runId;
      }
    }
    if (wait) {
      awaitEnd(existing, completions.watch(existing));
    }
    return existing;
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "start a run")
  public String startWorkflow(String workflowName, Map<String, ?> input, StartOptions options) {
    StartOptions o = options == null ? StartOptions.DEFAULTS : options;
    if (o.startAt() != null && o.delay() != null) {
      throw new InvalidInputException("Give a start time or a delay, not both");
    }
    if (o.delay() != null && o.delay().isNegative()) {
      throw new InvalidInputException("The delay must be 0 or more, not " + o.delay());
    }
    if (o.waitUpTo() != null && (o.waitUpTo().isNegative() || o.waitUpTo().isZero())) {
      throw new InvalidInputException("The wait must be positive, not " + o.waitUpTo());
    }
    if (o.startAt() != null || o.delay() != null) {
      if (o.waitForEnd()) {
        throw new InvalidInputException("A run that starts later cannot be waited for here");
      }
      Instant at = o.startAt() != null ? o.startAt() : clock.instant().plus(o.delay());
      return startLater(workflowName, at, input, o.workflowId(), o.idempotencyKey(), o.priority());
    }
    if (o.waitUpTo() == null) {
      // Not waiting, or waiting as long as it takes: then the run executes in this thread.
      return startNow(
          workflowName, input, o.workflowId(), o.idempotencyKey(), o.waitForEnd(), o.priority());
    }
    // A bounded wait: the run executes elsewhere, so that this call can return when time is up.
    String runId =
        startNow(workflowName, input, o.workflowId(), o.idempotencyKey(), false, o.priority());
    awaitEnd(runId, completions.watch(runId), clock.instant().plus(o.waitUpTo()));
    return runId;
  }

  /**
   * The run already started with the idempotency key of {@code run}, or {@code null}.
   *
   * @param taken whether the store found the key taken: the run with it must be there
   */
  private String existingRun(RunRecord run, boolean taken) {
    String key = run.idempotencyKey();
    var found =
        key == null ? java.util.Optional.<RunRecord>empty() : queries.findByIdempotencyKey(key);
    if (found.isEmpty() && taken) {
      throw new PersistenceFailure(
          "Run " + run.runId() + " was not stored: its idempotency key is taken", null);
    }
    return found.map(RunRecord::runId).orElse(null);
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public WorkflowExecution getWorkflowStatus(String runId) {
    return toExecution(
        queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId)));
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<WorkflowExecution> listWorkflowExecutions(
      WorkflowStatus status, String workflowName, int limit, int offset) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit must be between 1 and 1000, not " + limit);
    }
    if (offset < 0) {
      throw new InvalidInputException("offset must be 0 or more, not " + offset);
    }
    return queries.list(status, blankToNull(workflowName), limit, offset).stream()
        .map(this::toExecution)
        .toList();
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<WorkflowExecution> findWorkflowExecutions(RunFilter filter, int limit, int offset) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit must be between 1 and 1000, not " + limit);
    }
    if (offset < 0) {
      throw new InvalidInputException("offset must be 0 or more, not " + offset);
    }
    return queries.find(checked(filter), limit, offset).stream().map(this::toExecution).toList();
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public long countWorkflowExecutions(RunFilter filter) {
    return queries.count(checked(filter));
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public long countWorkflowExecutions(RunFilter filter, long atMost) {
    if (atMost < 1) {
      throw new InvalidInputException("atMost must be 1 or more, not " + atMost);
    }
    return queries.count(checked(filter), atMost);
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<WorkflowExecution> findWorkflowExecutionsAfter(
      RunFilter filter, String afterRunId, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit must be between 1 and 1000, not " + limit);
    }
    RunFilter checked = checked(filter);
    if (checked.sort() != RunFilter.Sort.CREATED_AT) {
      throw new InvalidInputException(
          "pages that follow a run are in the order of creation; the filter is sorted by "
              + checked.sort().name().toLowerCase(java.util.Locale.ROOT));
    }
    String after = requireId(afterRunId);
    return queries
        .findAfter(checked, after, limit)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "the run "
                        + after
                        + " that the page follows is not found: it was purged, or never was"))
        .stream()
        .map(this::toExecution)
        .toList();
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<RunsPerMinute> countRunsPerMinute(Duration window) {
    if (window == null
        || window.compareTo(Duration.ofMinutes(1)) < 0
        || window.compareTo(Duration.ofHours(24)) > 0) {
      throw new InvalidInputException("the window must be 1 minute to 24 hours, not " + window);
    }
    Instant now = clock.instant();
    Instant first = now.minus(window).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    Map<Instant, RunsPerMinute> counted = new HashMap<>();
    queries.perMinute(first).forEach(m -> counted.put(m.minute(), m));
    List<RunsPerMinute> minutes = new ArrayList<>();
    for (Instant m = first; !m.isAfter(now); m = m.plus(Duration.ofMinutes(1))) {
      minutes.add(counted.getOrDefault(m, new RunsPerMinute(m, 0, 0, 0)));
    }
    return minutes;
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<ServerLoad> getServers() {
    return queries.servers(clock.instant());
  }

  private static RunFilter checked(RunFilter filter) {
    if (filter == null) {
      throw new InvalidInputException("a filter is required (RunFilter.ALL for every run)");
    }
    if (filter.createdFrom() != null
        && filter.createdBefore() != null
        && !filter.createdFrom().isBefore(filter.createdBefore())) {
      throw new InvalidInputException(
          "the time range is empty: from "
              + filter.createdFrom()
              + " is not before "
              + filter.createdBefore());
    }
    filter
        .attributes()
        .forEach(
            (key, value) -> {
              Names.require("A search attribute's name", key);
              Names.require("The value of search attribute '" + key + "'", value);
            });
    return filter
        .withWorkflowName(blankToNull(filter.workflowName()))
        .withId(blankToNull(filter.id() == null ? null : filter.id().strip()));
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public Map<String, Map<String, Long>> getVersionsInFlight() {
    return queries.versionsInFlight();
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public Map<WorkflowStatus, Long> countWorkflowExecutions() {
    Map<WorkflowStatus, Long> counts = new EnumMap<>(WorkflowStatus.class);
    for (WorkflowStatus status : WorkflowStatus.values()) {
      counts.put(status, 0L);
    }
    counts.putAll(queries.countByStatus());
    return counts;
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<WorkflowEvent> getWorkflowEvents(String runId, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("limit must be between 1 and 10000, not " + limit);
    }
    return AuditTrail.of(
        queries.audit(requireId(runId), limit).orElseThrow(() -> new RunNotFoundException(runId)),
        json,
        limit);
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<WorkflowStep> getWorkflowSteps(String runId) {
    return StepHistory.of(
        queries.steps(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId)), json);
  }

  @Override
  @RequiresRole(value = Roles.ADMIN, action = "purge runs")
  public int purgeWorkflows(Duration olderThan, String workflowName) {
    if (olderThan == null || olderThan.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new InvalidInputException(
          "Runs are purged when they ended at least a minute ago; got " + olderThan);
    }
    return retention.purge(clock.instant().minus(olderThan), blankToNull(workflowName));
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public Map<String, String> getWorkflowAttributes(String runId) {
    queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId));
    return attributes.of(runId);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "restart a run")
  public String restartWorkflow(String runId, int fromStep, Map<String, ?> input) {
    return restarts.restart(requireId(runId), fromStep, input, caller());
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "retry a run")
  public void retryNow(String runId) {
    restarts.retryNow(requireId(runId), caller());
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "cancel a run")
  public void cancelWorkflow(String runId) {
    RunRecord run =
        queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId));
    if (run.status().isTerminal()) {
      throw new IllegalRunStateException(
          "Run " + runId + " is already " + run.status().wireName() + " and cannot be cancelled");
    }
    RunLifecycle.Cancellation cancellation = lifecycle.cancel(runId, caller());
    if (cancellation.isEmpty()) {
      RunRecord now = queries.find(runId).orElseThrow();
      if (RunRecord.COMPENSATION_CANCELLING.equals(now.compensation())) {
        throw new IllegalRunStateException(
            "Run " + runId + " is being cancelled already: its compensations run");
      }
      throw new IllegalRunStateException(
          "Run " + runId + " is already " + now.status().wireName() + " and cannot be cancelled");
    }
    for (String cancelledRun : cancellation.cancelled()) {
      dispatcher.stop(cancelledRun, "cancelled");
      String workflow =
          cancelledRun.equals(runId)
              ? run.workflowName()
              : queries.find(cancelledRun).map(RunRecord::workflowName).orElse(null);
      events.cancelled(cancelledRun, workflow);
    }
    for (String compensating : cancellation.compensating()) {
      // Executing here: it stops and is claimed again; paused or waiting to retry: it is due now.
      dispatcher.stop(compensating, "cancel requested: its compensations run");
      dispatcher.wake(compensating);
    }
    if (run.parentRunId() != null && cancellation.cancelled().contains(runId)) {
      dispatcher.childEnded(run.parentRunId(), runId);
    }
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public List<WorkflowExecution> getChildWorkflows(String runId) {
    queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId));
    return queries.children(runId).stream().map(this::toExecution).toList();
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read approvals")
  public List<PendingApproval> getPendingApprovals() {
    return waits.pendingApprovals(MAX_PENDING).stream()
        .filter(a -> a.pending().approverRole() == null || mayDecide(a.pending().approverRole()))
        .map(
            a ->
                new PendingApproval(
                    a.pending().runId(),
                    a.workflowId(),
                    a.workflowName(),
                    a.pending().key(),
                    a.pending().step(),
                    a.pending().createdAt(),
                    a.pending().deadline(),
                    json.readObject(a.input()),
                    a.pending().approverRole(),
                    a.runCreatedAt()))
        .toList();
  }

  @Override
  @RequiresRole(
      value = {Roles.APPROVER, Roles.ADMIN},
      action = "decide an approval")
  public void decideApproval(String runId, String key, boolean approved, String comment) {
    requireActive(runId, "approval");
    Optional<WorkflowException> refused =
        waitLifecycle.decide(
            runId,
            Names.optional("The approval key", key),
            approved,
            blankToNull(comment),
            caller(),
            this::mayDecide);
    if (refused.isPresent()) {
      throw refused.get();
    }
    dispatcher.wake(runId);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "signal a run")
  public void signal(String runId, String name, Object payload) {
    Names.require("A signal name", name);
    requireActive(runId, "signal");
    WaitLifecycle.Delivery delivery = waitLifecycle.signal(runId, name, json.write(payload));
    if (delivery.refused() != null) {
      throw delivery.refused();
    }
    if (delivery.delivered()) {
      dispatcher.wake(runId);
    }
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public Map<String, Object> getPublishedState(String runId) {
    queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId));
    Map<String, Object> values = new LinkedHashMap<>();
    published
        .values(runId)
        .forEach((name, value) -> values.put(name, json.read(value, Object.class)));
    return values;
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "create a schedule")
  public String scheduleWorkflow(
      String workflowName, String cronExpression, Map<String, ?> input, ScheduleOptions options) {
    requireWorkflow(workflowName);
    return schedules.create(workflowName, cronExpression, input, options);
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read schedules")
  public List<WorkflowSchedule> listSchedules() {
    return schedules.list();
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read schedules")
  public WorkflowSchedule getSchedule(String scheduleId) {
    return schedules.get(scheduleId);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "pause a schedule")
  public void pauseSchedule(String scheduleId) {
    schedules.pause(scheduleId);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "resume a schedule")
  public void resumeSchedule(String scheduleId) {
    schedules.resume(scheduleId);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "change a schedule")
  public void updateSchedule(
      String scheduleId, String cronExpression, Map<String, ?> input, ScheduleOptions options) {
    schedules.update(scheduleId, cronExpression, input, options);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "delete a schedule")
  public void deleteSchedule(String scheduleId) {
    schedules.delete(scheduleId);
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "preview a schedule")
  public List<Instant> previewSchedule(String cronExpression, String timeZone, int count) {
    return schedules.preview(cronExpression, timeZone, count);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "start a run")
  public String scheduleDelayedWorkflow(
      String workflowName, long delaySeconds, Map<String, ?> input) {
    if (delaySeconds < 0) {
      throw new InvalidInputException("delaySeconds must be 0 or more, not " + delaySeconds);
    }
    return scheduleWorkflowAt(workflowName, clock.instant().plusSeconds(delaySeconds), input);
  }

  @Override
  @RequiresRole(
      value = {Roles.OPERATOR, Roles.ADMIN},
      action = "start a run")
  public String scheduleWorkflowAt(String workflowName, Instant startAt, Map<String, ?> input) {
    return startLater(workflowName, startAt, input, null, null, 0);
  }

  /** Stores a run that starts at a time; a key that a run holds returns that run. */
  private String startLater(
      String workflowName,
      Instant startAt,
      Map<String, ?> input,
      String workflowId,
      String idempotencyKey,
      int priority) {
    if (startAt == null) {
      throw new InvalidInputException("A start time is required");
    }
    WorkflowInfo workflow = requireWorkflow(workflowName);
    String group = Names.optional("The workflow id", workflowId);
    String key = Names.optional("The idempotency key", idempotencyKey);
    Instant now = clock.instant();
    Instant start = startAt.isBefore(now) ? now : startAt;
    String runId = io.tinyworkflow.persistence.RunIds.next();
    // The workflow's timeout counts from its start.
    RunRecord run =
        RunLifecycle.newRun(
                workflow,
                runId,
                group == null ? runId : group,
                json.write(input == null ? Map.of() : input),
                now,
                RunRecord.Origin.caller(caller(), key, priority),
                tracing.startOfRun(workflow.name(), runId))
            .delayedTo(start);
    String existing = key == null ? null : existingRun(run, false);
    if (existing != null) {
      return existing;
    }
    if (!lifecycle.createDelayed(run)) {
      return existingRun(run, true); // another caller stored the same key first
    }
    return runId;
  }

  /**
   * Whether the caller may decide an approval for a role: a signed-in caller in that role, or the
   * admin; code of this application with no signed-in caller (a bean, a test) always may.
   */
  private boolean mayDecide(String role) {
    if (caller() == null) {
      return true;
    }
    try {
      return security.isCallerInRole(role) || security.isCallerInRole(Roles.ADMIN);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The signed-in user who calls, or {@code null} when nobody is signed in. */
  private String caller() {
    try {
      if (principal.isResolvable()) {
        Principal p = principal.get();
        String name = p == null ? null : p.getName();
        return name == null || name.isBlank() || "UNAUTHENTICATED".equals(name) ? null : name;
      }
    } catch (RuntimeException e) {
      // no security context here: an anonymous decision
    }
    return null;
  }

  @Override
  @RequiresRole(
      value = {Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN},
      action = "read runs")
  public WorkflowExecution awaitWorkflow(String runId, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidInputException("The wait's timeout must be positive, not " + timeout);
    }
    awaitEnd(runId, completions.watch(runId), clock.instant().plus(timeout));
    return getWorkflowStatus(runId);
  }

  /** Waits until a run ends; {@code settled} was obtained before the run could end. */
  private void awaitEnd(String runId, CompletableFuture<Boolean> settled) {
    awaitEnd(runId, settled, null);
  }

  /**
   * Waits until a run ends, or until a time; {@code settled} was obtained before the run could end.
   */
  private void awaitEnd(String runId, CompletableFuture<Boolean> settled, Instant until) {
    try {
      while (true) {
        long poll = WAIT_POLL.toMillis();
        if (until != null) {
          long left = Duration.between(clock.instant(), until).toMillis();
          if (left <= 0) {
            return; // the time passed: the run goes on
          }
          poll = Math.min(poll, left);
        }
        try {
          if (settled.get(poll, TimeUnit.MILLISECONDS)) {
            return; // it ended on this server
          }
        } catch (TimeoutException e) {
          // it may execute on another server, or wait: read its status
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
        // Watch again before reading, so that an end between the two is not missed.
        settled = completions.watch(runId);
        if (queries
            .find(runId)
            .orElseThrow(() -> new RunNotFoundException(runId))
            .status()
            .isTerminal()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for run " + runId, e);
    } finally {
      completions.forget(runId);
    }
  }

  private WorkflowExecution toExecution(RunRecord run) {
    return new WorkflowExecution(
        run.runId(),
        run.workflowId(),
        run.workflowName(),
        run.workflowVersion(),
        run.status(),
        json.readObject(run.input()),
        json.read(run.output(), Object.class),
        run.error(),
        run.retryCount(),
        run.maxRetries(),
        run.createdAt(),
        run.startedAt(),
        run.completedAt(),
        run.updatedAt(),
        run.scheduledAt(),
        run.parentRunId(),
        run.scheduleId(),
        run.startedBy(),
        run.forkedFrom(),
        run.forkedFromStep());
  }

  private WorkflowInfo requireWorkflow(String workflowName) {
    if (workflowName == null || workflowName.isBlank()) {
      throw new InvalidInputException("A workflow name is required");
    }
    return registry
        .workflow(workflowName)
        .orElseThrow(() -> new UnknownWorkflowException("workflow", workflowName));
  }

  /**
   * Checks, before a transaction begins, that a run exists and has not ended: the usual mistakes
   * are refused here, so that only a race reaches the transaction's own checks.
   */
  private void requireActive(String runId, String what) {
    RunRecord run =
        queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId));
    if (run.status().isTerminal()) {
      throw new IllegalRunStateException(
          "Run "
              + runId
              + " is "
              + run.status().wireName()
              + ", which is final: no "
              + what
              + " can reach it");
    }
  }

  private static String requireId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw new InvalidInputException("A run id is required");
    }
    return runId;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
