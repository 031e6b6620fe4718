package io.tinyworkflow.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Starts, watches and cancels workflow runs: inject it into any bean. The REST API and the CLI
 * offer the same operations.
 *
 * <pre>{@code
 * @Inject WorkflowClient client;
 *
 * String runId = client.startWorkflow("simple_etl", Map.of("url", "https://example.com"));
 * WorkflowExecution run = client.getWorkflowStatus(runId);
 * client.startWorkflow("simple_etl", input, true); // waits for the run's end
 * client.startWorkflow("simple_etl", input,
 *     StartOptions.DEFAULTS.withIdempotencyKey("order-42").waitingUpTo(Duration.ofMinutes(5)));
 * }</pre>
 */
public interface WorkflowClient {

  /**
   * Starts a run and returns at once, as the guide's {@code start_workflow(name, input_data)}. The
   * run is committed before this returns.
   *
   * @param workflowName a registered workflow
   * @param input the input object (JSON-serializable values); {@code null} for none
   * @return the run id
   * @throws io.tinyworkflow.api.failure.UnknownWorkflowException when no such workflow exists
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the input is not
   *     JSON-serializable
   */
  default String startWorkflow(String workflowName, Map<String, ?> input) {
    return startWorkflow(workflowName, input, StartOptions.DEFAULTS);
  }

  /**
   * Starts a run in a group of runs and returns at once, as the guide's {@code start_workflow(name,
   * input_data, workflow_id=...)}.
   *
   * @param workflowName a registered workflow
   * @param input the input object (JSON-serializable values); {@code null} for none
   * @param workflowId the group of runs this one belongs to; {@code null} for a new group named
   *     after the run id
   * @return the run id
   * @throws io.tinyworkflow.api.failure.UnknownWorkflowException when no such workflow exists
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the input is not
   *     JSON-serializable or the workflow id is not a valid name
   */
  default String startWorkflow(String workflowName, Map<String, ?> input, String workflowId) {
    return startWorkflow(workflowName, input, StartOptions.DEFAULTS.withWorkflowId(workflowId));
  }

  /**
   * Starts a run, as the guide's {@code start_workflow(name, input_data, wait=True)}: with {@code
   * wait}, returns only once the run has ended, however long that takes ({@link
   * StartOptions#waitingForEnd()}; {@link StartOptions#waitingUpTo} bounds the wait).
   *
   * @param workflowName a registered workflow
   * @param input the input object (JSON-serializable values); {@code null} for none
   * @param wait {@code true} to return only once the run has reached a terminal status
   * @return the run id
   * @throws io.tinyworkflow.api.failure.UnknownWorkflowException when no such workflow exists
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the input is not
   *     JSON-serializable
   */
  default String startWorkflow(String workflowName, Map<String, ?> input, boolean wait) {
    return startWorkflow(
        workflowName, input, wait ? StartOptions.DEFAULTS.waitingForEnd() : StartOptions.DEFAULTS);
  }

  /**
   * Starts a run as the options say: in a group, at most once for a key, now or later, and
   * returning at once, once the run has ended, or once it has ended or a time has passed. A start
   * with a key that a run already holds (a delayed start too) returns that run, after waiting for
   * its end when the options wait. The run is committed before this returns.
   *
   * @param workflowName a registered workflow
   * @param input the input object (JSON-serializable values); {@code null} for none
   * @param options how to start it; {@code null} for {@link StartOptions#DEFAULTS}
   * @return the run id (read its status to see whether it ended within {@code waitUpTo})
   * @throws io.tinyworkflow.api.failure.UnknownWorkflowException when no such workflow exists
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the input is not
   *     JSON-serializable, a workflow id or key is not a valid name, or the options contradict each
   *     other (a start time and a delay, a negative delay or wait, a wait for a later start)
   */
  String startWorkflow(String workflowName, Map<String, ?> input, StartOptions options);

  /**
   * Waits for a run to end, at most for a time; the run goes on when the time passes.
   *
   * @param runId the run id
   * @param timeout how long to wait at most
   * @return the run as it is when it ended or the time passed: check {@code status().isTerminal()}
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the timeout is not positive
   */
  WorkflowExecution awaitWorkflow(String runId, java.time.Duration timeout);

  /**
   * Returns the state of a run.
   *
   * @param runId the run id
   * @return its state
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   */
  WorkflowExecution getWorkflowStatus(String runId);

  /**
   * Lists runs, newest first.
   *
   * @param status only runs in this status; {@code null} for all
   * @param workflowName only runs of this workflow; {@code null} for all
   * @param limit at most this many (1 to 1000)
   * @param offset skip this many
   * @return the runs
   */
  List<WorkflowExecution> listWorkflowExecutions(
      WorkflowStatus status, String workflowName, int limit, int offset);

