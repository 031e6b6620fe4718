package io.tinyworkflow.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unwinds a run's body so that it holds no thread while it waits: for the next attempt of one or
 * more activities, or for what a {@link WaitRequest} names. An {@link Error}, so that workflow code
 * catching {@code Exception} cannot swallow it.
 */
final class Suspension extends Error {

  private static final long serialVersionUID = 1L;

  /**
   * A failed activity attempt to record as the run suspends.
   *
   * @param step the activity's step
   * @param eventData the data of its {@code activity_attempt_failed} event
   */
  record FailedAttempt(int step, Map<String, Object> eventData) {}

  private final transient Instant resumeAt;
  private final transient List<FailedAttempt> attempts;
  private final transient WaitRequest wait;

  /**
   * Suspends until activities' next attempts.
   *
   * @param resumeAt when the first of them is due
   * @param attempts the failed attempts to record; none when a step only waits out its backoff
   */
  Suspension(Instant resumeAt, List<FailedAttempt> attempts) {
    super("suspended until " + resumeAt, null, false, false);
    this.resumeAt = resumeAt;
    this.attempts = List.copyOf(attempts);
    this.wait = null;
  }

  Suspension(WaitRequest wait) {
    super("waiting for " + wait.kind() + " '" + wait.key() + "'", null, false, false);
    this.resumeAt = wait.deadline();
    this.attempts = List.of();
    this.wait = wait;
  }

  /**
   * Joins the suspension of another parallel branch: when both wait for activities' next attempts,
   * the run records both failed attempts and resumes at the earlier due time (each step keeps its
   * own backoff); otherwise this one stands.
   *
   * @param other the other branch's suspension
   * @return the joined suspension
   */
  Suspension join(Suspension other) {
    if (wait != null || other.wait != null) {
      return this;
    }
    List<FailedAttempt> both = new ArrayList<>(attempts);
    both.addAll(other.attempts);
    return new Suspension(resumeAt.isBefore(other.resumeAt) ? resumeAt : other.resumeAt, both);
  }

  /** What the run waits for, or {@code null} when it waits for activities' next attempts. */
  WaitRequest waitRequest() {
    return wait;
  }

  Instant resumeAt() {
    return resumeAt;
  }

  /** The failed attempts to record, in the order the branches failed. */
  List<FailedAttempt> attempts() {
    return attempts;
  }
}
