package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The queries and writes of the engine. Writes join the caller's transaction (the engine begins
 * them, so that a state change and its event commit together); reads also run without one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RunStore {

  /** Final statuses. */
  private static final List<WorkflowStatus> TERMINAL =
      List.of(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

  @PersistenceContext(unitName = "tinyworkflow")
  EntityManager em;

  /**
   * Appends an event.
   *
   * @param event the event
   */
  public void append(EventEntity event) {
    em.persist(event);
  }

  /**
   * Records a step outcome. A completed outcome is never replaced; a failed one of an earlier run
   * attempt is replaced by the new attempt's outcome.
   *
   * @param step the outcome
   * @param replacesFailure whether a failed outcome of an earlier run attempt is recorded
   */
  public void record(StepEntity step, boolean replacesFailure) {
    if (replacesFailure) {
      int replaced = deleteEarlierFailure(step);
      if (replaced != 1) {
        throw new IllegalStateException(
            "Step " + step.getStepNumber() + " of run " + step.getRunId() + " changed meanwhile");
      }
    }
    em.persist(step);
    em.flush();
  }

  /**
   * Finds a run.
   *
   * @param runId the run id
   * @return the run, if any
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunEntity> find(String runId) {
    return Optional.ofNullable(em.find(RunEntity.class, runId));
  }

  /**
   * Tells whether a step of a run is recorded.
   *
   * @param runId the run
   * @param step the step number
   * @return {@code true} when its outcome is in the journal
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public boolean stepRecorded(String runId, int step) {
    return em.find(StepEntity.class, new StepId(runId, step)) != null;
  }

  /**
   * Tells whether a step of a run has an outcome for a run attempt: completed in any attempt, or
   * failed in this one or later. A step that failed in an earlier run attempt is tried again.
   *
   * @param runId the run
   * @param step the step number
   * @param runAttempt the run attempt
   * @return {@code true} when its outcome stands for this run attempt
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public boolean stepRecorded(String runId, int step, int runAttempt) {
    StepEntity s = em.find(StepEntity.class, new StepId(runId, step));
    return s != null && ("completed".equals(s.getStatus()) || s.getRunAttempt() >= runAttempt);
  }

  /**
   * Records the outcome of a wait, replacing its failure (a timeout) in an earlier run attempt when
   * there is one: a retried run waits again.
   *
   * @param step the outcome
   */
  public void recordOverEarlierFailure(StepEntity step) {
    deleteEarlierFailure(step);
    em.persist(step);
    em.flush();
  }

  /**
   * Records a step in place of the one recorded at its number in an earlier run attempt, such as
   * the start of a child that failed then.
   *
   * @param step the new outcome
   */
  public void replaceStep(StepEntity step) {
    em.createQuery(
            "DELETE FROM StepEntity s WHERE s.runId = :run AND s.stepNumber = :step"
                + " AND s.runAttempt < :attempt")
        .setParameter("run", step.getRunId())
        .setParameter("step", step.getStepNumber())
        .setParameter("attempt", step.getRunAttempt())
        .executeUpdate();
    em.persist(step);
    em.flush();
  }

  /** Deletes the failed outcome of a step in an earlier run attempt; returns how many (0 or 1). */
  private int deleteEarlierFailure(StepEntity step) {
    return em.createQuery(
            "DELETE FROM StepEntity s WHERE s.runId = :run AND s.stepNumber = :step"
                + " AND s.status = 'failed' AND s.runAttempt < :attempt")
        .setParameter("run", step.getRunId())
        .setParameter("step", step.getStepNumber())
        .setParameter("attempt", step.getRunAttempt())
        .executeUpdate();
  }

  /**
   * Finds the run started with an idempotency key.
   *
   * @param key the key
   * @return the run, if any
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunEntity> findByIdempotencyKey(String key) {
    return em.createQuery("SELECT r FROM RunEntity r WHERE r.idempotencyKey = :k", RunEntity.class)
        .setParameter("k", key)
        .getResultStream()
        .findFirst();
  }

  /**
   * Loads a run's step journal.
   *
   * @param runId the run
   * @return its recorded steps, by step number
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<StepEntity> journal(String runId) {
    return em.createQuery(
            "SELECT s FROM StepEntity s WHERE s.runId = :run ORDER BY s.stepNumber",
            StepEntity.class)
        .setParameter("run", runId)
        .getResultList();
  }

  /**
   * Loads the events of some types of a run.
   *
   * @param runId the run
   * @param types the event types
   * @return the events, oldest first
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<EventEntity> events(String runId, List<String> types) {
    return em.createQuery(
            "SELECT e FROM EventEntity e WHERE e.runId = :run AND e.eventType IN :types"
                + " ORDER BY e.eventId",
            EventEntity.class)
        .setParameter("run", runId)
        .setParameter("types", types)
        .getResultList();
  }

  /**
   * Loads a run's events.
   *
   * @param runId the run
   * @param limit at most this many
   * @return the events, oldest first
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<EventEntity> events(String runId, int limit) {
    return em.createQuery(
            "SELECT e FROM EventEntity e WHERE e.runId = :run ORDER BY e.eventId",
            EventEntity.class)
        .setParameter("run", runId)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * Lists runs, newest first.
   *
   * @param status only this status, or {@code null}
   * @param workflowName only this workflow, or {@code null}
   * @param limit at most this many
   * @param offset skip this many
   * @return the runs
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<RunEntity> list(WorkflowStatus status, String workflowName, int limit, int offset) {
    StringBuilder jpql = new StringBuilder("SELECT r FROM RunEntity r WHERE 1 = 1");
    if (status != null) {
      jpql.append(" AND r.status = :status");
    }
    if (workflowName != null) {
      jpql.append(" AND r.workflowName = :name");
    }
    jpql.append(" ORDER BY r.createdAt DESC, r.runId DESC");
    TypedQuery<RunEntity> query = em.createQuery(jpql.toString(), RunEntity.class);
    if (status != null) {
      query.setParameter("status", status);
    }
    if (workflowName != null) {
      query.setParameter("name", workflowName);
    }
    return query.setFirstResult(offset).setMaxResults(limit).getResultList();
  }

  /**
   * Marks a run this server holds as running (its execution begins).
   *
   * @param runId the run
   * @param owner this server
   * @param from the statuses it may come from
   * @param firstStart whether the run never started before
   * @param now the current time
   * @return {@code true} when the run is now running here
   */
  public boolean start(
      String runId, String owner, List<WorkflowStatus> from, boolean firstStart, Instant now) {
    return em.createQuery(
                "UPDATE RunEntity r SET r.status = :running, r.updatedAt = :now,"
                    + (firstStart ? " r.startedAt = :now," : "")
                    + " r.nextAttemptAt = NULL, r.rowVersion = r.rowVersion + 1"
                    + " WHERE r.runId = :run AND r.leaseOwner = :owner AND r.status IN :from")
            .setParameter("running", WorkflowStatus.RUNNING)
            .setParameter("now", now)
            .setParameter("run", runId)
            .setParameter("owner", owner)
            .setParameter("from", from)
            .executeUpdate()
        == 1;
  }

  /**
   * Checks that a server still holds a running run, and keeps it so until the transaction ends: the
   * run's row stays locked, so that no other server claims it and no cancel ends it before this
   * transaction's writes commit. Every write made on behalf of an execution begins with it.
   *
   * @param runId the run
   * @param owner this server
   * @return {@code false} when the run is no longer running on this server: write nothing
   */
  public boolean holds(String runId, String owner) {
    return em.createQuery(
                "UPDATE RunEntity r SET r.leaseOwner = :owner"
                    + " WHERE r.runId = :run AND r.leaseOwner = :owner AND r.status = :running")
            .setParameter("owner", owner)
            .setParameter("run", runId)
            .setParameter("running", WorkflowStatus.RUNNING)
            .executeUpdate()
        == 1;
  }

  /**
   * Settles the execution of a run this server holds: the run leaves {@code running} for {@code
   * change.status()} and its lease is released, in one conditional update. A run that was
   * cancelled, timed out or claimed elsewhere meanwhile is left alone.
   *
   * @param runId the run
   * @param owner this server
   * @param change what changes
   * @param now the current time
   * @return {@code true} when the change was made
   */
  public boolean settle(String runId, String owner, RunChange change, Instant now) {
    StringBuilder jpql =
        new StringBuilder(
            "UPDATE RunEntity r SET r.status = :status, r.updatedAt = :now,"
                + " r.leaseOwner = NULL, r.leaseExpiresAt = NULL, r.rowVersion = r.rowVersion + 1");
    boolean bindsNext = !change.status().isTerminal() && change.nextAttemptAt() != null;
    if (change.status().isTerminal()) {
      jpql.append(", r.completedAt = :now, r.nextAttemptAt = NULL");
    } else {
      jpql.append(bindsNext ? ", r.nextAttemptAt = :next" : ", r.nextAttemptAt = NULL");
    }
    if (change.output() != null) {
      jpql.append(", r.output = :output");
    }
    if (change.error() != null) {
      jpql.append(", r.error = :error");
    }
    if (change.countsRetry()) {
      jpql.append(", r.retryCount = r.retryCount + 1");
    }
    jpql.append(" WHERE r.runId = :run AND r.leaseOwner = :owner AND r.status = :running");
    var query =
        em.createQuery(jpql.toString())
            .setParameter("status", change.status())
            .setParameter("now", now)
            .setParameter("run", runId)
            .setParameter("owner", owner)
            .setParameter("running", WorkflowStatus.RUNNING);
    if (bindsNext) {
      query.setParameter("next", change.nextAttemptAt());
    }
    if (change.output() != null) {
      query.setParameter("output", change.output());
    }
    if (change.error() != null) {
      query.setParameter("error", change.error());
    }
    return query.executeUpdate() == 1;
  }

  /**
   * Ends a run that has not ended yet, in one conditional update, so that no concurrent change can
   * make it fail or be lost.
   *
   * @param runId the run
   * @param status the terminal status
   * @param from the statuses that may end so (the engine's state machine says which)
   * @param now the current time
   * @return {@code true} when the run was ended by this call
   */
  public boolean endIfActive(
      String runId, WorkflowStatus status, List<WorkflowStatus> from, Instant now) {
    return em.createQuery(
                "UPDATE RunEntity r SET r.status = :status, r.completedAt = :now,"
                    + " r.updatedAt = :now, r.leaseOwner = NULL, r.leaseExpiresAt = NULL,"
                    + " r.nextAttemptAt = NULL, r.rowVersion = r.rowVersion + 1"
                    + " WHERE r.runId = :run AND r.status IN :from")
            .setParameter("status", status)
            .setParameter("now", now)
            .setParameter("run", runId)
            .setParameter("from", from)
            .executeUpdate()
        == 1;
  }

  /**
   * Lists the children a run started, in the order it started them.
   *
   * @param parentRunId the parent run
   * @param activeOnly only those that have not ended
   * @return their runs
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<RunEntity> children(String parentRunId, boolean activeOnly) {
    var query =
        em.createQuery(
                "SELECT r FROM RunEntity r WHERE r.parentRunId = :parent"
                    + (activeOnly ? " AND r.status NOT IN :terminal" : "")
                    + " ORDER BY r.parentStep, r.createdAt",
                RunEntity.class)
            .setParameter("parent", parentRunId);
    if (activeOnly) {
      query.setParameter("terminal", TERMINAL);
    }
    return query.getResultList();
  }

  /**
   * Finds runs past their deadline that no server is executing.
   *
   * @param now the current time
   * @param limit at most this many
   * @return their ids
   */
  public List<String> overdue(Instant now, int limit) {
    return em.createQuery(
            "SELECT r.runId FROM RunEntity r WHERE r.status IN :statuses"
                + " AND r.deadlineAt < :now"
                + " AND (r.leaseOwner IS NULL OR r.leaseExpiresAt < :now)",
            String.class)
        .setParameter(
            "statuses",
            List.of(WorkflowStatus.PENDING, WorkflowStatus.RETRYING, WorkflowStatus.PAUSED))
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }
}