  /**
   * Lists a page of the runs a filter selects, filtered and sorted by the database: what the
   * executions page shows.
   *
   * @param filter which runs and in what order
   * @param limit at most this many (1 to 1000)
   * @param offset skip this many
   * @return the runs
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the limit or offset is out of
   *     range or the time range is empty
   */
  List<WorkflowExecution> findWorkflowExecutions(RunFilter filter, int limit, int offset);

  /**
   * Lists the page of the runs a filter selects that follows a run (keyset paging): as fast deep in
   * a million runs as on the first page, and no run is skipped or shown twice when runs are started
   * between pages. The filter's order must be the creation time (the default, newest first).
   *
   * @param filter which runs, ordered by creation time
   * @param afterRunId the previous page's last run
   * @param limit at most this many (1 to 1000)
   * @return the runs
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the filter has another order,
   *     the limit is out of range, or the run is not found (purged, or never was)
   */
  List<WorkflowExecution> findWorkflowExecutionsAfter(
      RunFilter filter, String afterRunId, int limit);

  /**
   * Counts the runs a filter selects. On a large database this reads every run it counts: a list
   * shows {@link #countWorkflowExecutions(RunFilter, long)} instead.
   *
   * @param filter which runs
   * @return how many
   */
  long countWorkflowExecutions(RunFilter filter);

  /**
   * Counts the runs a filter selects, up to a bound: what a paged list shows as its total ("10,000+
   * runs"), at a cost that does not grow with the database.
   *
   * @param filter which runs
   * @param atMost the bound (1 or more)
   * @return how many, or {@code atMost + 1} when there are more than {@code atMost}
   */
  long countWorkflowExecutions(RunFilter filter, long atMost);

  /**
   * Counts runs by status, in one query: what a dashboard shows without reading the runs.
   *
   * @return the number of runs in each status, every status present (0 when none)
   */
  Map<WorkflowStatus, Long> countWorkflowExecutions();

  /**
   * Counts the runs in flight (not ended) by workflow and by the workflow version they started on
   * ({@link Workflow#version()}): the old versions a change must still support ({@link
   * WorkflowContext#getVersion}).
   *
   * @return by workflow name, the number of runs in flight by version; workflows without runs in
   *     flight are absent
   */
  Map<String, Map<String, Long>> getVersionsInFlight();

  /**
   * Counts the runs created, completed and failed in each minute of a recent window: the
   * dashboard's chart.
   *
   * @param window how far back, 1 minute to 24 hours
   * @return one entry per minute of the window, oldest first, zeros included
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the window is out of range
   */
  List<RunsPerMinute> countRunsPerMinute(java.time.Duration window);

  /**
   * Lists the servers that are running runs now, with how many each holds.
   *
   * @return the servers, by name
   */
  List<ServerLoad> getServers();

  /**
   * Returns a run's audit trail, oldest first: its start, each completed step, each failed attempt,
   * retry, recovery, cancel or timeout, and its end.
   *
   * @param runId the run id
   * @param limit at most this many events (1 to 10000)
   * @return the events
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   */
  List<WorkflowEvent> getWorkflowEvents(String runId, int limit);

  /**
   * Cancels a run: it stops at its next step boundary, and a running activity is interrupted.
   *
   * @param runId the run id
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   * @throws io.tinyworkflow.api.failure.IllegalRunStateException when the run already ended
   */
  void cancelWorkflow(String runId);

  /**
   * Restarts a run that ended from one of its steps (a fork): a new run of the same workflow, in
   * the same group ({@code workflowId}), copies the steps the run recorded before {@code fromStep}
   * (with the values it had published by then) and executes from there; the steps from {@code
   * fromStep} on run again. The new run records {@code forkedFrom} and {@code forkedFromStep}; the
   * original keeps its history, with a {@code workflow_restarted} event that names the new run. The
   * new run executes the code deployed now.
   *
   * @param runId the run that ended: completed, failed or cancelled
   * @param fromStep the first step to execute again, from 1 (a new run with the same input) to one
   *     past the run's last recorded step
   * @return the new run's id
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when there is no such run
   * @throws io.tinyworkflow.api.failure.IllegalRunStateException when the run has not ended
   * @throws io.tinyworkflow.api.failure.InvalidInputException when {@code fromStep} is out of range
   */
  default String restartWorkflow(String runId, int fromStep) {
    return restartWorkflow(runId, fromStep, null);
  }

