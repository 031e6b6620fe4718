package io.tinyworkflow.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a run's append-only audit trail: a row of {@code workflow_events}. */
@Entity
@Table(name = "workflow_events")
public class EventEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "event_id")
  private Long eventId;

  @Column(name = "run_id", nullable = false, length = 36, updatable = false)
  private String runId;

  @Column(name = "event_type", nullable = false, updatable = false)
  private String eventType;

  @Column(name = "step_number", updatable = false)
  private Integer stepNumber;

  @Column(name = "data", updatable = false)
  private String data;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  /** For JPA. */
  protected EventEntity() {}

  /**
   * Creates an event.
   *
   * @param runId the run it belongs to
   * @param eventType what happened, for example {@code workflow_started}
   * @param stepNumber the step it concerns, or {@code null}
   * @param data details as a JSON object, or {@code null}
   * @param createdAt when it happened
   */
  public EventEntity(
      String runId, String eventType, Integer stepNumber, String data, Instant createdAt) {
    this.runId = runId;
    this.eventType = eventType;
    this.stepNumber = stepNumber;
    this.data = data;
    this.createdAt = createdAt;
  }

  public Long getEventId() {
    return eventId;
  }

  public String getRunId() {
    return runId;
  }

  public String getEventType() {
    return eventType;
  }

  public Integer getStepNumber() {
    return stepNumber;
  }

  public String getData() {
    return data;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /**
   * Returns this row as the engine sees it.
   *
   * @return the record
   */
  public EventRecord toRecord() {
    return new EventRecord(eventId, runId, eventType, stepNumber, data, createdAt);
  }
}
