package io.tinyworkflow.engine;

import java.time.Instant;
import java.util.Map;

/**
 * Unwinds a run's body so that it holds no thread while it waits, here for the next attempt of an
 * activity. An {@link Error}, so that workflow code catching {@code Exception} cannot swallow it.
 */
final class Suspension extends Error {

  private static final long serialVersionUID = 1L;

  private final transient Instant resumeAt;
  private final int step;
  private final transient Map<String, Object> eventData;

  Suspension(Instant resumeAt, int step, Map<String, Object> eventData) {
    super("suspended until " + resumeAt, null, false, false);
    this.resumeAt = resumeAt;
    this.step = step;
    this.eventData = eventData;
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