  /**
   * Restarts a run that ended from one of its steps, with new input; see {@link
   * #restartWorkflow(String, int)}. Steps before {@code fromStep} keep their recorded results,
   * whatever the new input.
   *
   * @param runId the run that ended
   * @param fromStep the first step to execute again
   * @param input the new run's input, or {@code null} for the original's
   * @return the new run's id
   */
  String restartWorkflow(String runId, int fromStep, Map<String, ?> input);

  /**
   * Retries a run in {@code retrying} now: the rest of its backoff (the run's, or its activities')
   * is skipped.
   *
   * @param runId the run
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when there is no such run
   * @throws io.tinyworkflow.api.failure.IllegalRunStateException when the run is not retrying
   */
  void retryNow(String runId);

  /**
   * Lists the runs that wait for an approval, oldest request first, as the guide's {@code
   * get_pending_approvals}.
   *
   * @return the pending approvals
   */
  List<PendingApproval> getPendingApprovals();

  /**
   * Lists the latest decided approvals, the newest first: who decided what, when, and why.
   *
   * @param limit at most this many (1 to 1000)
   * @return the decisions
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the limit is out of range
   */
  List<ApprovalDecision> getDecidedApprovals(int limit);

  /**
   * Approves the one approval a run waits for: its {@code waitForApproval} returns {@code true}.
   *
   * @param runId the run
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   * @throws io.tinyworkflow.api.failure.IllegalRunStateException when the run waits for no approval
   *     (never did, was already decided, timed out or ended)
   */
  default void approveWorkflow(String runId) {
    decideApproval(runId, null, true, null);
  }

  /**
   * Rejects the one approval a run waits for: its {@code waitForApproval} returns {@code false}.
   *
   * @param runId the run
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   * @throws io.tinyworkflow.api.failure.IllegalRunStateException when the run waits for no approval
   */
  default void rejectWorkflow(String runId) {
    decideApproval(runId, null, false, null);
  }

  /**
   * Decides an approval. The decision records who decided (the signed-in user, when there is one)
   * and when, and resumes the run.
   *
   * @param runId the run
   * @param key the approval key; {@code null} when the run waits for one approval only
   * @param approved {@code true} to approve, {@code false} to reject
   * @param comment a comment kept with the decision, or {@code null}
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   * @throws io.tinyworkflow.api.failure.IllegalRunStateException when the run does not wait for
   *     this approval: nothing changes then
   * @throws io.tinyworkflow.api.failure.InvalidInputException when {@code key} is {@code null} and
   *     the run waits for several approvals
   */
  void decideApproval(String runId, String key, boolean approved, String comment);

  /**
   * Sends a signal to a run. It is stored at once; the run receives it when it awaits a signal of
   * this name, now or later, in the order signals were sent.
   *
   * @param runId the run
   * @param name the signal name
   * @param payload any JSON-serializable value, or {@code null}
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   * @throws io.tinyworkflow.api.failure.IllegalRunStateException when the run already ended
   */
  void signal(String runId, String name, Object payload);

  /**
   * Returns the values a run published with {@link WorkflowContext#publish}, by name.
   *
   * @param runId the run
   * @return the latest value of each name
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   */
  Map<String, Object> getPublishedState(String runId);

  /**
   * Lists the child workflows a run started, in the order it started them.
   *
   * @param runId the parent run
   * @return its children
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   */
  List<WorkflowExecution> getChildWorkflows(String runId);

  /**
   * Purges the runs that ended (completed, failed or cancelled) longer ago than a duration, with
   * their steps, events, waits, signals, published values, search attributes and webhook
   * deliveries; a child whose parent has not ended is kept. The server also purges by itself, every
   * minute, the runs past their workflow's retention ({@code tinyworkflow.retention.days}).
   *
   * @param olderThan how long ago the runs ended, at least a minute
   * @param workflowName only runs of this workflow; {@code null} for all
   * @return how many runs were purged
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the duration is missing or under
   *     a minute
   */
  int purgeWorkflows(java.time.Duration olderThan, String workflowName);

  /**
   * Reads the search attributes a run set on itself ({@link WorkflowContext#setAttribute}).
   *
   * @param runId the run
   * @return the attributes, by name in alphabetical order; empty when it set none
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   */
  Map<String, String> getWorkflowAttributes(String runId);

  /**
   * Lists the durable steps of a run: those recorded in its journal, those whose attempt failed and
   * whose next attempt is due, and those that wait. A step whose first attempt is executing right
   * now is not listed until it ends.
   *
   * @param runId the run
   * @return its steps, by step number
   * @throws io.tinyworkflow.api.failure.RunNotFoundException when no such run exists
   */
  List<WorkflowStep> getWorkflowSteps(String runId);

