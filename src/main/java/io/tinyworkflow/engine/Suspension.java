package io.tinyworkflow.engine;

import java.time.Instant;
import java.util.Map;

/**
 * Unwinds a run's body so that it holds no thread while it waits: for the next attempt of an
 * activity, or for what a {@link WaitRequest} names. An {@link Error}, so that workflow code
 * catching {@code Exception} cannot swallow it.
 */
final class Suspension extends Error {

  private static final long serialVersionUID = 1L;

  private final transient Instant resumeAt;
  private final int step;
  private final transient Map<String, Object> eventData;
  private final transient WaitRequest wait;

  Suspension(Instant resumeAt, int step, Map<String, Object> eventData) {
    super("suspended until " + resumeAt, null, false, false);
    this.resumeAt = resumeAt;
    this.step = step;
    this.eventData = eventData;
    this.wait = null;
  }

  Suspension(WaitRequest wait) {
    super("waiting for " + wait.kind() + " '" + wait.key() + "'", null, false, false);
    this.resumeAt = wait.deadline();
    this.step = wait.step();
    this.eventData = Map.of();
    this.wait = wait;
  }

  /** What the run waits for, or {@code null} when it waits for an activity's next attempt. */
  WaitRequest waitRequest() {
    return wait;
  }

  Instant resumeAt() {
    return resumeAt;
  }

  int step() {
    return step;
  }

  Map<String, Object> eventData() {
    return eventData;
  }
}
