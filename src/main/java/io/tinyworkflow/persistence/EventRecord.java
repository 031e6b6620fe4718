package io.tinyworkflow.persistence;

import java.time.Instant;

/**
 * One entry of a run's audit trail, as the engine sees it: a row of {@code workflow_events}, read
 * or about to be appended.
 *
 * @param eventId its id, in append order; {@code null} until appended
 * @param runId the run it belongs to
 * @param eventType what happened, for example {@code workflow_started}
 * @param stepNumber the step it concerns, or {@code null}
 * @param data details as a JSON object, or {@code null}
 * @param createdAt when it happened
 */
public record EventRecord(
    Long eventId,
    String runId,
    String eventType,
    Integer stepNumber,
    String data,
    Instant createdAt) {

  /**
   * A new event, to append.
   *
   * @param runId the run
   * @param eventType what happened
   * @param stepNumber the step, or {@code null}
   * @param data details as a JSON object, or {@code null}
   * @param createdAt when
   * @return the event
   */
  public static EventRecord of(
      String runId, String eventType, Integer stepNumber, String data, Instant createdAt) {
    return new EventRecord(null, runId, eventType, stepNumber, data, createdAt);
  }
}
