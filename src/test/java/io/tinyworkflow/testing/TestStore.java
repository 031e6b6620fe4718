package io.tinyworkflow.testing;

import io.tinyworkflow.persistence.EventEntity;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.RunEntity;
import io.tinyworkflow.persistence.StepJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Storage operations for in-server tests, each in its own transaction. */
@ApplicationScoped
@Transactional
public class TestStore {

  @PersistenceContext(unitName = "tinyworkflow")
  EntityManager em;

  @Inject StepJournal journal;

  /**
   * Runs a function with the entity manager in a new transaction.
   *
   * @param work what to do
   * @param <T> the result type
   * @return what the function returned
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <T> T inTransaction(Function<EntityManager, T> work) {
    return work.apply(em);
  }

  /**
   * Persists a run.
   *
   * @param run the run
   */
  public void persist(Object run) {
    em.persist(run);
  }

  /**
   * Finds a run.
   *
   * @param runId the run id
   * @return the run, or {@code null}
   */
  public RunEntity findRun(String runId) {
    return em.find(RunEntity.class, runId);
  }

  /**
   * Appends an event to a run and updates the run's time, as every state change does.
   *
   * @param runId the run
   * @param type the event type
   * @param now the time of the change
   * @return the stored event
   */
  public EventEntity appendEvent(String runId, String type, Instant now) {
    EventEntity event =
        new EventEntity(runId, type, null, "{\"at\":" + now.toEpochMilli() + "}", now);
    em.persist(event);
    RunEntity run = em.find(RunEntity.class, runId);
    run.setUpdatedAt(now);
    em.flush();
    return event;
  }

  /**
   * Lists the events of a run in order.
   *
   * @param runId the run
   * @return its events
   */
  public List<EventEntity> events(String runId) {
    return em.createQuery(
            "SELECT e FROM EventEntity e WHERE e.runId = :run ORDER BY e.eventId",
            EventEntity.class)
        .setParameter("run", runId)
        .getResultList();
  }

  /**
   * Records a step in the journal, in a transaction of its own.
   *
   * @param step the step
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(JournalEntry step) {
    journal.append(step);
  }

  /**
   * Deletes a run with its steps, events and waits, so that a test leaves no outsized data for the
   * suites that list runs after it.
   *
   * @param runId the run
   */
  public void deleteRun(String runId) {
    for (String table :
        List.of(
            "workflow_steps",
            "workflow_events",
            "workflow_waits",
            "workflow_attributes",
            "workflow_runs")) {
      em.createNativeQuery("DELETE FROM " + table + " WHERE run_id = ?1")
          .setParameter(1, runId)
          .executeUpdate();
    }
  }

  /**
   * Counts the runs of a workflow id by status.
   *
   * @param workflowId the group of runs
   * @return the count of each status present, by its wire name
   */
  public Map<String, Long> statusCounts(String workflowId) {
    Map<String, Long> counts = new TreeMap<>();
    List<?> rows =
        em.createNativeQuery(
                "SELECT status, COUNT(*) FROM workflow_runs WHERE workflow_id = ?1 GROUP BY status")
            .setParameter(1, workflowId)
            .getResultList();
    for (Object row : rows) {
      Object[] cells = (Object[]) row;
      counts.put(String.valueOf(cells[0]), ((Number) cells[1]).longValue());
    }
    return counts;
  }

  /**
   * Counts the events of one type in the runs of a workflow id.
   *
   * @param workflowId the group of runs
   * @param type the event type
   * @return how many
   */
  public long eventCount(String workflowId, String type) {
    return ((Number)
            em.createNativeQuery(
                    "SELECT COUNT(*) FROM workflow_events e JOIN workflow_runs r"
                        + " ON r.run_id = e.run_id WHERE r.workflow_id = ?1 AND e.event_type = ?2")
                .setParameter(1, workflowId)
                .setParameter(2, type)
                .getSingleResult())
        .longValue();
  }

  /**
   * Stores a run that ended at a time, as a server that ran it long ago would have left it.
   *
   * @param runId the run id
   * @param workflowName the workflow
   * @param status its status (ended or not)
   * @param completedAt when it ended, or {@code null}
   */
  public void insertRun(String runId, String workflowName, String status, Instant completedAt) {
    long created = (completedAt == null ? Instant.now() : completedAt).toEpochMilli() - 1000;
    // A null parameter would be bound as text, which PostgreSQL refuses for a BIGINT column.
    jakarta.persistence.Query insert =
        em.createNativeQuery(
                "INSERT INTO workflow_runs (run_id, workflow_id, workflow_name, status, input,"
                    + " created_at, updated_at"
                    + (completedAt == null ? "" : ", completed_at")
                    + ") VALUES (?1, ?1, ?2, ?3, '{}', ?4, ?4"
                    + (completedAt == null ? "" : ", ?5")
                    + ")")
            .setParameter(1, runId)
            .setParameter(2, workflowName)
            .setParameter(3, status)
            .setParameter(4, created);
    if (completedAt != null) {
      insert.setParameter(5, completedAt.toEpochMilli());
    }
    insert.executeUpdate();
  }

  /**
   * Deletes the runs of a workflow id with their steps, events and waits.
   *
   * @param workflowId the group of runs
   */
  public void deleteWorkflow(String workflowId) {
    for (String table : List.of("workflow_steps", "workflow_events", "workflow_waits")) {
      em.createNativeQuery(
              "DELETE FROM "
                  + table
                  + " WHERE run_id IN (SELECT run_id FROM workflow_runs WHERE workflow_id = ?1)")
          .setParameter(1, workflowId)
          .executeUpdate();
    }
    em.createNativeQuery("DELETE FROM workflow_runs WHERE workflow_id = ?1")
        .setParameter(1, workflowId)
        .executeUpdate();
  }
}