  /**
   * Schedules a workflow with a cron expression, as the guide's {@code schedule_workflow}: UTC, one
   * run for all occurrences missed during downtime, and an occurrence skipped while the previous
   * run is still going.
   *
   * @param workflowName a registered workflow
   * @param cronExpression five fields ({@code minute hour day-of-month month day-of-week}, for
   *     example {@code 0 2 * * *}), or six with seconds first
   * @param input the input of each run; {@code null} for none
   * @return the schedule id
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the expression is invalid (the
   *     message names the field); nothing is stored then
   * @throws io.tinyworkflow.api.failure.UnknownWorkflowException when no such workflow exists
   */
  default String scheduleWorkflow(
      String workflowName, String cronExpression, Map<String, ?> input) {
    return scheduleWorkflow(workflowName, cronExpression, input, ScheduleOptions.DEFAULTS);
  }

  /**
   * Schedules a workflow with a cron expression, a time zone and catch-up and overlap policies.
   *
   * @param workflowName a registered workflow
   * @param cronExpression five fields, or six with seconds first
   * @param input the input of each run; {@code null} for none
   * @param options the time zone and policies
   * @return the schedule id
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the expression or the time zone
   *     is invalid; nothing is stored then
   */
  String scheduleWorkflow(
      String workflowName, String cronExpression, Map<String, ?> input, ScheduleOptions options);

  /**
   * Lists the schedules, oldest first.
   *
   * @return the schedules, with their next and last fire times
   */
  List<WorkflowSchedule> listSchedules();

  /**
   * Returns a schedule.
   *
   * @param scheduleId the schedule id
   * @return the schedule
   * @throws io.tinyworkflow.api.failure.ScheduleNotFoundException when no such schedule exists
   */
  WorkflowSchedule getSchedule(String scheduleId);

  /**
   * Pauses a schedule: it fires nothing until resumed.
   *
   * @param scheduleId the schedule id
   * @throws io.tinyworkflow.api.failure.ScheduleNotFoundException when no such schedule exists
   */
  void pauseSchedule(String scheduleId);

  /**
   * Resumes a paused schedule from its next occurrence after now; occurrences while it was paused
   * are not run.
   *
   * @param scheduleId the schedule id
   * @throws io.tinyworkflow.api.failure.ScheduleNotFoundException when no such schedule exists
   */
  void resumeSchedule(String scheduleId);

  /**
   * Changes a schedule's expression, input and options; it goes on from the new expression's next
   * occurrence after now.
   *
   * @param scheduleId the schedule id
   * @param cronExpression five fields, or six with seconds first
   * @param input the input of each run; {@code null} for none
   * @param options the time zone and policies
   * @throws io.tinyworkflow.api.failure.ScheduleNotFoundException when no such schedule exists
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the expression or the time zone
   *     is invalid; nothing changes then
   */
  void updateSchedule(
      String scheduleId, String cronExpression, Map<String, ?> input, ScheduleOptions options);

  /**
   * Deletes a schedule. Runs it started are left alone.
   *
   * @param scheduleId the schedule id
   * @throws io.tinyworkflow.api.failure.ScheduleNotFoundException when no such schedule exists
   */
  void deleteSchedule(String scheduleId);

  /**
   * Returns the next fire times of a cron expression, without saving anything.
   *
   * @param cronExpression five fields, or six with seconds first
   * @param timeZone an IANA time zone; {@code null} for UTC
   * @param count how many (1 to 100)
   * @return the next fire times after now
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the expression or the time zone
   *     is invalid
   */
  List<Instant> previewSchedule(String cronExpression, String timeZone, int count);

  /**
   * Starts a run after a delay, as the guide's {@code schedule_delayed_workflow}. The start time is
   * stored, so a server restart in between does not lose it.
   *
   * @param workflowName a registered workflow
   * @param delaySeconds the delay, 0 or more
   * @param input the input; {@code null} for none
   * @return the run id; the run is {@code pending} until its start time
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the delay is negative
   */
  String scheduleDelayedWorkflow(String workflowName, long delaySeconds, Map<String, ?> input);

  /**
   * Starts a run at a given time. The start time is stored, so a server restart in between does not
   * lose it; a time in the past starts the run at once.
   *
   * @param workflowName a registered workflow
   * @param startAt when to start it
   * @param input the input; {@code null} for none
   * @return the run id; the run is {@code pending} until its start time
   */
  String scheduleWorkflowAt(String workflowName, Instant startAt, Map<String, ?> input);
}
