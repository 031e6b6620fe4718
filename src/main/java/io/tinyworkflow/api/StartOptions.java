package io.tinyworkflow.api;

import io.tinyworkflow.api.failure.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/**
 * How {@link WorkflowClient#startWorkflow(String, java.util.Map, StartOptions)} starts a run: in
 * which group, at most once for a key, now or later, and whether the call waits for the run's end.
 *
 * <pre>{@code
 * client.startWorkflow("reminder_task", input,
 *     StartOptions.DEFAULTS.withIdempotencyKey("order-42").delayedBy(Duration.ofHours(1)));
 * client.startWorkflow("simple_etl", input,
 *     StartOptions.DEFAULTS.withWorkflowId("group-1").waitingForEnd());
 * }</pre>
 *
 * <p>Waiting comes in two kinds. {@link #waitingForEnd()} waits as long as the run takes and
 * executes the run in the calling thread while it can (until it ends or waits for something, such
 * as an approval or an activity's next attempt), which saves handing it to another thread. {@link
 * #waitingUpTo(Duration)} waits at most for a time: the run executes on the server's executor, and
 * the call returns when the time passes even though the run goes on.
 *
 * @param workflowId the group of runs the run belongs to; {@code null} for a new group named after
 *     the run id
 * @param idempotencyKey when a run was already started with this key, its id is returned and no run
 *     is started; {@code null} for none
 * @param startAt when the run starts; {@code null} (and no delay) for now
 * @param delay how long after now the run starts; {@code null} (and no start time) for now
 * @param waitForEnd whether the call returns only once the run has ended (or {@code waitUpTo} has
 *     passed); {@code false} to return as soon as the run is stored
 * @param waitUpTo with {@code waitForEnd}: how long the call waits at most (the run goes on after
 *     that); {@code null} to wait as long as the run takes
 * @param priority the run's place among the due runs of its queue: higher first, 0 by default
 */
public record StartOptions(
    String workflowId,
    String idempotencyKey,
    Instant startAt,
    Duration delay,
    boolean waitForEnd,
    Duration waitUpTo,
    int priority) {

  /** Start now, in a new group, without a key, returning as soon as the run is stored. */
  public static final StartOptions DEFAULTS =
      new StartOptions(null, null, null, null, false, null, 0);

  /**
   * Checks that a bound on the wait comes with the wait.
   *
   * @throws InvalidInputException when {@code waitUpTo} is given without {@code waitForEnd}
   */
  public StartOptions {
    if (waitUpTo != null && !waitForEnd) {
      throw new InvalidInputException(
          "A bound on the wait (waitUpTo " + waitUpTo + ") needs waitForEnd");
    }
  }

  /**
   * These options with a workflow id.
   *
   * @param id the group of runs
   * @return the new options
   */
  public StartOptions withWorkflowId(String id) {
    return new StartOptions(id, idempotencyKey, startAt, delay, waitForEnd, waitUpTo, priority);
  }

  /**
   * These options with an idempotency key.
   *
   * @param key the key
   * @return the new options
   */
  public StartOptions withIdempotencyKey(String key) {
    return new StartOptions(workflowId, key, startAt, delay, waitForEnd, waitUpTo, priority);
  }

  /**
   * These options starting the run at a time.
   *
   * @param at the start time
   * @return the new options
   */
  public StartOptions startingAt(Instant at) {
    return new StartOptions(workflowId, idempotencyKey, at, null, waitForEnd, waitUpTo, priority);
  }

  /**
   * These options starting the run after a delay.
   *
   * @param after the delay
   * @return the new options
   */
  public StartOptions delayedBy(Duration after) {
    return new StartOptions(
        workflowId, idempotencyKey, null, after, waitForEnd, waitUpTo, priority);
  }

  /**
   * These options waiting for the run to end, as long as it takes: the guide's {@code wait=True}.
   * The run executes in the calling thread until it ends or waits for something; the call then
   * waits for its end wherever it goes on.
   *
   * @return the new options
   */
  public StartOptions waitingForEnd() {
    return new StartOptions(workflowId, idempotencyKey, startAt, delay, true, null, priority);
  }

  /**
   * These options waiting for the run to end, at most for a time. The run executes on the server's
   * executor, so that the call can return when the time passes; the run goes on after that.
   *
   * @param bound how long to wait at most
   * @return the new options
   */
  public StartOptions waitingUpTo(Duration bound) {
    return new StartOptions(workflowId, idempotencyKey, startAt, delay, true, bound, priority);
  }

  /**
   * These options with a priority: among the due runs of its queue, a run with a higher priority
   * starts first (it matters when the queue has limits and runs wait).
   *
   * @param value higher first; 0 by default, negative below the default
   * @return the new options
   */
  public StartOptions withPriority(int value) {
    return new StartOptions(
        workflowId, idempotencyKey, startAt, delay, waitForEnd, waitUpTo, value);
  }
}
