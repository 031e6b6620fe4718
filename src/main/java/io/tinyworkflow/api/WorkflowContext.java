package io.tinyworkflow.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What a running workflow can do: read its input, call activities, fan out, and obtain time,
 * randomness and other side effects durably.
 *
 * <h2>Determinism: the rules of workflow code</h2>
 *
 * <p>A run's body is executed again whenever the run resumes: after a server restart, after a
 * retry, after a wait. Each time, every durable call (an activity, a parallel branch, a side
 * effect, {@link #now()}, {@link #randomUUID()}) gets the next step number, and a step whose
 * outcome is recorded returns that outcome instead of running again. The run then continues from
 * its first unrecorded step. For this to work, workflow code must make the same durable calls in
 * the same order each time it runs:
 *
 * <ul>
 *   <li>Read the clock with {@link #now()}, never {@code System.currentTimeMillis()}, {@code
 *       Instant.now()} or {@code LocalDateTime.now()}.
 *   <li>Make random values with {@link #randomUUID()} or {@link #sideEffect}, never {@code
 *       Math.random()}, {@code new Random()} or {@code UUID.randomUUID()}.
 *   <li>Do I/O (HTTP calls, database writes, files, messages) in activities, never in the workflow
 *       body.
 *   <li>Branch only on the input, on results of durable calls, and on constants.
 *   <li>Do not start threads or use executors: fan out with {@link #executeParallel}.
 *   <li>Changing the sequence of durable calls breaks runs in flight: guard the change with {@link
 *       #getVersion} so that they keep their old path, and raise {@link Workflow#version()} so that
 *       the registry shows which versions still run.
 * </ul>
 *
 * <h2>Waiting</h2>
 *
 * <p>{@link #waitForApproval}, {@link #sleep} and {@link #awaitSignal} pause the run: the wait is
 * recorded, the body unwinds and no thread waits (the run's status is {@code paused}). A decision,
 * a signal or the wait's deadline resumes the run; its body executes again from the start, every
 * recorded step returns its recorded outcome, and the wait returns its result. Code before a wait
 * therefore runs again when the run resumes: keep it to durable calls and plain computation.
 *
 * <h2>Child workflows</h2>
 *
 * <p>{@link #startChildWorkflow} starts another workflow as a child of this run, and {@link
 * #awaitChildWorkflow} waits for its end the same way, without a thread. The child is a run of its
 * own (listed by {@link WorkflowClient#getChildWorkflows}), executed on any server; cancelling the
 * parent cancels its children that have not ended.
 *
 * <h2>Values: what a durable call returns</h2>
 *
 * <p>A durable call returns its result as its recorded JSON reads back, as the declared type, on
 * the first execution as on every replay: an activity declared to return {@code Map<String,
 * Object>} returns numbers inside the map as {@code BigDecimal} both times, and a parallel branch
 * that makes no durable call returns what JSON reads back as {@code Object} (a number is a {@code
 * BigDecimal}). A result that cannot be written as JSON and read back (a type without a default
 * constructor, a cycle) fails its step at once, with an error that names the step and the type.
 *
 * <h2>Unwinding: {@code finally}, {@code catch (Throwable)} and {@code close()}</h2>
 *
 * <p>A wait, an activity's retry backoff, a cancel, a passed deadline and a replay mismatch unwind
 * the body. Code that runs while it unwinds ({@code finally} blocks, {@code catch (Throwable)},
 * try-with-resources) may do plain computation, but a durable call made there neither runs nor is
 * recorded: it raises the unwinding again. Cleanup activities in a {@code finally} block therefore
 * run once, when the body really leaves the block (after the wait is answered, after the retry
 * succeeded), never while it pauses. Catching the unwinding and returning changes nothing: the run
 * pauses, retries or fails as the unwinding says.
 *
 * <h2>Non-determinism</h2>
 *
 * <p>A replay that reaches step N with a different durable call than the one recorded fails the run
 * with a {@link io.tinyworkflow.api.failure.NonDeterminismException} that names step N, the
 * recorded call and the new one; so does a replay that returns before reaching a recorded step, or
 * a parallel branch that makes a durable call where a plain result was recorded. Catching the
 * exception does not save the run: it fails all the same.
 */
public interface WorkflowContext {

  /**
   * Returns the id of this run.
   *
   * @return the run id
   */
  String runId();

  /**
   * Returns the name of the running workflow.
   *
   * @return the workflow name
   */
  String workflowName();

  /**
   * Returns who started this run, the same on every replay and after a restart: the signed-in user
   * who started it, {@code schedule:<id>} when a schedule fired it, {@code parent:<run>} for a
   * child workflow.
   *
   * @return the starter, or {@code null} when code with no signed-in caller started it
   */
  String startedBy();

  /**
   * Returns the run's whole input.
   *
   * @return the input object, as parsed from JSON
   */
  Map<String, Object> input();

  /**
   * Returns one input value, as parsed from JSON (a string, number, boolean, list or map).
   *
   * @param key the input key
   * @param defaultValue what to return when the input has no such key
   * @return the value, or {@code defaultValue}
   */
  Object getInput(String key, Object defaultValue);

  /**
   * Returns one input value converted to a type (a JSON-B conversion: a record, a number type...).
   *
   * @param key the input key
   * @param type the type to convert to
   * @param <T> the type
   * @return the value, or {@code null} when the input has no such key
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the value does not convert
   */
  <T> T getInput(String key, Class<T> type);

  /**
   * Calls an activity by its name, as a durable step. Calling the activity bean's method directly
   * does the same.
   *
   * @param name the activity name
   * @param args the arguments, matching the activity method's parameters
   * @return the activity's result
   * @throws io.tinyworkflow.api.failure.ActivityFailedException when the activity failed after its
   *     retries
   */
  Object executeActivity(String name, Object... args);

  /**
   * Runs branches at once and waits for all of them (fan-out, fan-in). Each branch gets a step
   * number in argument order, and its durable call is recorded as that step; a branch that makes no
   * durable call has its result recorded as that step (and returns it as JSON reads it back). Each
   * branch runs again on replay. When a branch fails, the other branches still finish before the
   * first failure (in argument order) is thrown.
   *
   * @param branches the branches, each typically one activity call
   * @return the branches' results, in argument order
   */
  List<Object> executeParallel(Callable<?>... branches);

  /**
   * Returns the current time, recorded at the first execution and the same on every replay.
   *
   * @return the time
   */
  Instant now();

  /**
   * Returns a random UUID, recorded at the first execution and the same on every replay.
   *
   * @return the UUID
   */
  UUID randomUUID();

  /**
   * Runs a non-deterministic computation once and records its result; replays return the recorded
   * result.
   *
   * @param name a name for the step, shown in the journal
   * @param type the result type
   * @param computation what to run
   * @param <T> the result type
   * @return the (recorded) result
   */
  <T> T sideEffect(String name, Class<T> type, Supplier<T> computation);

  /**
   * Pauses the run until an approver approves or rejects it, as the guide's {@code
   * wait_for_approval}. The run holds no thread meanwhile; it is listed by {@link
   * WorkflowClient#getPendingApprovals()} with this key.
   *
   * @param key names what is approved, for example {@code "manager_approval_" + claimId}
   * @param timeout how long to wait; {@code null} waits without a limit
   * @return {@code true} when approved, {@code false} when rejected
   * @throws io.tinyworkflow.api.failure.WaitTimeoutException when nobody decided within the timeout
   */
  boolean waitForApproval(String key, Duration timeout);

  /**
   * Pauses the run until a user in a given role approves or rejects it, for example {@code
   * "finance"} for amounts over 10,000. Other approvers neither see it among their pending
   * approvals nor may decide it (403); the server's admin may. The role is a Jakarta role that
   * server.xml's {@code application-bnd} maps to users and groups, or, without a binding, a group
   * of that name.
   *
   * @param key names what is approved
   * @param timeout how long to wait; {@code null} waits without a limit
   * @param approverRole the role that may decide it; {@code null} for any approver
   * @return {@code true} when approved, {@code false} when rejected
   * @throws io.tinyworkflow.api.failure.WaitTimeoutException when nobody decided within the timeout
   */
  boolean waitForApproval(String key, Duration timeout, String approverRole);

  /**
   * Pauses the run for a while, durably: the deadline is stored, an EJB timer resumes the run, and
   * a server restart in between does not lose it.
   *
   * @param duration how long; zero or negative returns at once
   */
  void sleep(Duration duration);

  /**
   * Waits for a signal sent with {@link WorkflowClient#signal}. Signals sent before the run waits
   * are kept and delivered in the order they were sent, one per call.
   *
   * @param name the signal name
   * @param type the payload type (a JSON-B conversion of the sent payload)
   * @param timeout how long to wait; {@code null} waits without a limit
   * @param <T> the payload type
   * @return the payload
   * @throws io.tinyworkflow.api.failure.WaitTimeoutException when no signal came within the timeout
   */
  <T> T awaitSignal(String name, Class<T> type, Duration timeout);

  /**
   * Publishes a named value that clients read while the run goes on ({@link
   * WorkflowClient#getPublishedState}), for example progress or an intermediate result. A later
   * value of the same name replaces the earlier one. A durable step: a replay does not publish
   * again.
   *
   * @param name the value's name
   * @param value any JSON-serializable value
   */
  void publish(String name, Object value);

  /**
   * Starts a child workflow, as a durable step: the child run is stored, with this run as its
   * parent, in the same transaction that records the step, so a replay never starts it twice. The
   * child runs on its own; this call does not wait for it.
   *
   * @param workflowName a registered workflow
   * @param input the child's input (JSON-serializable values); {@code null} for none
   * @return the child's run id
   * @throws io.tinyworkflow.api.failure.UnknownWorkflowException when no such workflow exists
   */
  String startChildWorkflow(String workflowName, Map<String, ?> input);

  /**
   * Waits for a child of this run to end, and returns its result. The run pauses meanwhile and
   * holds no thread; the child's end resumes it.
   *
   * @param childRunId a run id returned by {@link #startChildWorkflow} in this run
   * @param resultType the result type (a JSON-B conversion of the child's output)
   * @param timeout how long to wait; {@code null} waits without a limit. A timeout leaves the child
   *     running.
   * @param <T> the result type
   * @return the child's output
   * @throws io.tinyworkflow.api.failure.ChildWorkflowFailedException when the child failed or was
   *     cancelled
   * @throws io.tinyworkflow.api.failure.WaitTimeoutException when the child did not end within the
   *     timeout
   * @throws io.tinyworkflow.api.failure.InvalidInputException when this run did not start that run
   */
  <T> T awaitChildWorkflow(String childRunId, Class<T> resultType, Duration timeout);

  /**
   * What {@link #getVersion} returns for a run that passed the place of a change before the code
   * had it.
   */
  int DEFAULT_VERSION = -1;

  /**
   * Versioning (patching): lets changed workflow code keep the runs in flight on the branch they
   * took, and new runs on the new one. The first time a run reaches a {@code getVersion} call, the
   * version is chosen and recorded: {@code maxSupported} when the run reaches this place for the
   * first time, {@link #DEFAULT_VERSION} when the run had already passed it under code without the
   * call (its journal holds steps or waits beyond this point). Every later replay, on any server
   * and after any redeploy, gets the recorded version.
   *
   * <pre>{@code
   * int version = ctx.getVersion("fraud_check", WorkflowContext.DEFAULT_VERSION, 1);
   * if (version >= 1) {
   *   fraud.check(order); // new runs, and runs that had not reached this point
   * }
   * payments.charge(order); // runs in flight when the check was added skip it
   * }</pre>
   *
   * <p>Once no run in flight uses an old version (the registry shows the versions of the runs in
   * flight), raise {@code minSupported} and remove the old branch; a run whose recorded version is
   * outside {@code minSupported..maxSupported} fails with a message naming the change and both. The
   * marker is not a step of the body: adding or removing a {@code getVersion} call does not
   * renumber the steps. Called from the workflow body only, not from parallel branches.
   *
   * @param changeId the change's name, unique in the workflow
   * @param minSupported the oldest version this code still runs, {@link #DEFAULT_VERSION} or more
   * @param maxSupported the newest version, at least {@code minSupported}
   * @return the run's version of the change
   */
  int getVersion(String changeId, int minSupported, int maxSupported);

  /**
   * Sets a search attribute of this run: an indexed key-value pair by which runs are listed ({@link
   * RunFilter#withAttribute}, {@code GET /api/workflows?attribute=customer=C-42}, {@code
   * tinyworkflow list --attribute customer=C-42}, the executions page's filter). Setting a key
   * again replaces its value. The attribute is written at once (before the call returns), and again
   * by no replay that sets the same value.
   *
   * <pre>{@code
   * ctx.setAttribute("customer", order.customerId());
   * ctx.setAttribute("amount_band", order.total() > 10_000 ? "large" : "small");
   * }</pre>
   *
   * @param key the attribute's name, at most 255 characters
   * @param value its value: a string, number, boolean, enum constant or date-time, written as text
   *     of at most 255 characters
   * @throws io.tinyworkflow.api.failure.InvalidInputException when the key or the value is missing,
   *     too long, holds a control character, or the value is of another type
   */
  void setAttribute(String key, Object value);

  /**
   * Registers a compensation (saga): code that undoes what the run did so far, run if the run fails
   * for good (its body throws and no retry is left) or is cancelled. Compensations run in the
   * reverse order of their registration, after the body stopped; each is a durable step of kind
   * {@code compensation}, retried with the default {@link Retry} policy and recorded once it
   * completed, with the events {@code compensation_started}, {@code compensation_completed} and
   * {@code compensation_failed}. A compensation that fails for good does not stop the others; the
   * run then ends {@code failed} with the run's error and the compensation's.
   *
   * <p>The registration is part of the body, like a durable call: each replay registers it again
   * (it is not a step of its own). Register right after the step it undoes, or right before it when
   * a call whose outcome was lost (a crash in the middle of it) must be undone too. Activities
   * called inside a compensation are plain calls within its step.
   *
   * <pre>{@code
   * Charge charge = payments.charge(card, cents);
   * ctx.onFailure("refund_card", () -> payments.refund(charge.id()));
   * Flight flight = flights.book(trip); // fails for good: the refund runs, then the run fails
   * }</pre>
   *
   * @param name the compensation's name, its step's name in the run's history
   * @param compensation what undoes the work
   */
  void onFailure(String name, Runnable compensation);

  /**
   * Registers a compensation named {@code compensation}; see {@link #onFailure(String, Runnable)}.
   *
   * @param compensation what undoes the work
   */
  default void onFailure(Runnable compensation) {
    onFailure("compensation", compensation);
  }

  /**
   * Starts a child workflow and waits for its result: {@link #startChildWorkflow} then {@link
   * #awaitChildWorkflow} without a timeout.
   *
   * @param workflowName a registered workflow
   * @param input the child's input; {@code null} for none
   * @param resultType the result type
   * @param <T> the result type
   * @return the child's output
   * @throws io.tinyworkflow.api.failure.ChildWorkflowFailedException when the child failed or was
   *     cancelled
   */
  default <T> T executeChildWorkflow(
      String workflowName, Map<String, ?> input, Class<T> resultType) {
    return awaitChildWorkflow(startChildWorkflow(workflowName, input), resultType, null);
  }
}
