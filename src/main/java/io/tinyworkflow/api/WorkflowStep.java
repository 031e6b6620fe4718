package io.tinyworkflow.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One durable step of a run, as {@link WorkflowClient#getWorkflowSteps} lists it: an activity call,
 * a parallel branch, a side effect, a wait or a child's start, numbered in call order.
 *
 * @param stepNumber the step number, from 1
 * @param name the activity's name, or the wait's key (approval key, signal name, child run id)
 * @param kind {@code activity}, {@code branch}, {@code side_effect}, {@code approval}, {@code
 *     sleep}, {@code signal}, {@code child}, {@code start_child} and the like
 * @param status {@code completed} or {@code failed} (recorded), {@code retrying} (an attempt failed
 *     and the next one is due later) or {@code waiting} (an open wait)
 * @param attempts the attempts made so far, the last one included
 * @param startedAt when its recorded attempt (the last one) or its wait began; for a {@code
 *     retrying} step, when its first attempt failed
 * @param endedAt when it was recorded, or {@code null} while it has not ended
 * @param error the last failure's message, or {@code null}
 * @param waitsUntil for a {@code waiting} step, when its wait ends by itself (the sleep's end, the
 *     approval's or signal's timeout); {@code null} when it has none or the step is not waiting
 */
public record WorkflowStep(
    int stepNumber,
    String name,
    String kind,
    String status,
    int attempts,
    Instant startedAt,
    Instant endedAt,
    String error,
    Instant waitsUntil) {

  /**
   * How long the step took, from its start to its end.
   *
   * @return the duration, or {@code null} while it has not ended or its start is not known
   */
  public Duration duration() {
    return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
  }
}
