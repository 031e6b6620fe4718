package io.tinyworkflow.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The owner of {@code workflow_events}, the runs' append-only audit trail: events are appended in
 * the transaction of the state change they record, and read in append order.
 */
@ApplicationScoped
public class EventLog {

  @PersistenceContext(unitName = "tinyworkflow")
  EntityManager em;

  /**
   * Appends an event.
   *
   * @param event the event
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(EventRecord event) {
    em.persist(
        new EventEntity(
            event.runId(), event.eventType(), event.stepNumber(), event.data(), event.createdAt()));
  }

  /**
   * Loads the events of some types of a run.
   *
   * @param runId the run
   * @param types the event types
   * @return the events, oldest first
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<EventRecord> read(String runId, List<String> types) {
    return em
        .createQuery(
            """
                SELECT e FROM EventEntity e WHERE e.runId = :run AND e.eventType IN :types
                ORDER BY e.eventId""",
            EventEntity.class)
        .setParameter("run", runId)
        .setParameter("types", types)
        .getResultList()
        .stream()
        .map(EventEntity::toRecord)
        .toList();
  }

  /**
   * Loads a run's events.
   *
   * @param runId the run
   * @param limit at most this many
   * @return the events, oldest first
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<EventRecord> read(String runId, int limit) {
    return em
        .createQuery(
            "SELECT e FROM EventEntity e WHERE e.runId = :run ORDER BY e.eventId",
            EventEntity.class)
        .setParameter("run", runId)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(EventEntity::toRecord)
        .toList();
  }

  /**
   * Deletes the events of runs that are purged, in the caller's transaction.
   *
   * @param runIds the runs, at least one
   * @return how many were deleted
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int deleteRuns(List<String> runIds) {
    return em.createQuery("DELETE FROM EventEntity e WHERE e.runId IN :runs")
        .setParameter("runs", runIds)
        .executeUpdate();
  }
}
