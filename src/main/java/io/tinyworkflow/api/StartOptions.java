package io.tinyworkflow.api;

import java.time.Duration;
import java.time.Instant;

/**
 * How {@link WorkflowClient#startWorkflow(String, java.util.Map, StartOptions)} starts a run:
 *
 * <pre>{@code
 * client.startWorkflow("reminder_task", input,
 *     StartOptions.DEFAULTS.withIdempotencyKey("order-42").delayedBy(Duration.ofHours(1)));
 * }</pre>
 *
 * @param workflowId the group of runs the run belongs to; {@code null} for a new group named after
 *     the run id
 * @param idempotencyKey when a run was already started with this key, its id is returned and no run
 *     is started; {@code null} for none
 * @param startAt when the run starts; {@code null} (and no delay) for now
 * @param delay how long after now the run starts; {@code null} (and no start time) for now
 * @param waitUpTo how long the call waits for the run to end (it goes on after that); {@code null}
 *     to return as soon as the run is stored
 */
public record StartOptions(
    String workflowId, String idempotencyKey, Instant startAt, Duration delay, Duration waitUpTo) {

  /** Start now, in a new group, without a key, returning at once. */
  public static final StartOptions DEFAULTS = new StartOptions(null, null, null, null, null);

  /**
   * These options with a workflow id.
   *
   * @param id the group of runs
   * @return the new options
   */
  public StartOptions withWorkflowId(String id) {
    return new StartOptions(id, idempotencyKey, startAt, delay, waitUpTo);
  }

  /**
   * These options with an idempotency key.
   *
   * @param key the key
   * @return the new options
   */
  public StartOptions withIdempotencyKey(String key) {
    return new StartOptions(workflowId, key, startAt, delay, waitUpTo);
  }

  /**
   * These options starting the run at a time.
   *
   * @param at the start time
   * @return the new options
   */
  public StartOptions startingAt(Instant at) {
    return new StartOptions(workflowId, idempotencyKey, at, null, waitUpTo);
  }

  /**
   * These options starting the run after a delay.
   *
   * @param after the delay
   * @return the new options
   */
  public StartOptions delayedBy(Duration after) {
    return new StartOptions(workflowId, idempotencyKey, null, after, waitUpTo);
  }

  /**
   * These options waiting for the run to end, at most for a time.
   *
   * @param bound how long to wait at most
   * @return the new options
   */
  public StartOptions waitingUpTo(Duration bound) {
    return new StartOptions(workflowId, idempotencyKey, startAt, delay, bound);
  }
}
