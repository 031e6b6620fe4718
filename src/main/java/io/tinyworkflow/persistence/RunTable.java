package io.tinyworkflow.persistence;

import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.RunsPerMinute;
import io.tinyworkflow.api.ServerLoad;
import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The owner of {@code workflow_runs}: every statement on the table is here, and the engine receives
 * {@link RunRecord}s. Three kinds of statement:
 *
 * <ul>
 *   <li>State changes in the engine's transaction (marked {@code MANDATORY}): claims and leases,
 *       start, settle, end, the row lock of a waiting run ({@link #lock}). Each is one conditional
 *       update whose {@code WHERE} names the statuses it may come from (the engine's state machine
 *       derives them), so two servers or a server and a user never both win.
 *   <li>Reads through JPA ({@link #find}, {@link #children}): they see the transaction's own
 *       writes.
 *   <li>Hand-written statements that commit on their own, outside any transaction: the new run
 *       ({@link #insert}), its completion ({@link #complete}), one run by id ({@link #read}), and
 *       the filtered, counted and grouped reads of the pages and the API. These are the statements
 *       every run or every page view makes: one round trip each, no transaction, no entity (the
 *       engine benchmark's waiting callers make one insert, one completion and one read per
 *       workflow).
 * </ul>
 *
 * <p>{@code row_version} is the row's change counter. Bulk updates bypass JPA's {@code @Version},
 * so every state change here raises it itself, and the lock of a waiting run is an update of it
 * alone: the one write that every database turns into a row lock (SQLite into its write lock).
 */
@ApplicationScoped
public class RunTable {

  /** Final statuses. */
  private static final List<WorkflowStatus> TERMINAL =
      List.of(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

  private static final String COLUMNS =
      """
          run_id, workflow_id, workflow_name, workflow_version, status, input, output, error,
          idempotency_key, created_at, started_at, completed_at, updated_at, scheduled_at,
          next_attempt_at, deadline_at, retry_count, max_retries, parent_run_id, parent_step,
          schedule_id, lease_owner, lease_expires_at, started_by, compensation,
          forked_from, forked_from_step, trace_parent, priority""";

  @PersistenceContext(unitName = "tinyworkflow")
  EntityManager em;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Finds a run.
   *
   * @param runId the run id
   * @return the run, if any
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunRecord> find(String runId) {
    return Optional.ofNullable(em.find(RunEntity.class, runId)).map(RunEntity::toRecord);
  }

  /**
   * Finds the run started with an idempotency key.
   *
   * @param key the key
   * @return the run, if any
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunRecord> findByIdempotencyKey(String key) {
    return em.createQuery("SELECT r FROM RunEntity r WHERE r.idempotencyKey = :k", RunEntity.class)
        .setParameter("k", key)
        .getResultStream()
        .findFirst()
        .map(RunEntity::toRecord);
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
  @Transactional(Transactional.TxType.MANDATORY)
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
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean holds(String runId, String owner) {
    return em.createQuery(
                """
                    UPDATE RunEntity r SET r.leaseOwner = :owner
                    WHERE r.runId = :run AND r.leaseOwner = :owner AND r.status = :running""")
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
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean settle(String runId, String owner, RunChange change, Instant now) {
    StringBuilder jpql =
        new StringBuilder(
            """
                UPDATE RunEntity r SET r.status = :status, r.updatedAt = :now,
                r.leaseOwner = NULL, r.leaseExpiresAt = NULL, r.rowVersion = r.rowVersion + 1""");
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
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean endIfActive(
      String runId, WorkflowStatus status, List<WorkflowStatus> from, Instant now) {
    return end(runId, status, from, now, "");
  }

  /**
   * Cancels a run that has not ended and registered no compensation, in one conditional update: a
   * run that registered one is left for {@link #requestCancel} (its compensations run first).
   *
   * @param runId the run
   * @param from the statuses that may be cancelled
   * @param now the current time
   * @return {@code true} when the run was cancelled by this call
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean cancelIfNothingToCompensate(String runId, List<WorkflowStatus> from, Instant now) {
    return end(runId, WorkflowStatus.CANCELLED, from, now, " AND r.compensation IS NULL");
  }

  private boolean end(
      String runId, WorkflowStatus status, List<WorkflowStatus> from, Instant now, String and) {
    return em.createQuery(
                """
                    UPDATE RunEntity r SET r.status = :status, r.completedAt = :now,
                    r.updatedAt = :now, r.leaseOwner = NULL, r.leaseExpiresAt = NULL,
                    r.nextAttemptAt = NULL, r.rowVersion = r.rowVersion + 1
                    WHERE r.runId = :run AND r.status IN :from"""
                    + and)
            .setParameter("status", status)
            .setParameter("now", now)
            .setParameter("run", runId)
            .setParameter("from", from)
            .executeUpdate()
        == 1;
  }

  /**
   * Asks a run that registered compensations to end as cancelled once they ran: it is marked {@code
   * cancelling}, and made due at once unless a server executes it now (that server stops it and it
   * is claimed again). Its next execution runs the compensations, then cancels it.
   *
   * @param runId the run
   * @param from the statuses that may be cancelled
   * @param now the current time
   * @return {@code true} when this call asked for it; {@code false} when the run ended, registered
   *     no compensation or is being cancelled already
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean requestCancel(String runId, List<WorkflowStatus> from, Instant now) {
    String statuses = String.join(", ", Collections.nCopies(from.size(), "?"));
    String sql =
        """
            UPDATE workflow_runs SET compensation = ?, updated_at = ?,
            next_attempt_at = CASE WHEN status = ? THEN next_attempt_at ELSE ? END,
            row_version = row_version + 1
            WHERE run_id = ? AND compensation = ? AND status IN (%s)"""
            .formatted(statuses);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setString(i++, RunRecord.COMPENSATION_CANCELLING);
      s.setLong(i++, now.toEpochMilli());
      s.setString(i++, WorkflowStatus.RUNNING.wireName());
      s.setLong(i++, now.toEpochMilli());
      s.setString(i++, runId);
      s.setString(i++, RunRecord.COMPENSATION_REGISTERED);
      for (WorkflowStatus status : from) {
        s.setString(i++, status.wireName());
      }
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot cancel run " + runId, e);
    }
  }

  /**
   * Makes a retrying run due now.
   *
   * @param runId the run
   * @param now the current time
   * @return {@code false} when the run is not retrying
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean retryNow(String runId, Instant now) {
    return em.createQuery(
                """
                    UPDATE RunEntity r SET r.nextAttemptAt = :now, r.updatedAt = :now,
                    r.rowVersion = r.rowVersion + 1
                    WHERE r.runId = :run AND r.status = :retrying""")
            .setParameter("now", now)
            .setParameter("run", runId)
            .setParameter("retrying", WorkflowStatus.RETRYING)
            .executeUpdate()
        == 1;
  }

  /**
   * Notes that a run this server executes registered a compensation, so that a cancel lets it run.
   * One statement, outside any transaction.
   *
   * @param runId the run
   * @param owner this server
   * @return {@code false} when the run is no longer running on this server: nothing was written
   */
  public boolean markCompensable(String runId, String owner) {
    String sql =
        """
            UPDATE workflow_runs SET compensation = COALESCE(compensation, ?)
            WHERE run_id = ? AND lease_owner = ? AND status = ?""";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, RunRecord.COMPENSATION_REGISTERED);
      s.setString(2, runId);
      s.setString(3, owner);
      s.setString(4, WorkflowStatus.RUNNING.wireName());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot note the compensation of run " + runId, e);
    }
  }

  /**
   * Lists the runs a server executes that a cancel asked to compensate.
   *
   * @param owner the server
   * @param runIds the runs it executes
   * @return those marked {@code cancelling}
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<String> cancelling(String owner, List<String> runIds) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            """
                SELECT r.runId FROM RunEntity r WHERE r.runId IN :runs
                AND r.leaseOwner = :owner AND r.compensation = :cancelling""",
            String.class)
        .setParameter("runs", runIds)
        .setParameter("owner", owner)
        .setParameter("cancelling", RunRecord.COMPENSATION_CANCELLING)
        .getResultList();
  }

  /**
   * Lists the children a run started, in the order it started them.
   *
   * @param parentRunId the parent run
   * @param activeOnly only those that have not ended
   * @return their runs
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<RunRecord> children(String parentRunId, boolean activeOnly) {
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
    return query.getResultList().stream().map(RunEntity::toRecord).toList();
  }

  /**
   * Finds runs past their deadline that no server is executing.
   *
   * @param now the current time
   * @param limit at most this many
   * @return their ids
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<String> overdue(Instant now, int limit) {
    return em.createQuery(
            """
                SELECT r.runId FROM RunEntity r WHERE r.status IN :statuses
                AND r.deadlineAt < :now
                AND (r.leaseOwner IS NULL OR r.leaseExpiresAt < :now)""",
            String.class)
        .setParameter(
            "statuses",
            List.of(WorkflowStatus.PENDING, WorkflowStatus.RETRYING, WorkflowStatus.PAUSED))
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * Finds runs that a server may claim, and locks them for the caller's transaction: of a workflow
   * it has, executable, due, and not leased by a live server. A paused run is due only once its
   * wait is answered or its deadline passed (its next attempt time is set then). On PostgreSQL and
   * MySQL/MariaDB the rows are locked with {@code FOR UPDATE SKIP LOCKED}: servers polling at once
   * take disjoint runs and never wait for, nor deadlock with, each other. SQLite has one writer.
   *
   * @param executable the statuses from which a run may become running (the engine's state machine
   *     says which)
   * @param workflowNames the workflows the server has
   * @param now the current time
   * @param limit at most this many
   * @return their ids, most overdue first
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<String> lockClaimable(
      List<WorkflowStatus> executable, List<String> workflowNames, Instant now, int limit) {
    if (workflowNames.isEmpty()) {
      return List.of();
    }
    String names = String.join(", ", java.util.Collections.nCopies(workflowNames.size(), "?"));
    String statuses = String.join(", ", java.util.Collections.nCopies(executable.size(), "?"));
    try (Connection c = dataSource.getConnection()) {
      boolean skipLocked = !c.getMetaData().getDatabaseProductName().contains("SQLite");
      String sql =
          """
              SELECT run_id FROM workflow_runs
              WHERE status IN (%s)
              AND workflow_name IN (%s)
              AND ((next_attempt_at IS NULL AND status <> 'paused') OR next_attempt_at <= ?)
              AND (lease_owner IS NULL OR lease_expires_at < ?)
              ORDER BY priority DESC, next_attempt_at
              LIMIT ?%s"""
              .formatted(statuses, names, skipLocked ? " FOR UPDATE SKIP LOCKED" : "");
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        for (WorkflowStatus status : executable) {
          s.setString(i++, status.wireName());
        }
        for (String name : workflowNames) {
          s.setString(i++, name);
        }
        s.setLong(i++, now.toEpochMilli());
        s.setLong(i++, now.toEpochMilli());
        s.setInt(i, limit);
        List<String> ids = new java.util.ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            ids.add(r.getString(1));
          }
        }
        return ids;
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot find the runs to claim", e);
    }
  }

  /**
   * Claims a run for a server, unless another live server holds it.
   *
   * @param runId the run
   * @param executable the statuses from which a run may become running
   * @param owner the claiming server
   * @param now the current time
   * @param leaseUntil until when the lease holds unless renewed
   * @return {@code true} when this server now holds the run
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean claim(
      String runId,
      List<WorkflowStatus> executable,
      String owner,
      Instant now,
      Instant leaseUntil) {
    return claim(runId, executable, owner, now, leaseUntil, List.of());
  }

  /**
   * Claims a run for a server, unless another live server holds it or its workflow is one of those
   * whose runs are claimed only through their queue.
   *
   * @param runId the run
   * @param executable the statuses from which a run may become running
   * @param owner the claiming server
   * @param now the current time
   * @param leaseUntil until when the lease holds unless renewed
   * @param queued the workflows whose runs this claim leaves alone
   * @return {@code true} when this server now holds the run
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean claim(
      String runId,
      List<WorkflowStatus> executable,
      String owner,
      Instant now,
      Instant leaseUntil,
      List<String> queued) {
    var query =
        em.createQuery(
            """
                UPDATE RunEntity r SET r.leaseOwner = :owner, r.leaseExpiresAt = :until,
                r.rowVersion = r.rowVersion + 1
                WHERE r.runId = :run AND r.status IN :statuses
                AND ((r.nextAttemptAt IS NULL AND r.status <> :paused)
                OR r.nextAttemptAt <= :now)
                AND (r.leaseOwner IS NULL OR r.leaseExpiresAt < :now)"""
                + (queued.isEmpty() ? "" : " AND r.workflowName NOT IN :queued"));
    if (!queued.isEmpty()) {
      query.setParameter("queued", queued);
    }
    return query
            .setParameter("owner", owner)
            .setParameter("until", leaseUntil)
            .setParameter("run", runId)
            .setParameter("statuses", executable)
            .setParameter("paused", WorkflowStatus.PAUSED)
            .setParameter("now", now)
            .executeUpdate()
        == 1;
  }

  /**
   * Counts the runs of some workflows that a server holds now, on any server: those executing.
   *
   * @param workflowNames the workflows
   * @param now the current time
   * @return how many
   */
  public int countHeld(List<String> workflowNames, Instant now) {
    String names = String.join(", ", java.util.Collections.nCopies(workflowNames.size(), "?"));
    String sql =
        "SELECT COUNT(*) FROM workflow_runs WHERE workflow_name IN ("
            + names
            + ") AND lease_owner IS NOT NULL AND lease_expires_at >= ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (String name : workflowNames) {
        s.setString(i++, name);
      }
      s.setLong(i, now.toEpochMilli());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the runs executing", e);
    }
  }

  /**
   * Extends the leases of the runs a server executes.
   *
   * @param owner the server
   * @param runIds the runs it is executing
   * @param leaseUntil the new expiry
   * @return how many leases were extended
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int renew(String owner, List<String> runIds, Instant leaseUntil) {
    if (runIds.isEmpty()) {
      return 0;
    }
    return em.createQuery(
            """
                UPDATE RunEntity r SET r.leaseExpiresAt = :until
                WHERE r.leaseOwner = :owner AND r.runId IN :runs""")
        .setParameter("until", leaseUntil)
        .setParameter("owner", owner)
        .setParameter("runs", runIds)
        .executeUpdate();
  }

  /**
   * Finds which of the runs this server executes are no longer its to execute: cancelled, timed out
   * or claimed by another server.
   *
   * @param owner this server
   * @param runIds the runs it executes
   * @return the ids of those it must stop
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<String> lost(String owner, List<String> runIds) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            """
                SELECT r.runId FROM RunEntity r WHERE r.runId IN :runs
                AND (r.status IN :terminal OR r.leaseOwner IS NULL OR r.leaseOwner <> :owner)""",
            String.class)
        .setParameter("runs", runIds)
        .setParameter("terminal", TERMINAL)
        .setParameter("owner", owner)
        .getResultList();
  }

  /**
   * Releases the lease of a running run this server holds, so that any server may claim it.
   *
   * @param runId the run
   * @param owner this server
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void release(String runId, String owner) {
    em.createQuery(
            """
                UPDATE RunEntity r SET r.leaseOwner = NULL, r.leaseExpiresAt = NULL,
                r.rowVersion = r.rowVersion + 1
                WHERE r.runId = :run AND r.leaseOwner = :owner AND r.status = :running""")
        .setParameter("run", runId)
        .setParameter("owner", owner)
        .setParameter("running", WorkflowStatus.RUNNING)
        .executeUpdate();
  }

  /**
   * Stores a new run.
   *
   * @param run the run
   * @throws PersistenceFailure when the insert fails, for example on a repeated idempotency key
   */
  public void insert(RunRecord run) {
    String sql =
        """
            INSERT INTO workflow_runs (run_id, workflow_id, workflow_name, workflow_version, status,
            input, idempotency_key, created_at, started_at, updated_at, deadline_at,
            retry_count, max_retries, lease_owner, lease_expires_at, parent_run_id, parent_step,
            schedule_id, scheduled_at, next_attempt_at, started_by, forked_from, forked_from_step,
            trace_parent, priority, row_version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, run.runId());
      s.setString(2, run.workflowId());
      s.setString(3, run.workflowName());
      s.setString(4, run.workflowVersion());
      s.setString(5, run.status().wireName());
      s.setString(6, run.input());
      s.setString(7, run.idempotencyKey());
      s.setLong(8, run.createdAt().toEpochMilli());
      Sql.setInstant(s, 9, run.startedAt());
      s.setLong(10, run.updatedAt().toEpochMilli());
      Sql.setInstant(s, 11, run.deadlineAt());
      s.setInt(12, run.maxRetries());
      s.setString(13, run.leaseOwner());
      Sql.setInstant(s, 14, run.leaseExpiresAt());
      s.setString(15, run.parentRunId());
      if (run.parentStep() == null) {
        s.setNull(16, java.sql.Types.INTEGER);
      } else {
        s.setInt(16, run.parentStep());
      }
      s.setString(17, run.scheduleId());
      Sql.setInstant(s, 18, run.scheduledAt());
      Sql.setInstant(s, 19, run.nextAttemptAt());
      s.setString(20, run.startedBy());
      s.setString(21, run.forkedFrom());
      if (run.forkedFromStep() == null) {
        s.setNull(22, java.sql.Types.INTEGER);
      } else {
        s.setInt(22, run.forkedFromStep());
      }
      s.setString(23, run.traceParent());
      s.setInt(24, run.priority());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot store run " + run.runId(), e);
    }
  }

  /**
   * Stores a new run unless its idempotency key is taken: a run that repeats a key is no failure
   * here but an answer, returned rather than thrown so that it makes no incident in the log.
   *
   * @param run the run
   * @return {@code false} when another run holds its idempotency key; nothing was stored
   * @throws PersistenceFailure when the insert fails otherwise
   */
  public boolean insertUnlessKeyTaken(RunRecord run) {
    try {
      insert(run);
      return true;
    } catch (PersistenceFailure e) {
      if (run.idempotencyKey() != null && DatabaseErrors.kind(e) == DatabaseErrors.Kind.DUPLICATE) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Completes a run this server holds, unless it was cancelled, timed out or claimed elsewhere.
   *
   * @param runId the run
   * @param owner this server
   * @param outputJson the result
   * @param now the current time
   * @return {@code true} when the run is now completed
   */
  public boolean complete(String runId, String owner, String outputJson, Instant now) {
    String sql =
        """
            UPDATE workflow_runs SET status = ?, output = ?, completed_at = ?, updated_at = ?,
            lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = NULL,
            row_version = row_version + 1
            WHERE run_id = ? AND lease_owner = ? AND status = ?""";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, WorkflowStatus.COMPLETED.wireName());
      s.setString(2, outputJson);
      s.setLong(3, now.toEpochMilli());
      s.setLong(4, now.toEpochMilli());
      s.setString(5, runId);
      s.setString(6, owner);
      s.setString(7, WorkflowStatus.RUNNING.wireName());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot complete run " + runId, e);
    }
  }

  /**
   * Reads a run.
   *
   * @param runId the run id
   * @return the run, if any
   * @throws PersistenceFailure when the database cannot be read
   */
  public Optional<RunRecord> read(String runId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + COLUMNS + " FROM workflow_runs WHERE run_id = ?")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(toRun(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read run " + runId, e);
    }
  }

  /**
   * Counts the runs that have not ended by workflow and by the workflow version they started on.
   *
   * @return by workflow, the counts by version; workflows without such runs are absent
   * @throws PersistenceFailure when the database cannot be read
   */
  public Map<String, Map<String, Long>> versionsInFlight() {
    Map<String, Map<String, Long>> versions = new java.util.TreeMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                    SELECT workflow_name, workflow_version, COUNT(*) FROM workflow_runs
                    WHERE status IN (?, ?, ?, ?)
                    GROUP BY workflow_name, workflow_version""")) {
      int i = 1;
      for (WorkflowStatus status : WorkflowStatus.values()) {
        if (!status.isTerminal()) {
          s.setString(i++, status.wireName());
        }
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          versions
              .computeIfAbsent(r.getString(1), w -> new java.util.TreeMap<>())
              .put(String.valueOf(r.getString(2)), r.getLong(3));
        }
      }
      return versions;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the runs in flight by version", e);
    }
  }

  /**
   * Counts the runs that are due now and that no live server holds, by workflow: the queue that
   * {@link #lockClaimable} takes from.
   *
   * @param executable the statuses a run may be claimed from
   * @param now the time
   * @return the number of due runs by workflow; workflows without any are absent
   * @throws PersistenceFailure when the database cannot be read
   */
  public Map<String, Long> countDue(List<WorkflowStatus> executable, Instant now) {
    String statuses = String.join(", ", java.util.Collections.nCopies(executable.size(), "?"));
    String sql =
        """
            SELECT workflow_name, COUNT(*) FROM workflow_runs
            WHERE status IN (%s)
            AND ((next_attempt_at IS NULL AND status <> 'paused') OR next_attempt_at <= ?)
            AND (lease_owner IS NULL OR lease_expires_at < ?)
            GROUP BY workflow_name"""
            .formatted(statuses);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (WorkflowStatus status : executable) {
        s.setString(i++, status.wireName());
      }
      s.setLong(i++, now.toEpochMilli());
      s.setLong(i, now.toEpochMilli());
      Map<String, Long> due = new java.util.HashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          due.put(r.getString(1), r.getLong(2));
        }
      }
      return due;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the due runs", e);
    }
  }

  /**
   * Lists a page of the runs a filter selects, in its order, with the run id as the tie-break so
   * pages never overlap.
   *
   * @param filter which runs and in what order
   * @param limit at most this many
   * @param offset skip this many
   * @return the runs
   * @throws PersistenceFailure when the database cannot be read
   */
  public List<RunRecord> page(RunFilter filter, int limit, int offset) {
    List<Object> parameters = new ArrayList<>();
    String sql = select(filter, where(filter, parameters)) + " LIMIT ? OFFSET ?";
    parameters.add(limit);
    parameters.add(offset);
    return list(sql, parameters);
  }

  /**
   * Lists the page of the runs a filter selects that follows a run, in the order of their creation
   * time (keyset paging): as fast for the millionth run as for the first, where an offset reads
   * every run it skips.
   *
   * @param filter which runs and which direction; its sort is the creation time
   * @param after the run the page follows: the previous page's last run
   * @param limit at most this many
   * @return the runs
   * @throws IllegalArgumentException when the filter sorts by something else
   * @throws PersistenceFailure when the database cannot be read
   */
  public List<RunRecord> pageAfter(RunFilter filter, RunRecord after, int limit) {
    if (filter.sort() != RunFilter.Sort.CREATED_AT) {
      throw new IllegalArgumentException("Keyset pages follow the creation time only");
    }
    List<Object> parameters = new ArrayList<>();
    String where = where(filter, parameters);
    // created_at <= ? first: a range the creation time index reads from; ties by run id.
    String op = filter.descending() ? "<" : ">";
    String keyset = "created_at %s= ? AND (created_at %s ? OR run_id %s ?)".formatted(op, op, op);
    long created = after.createdAt().toEpochMilli();
    parameters.add(created);
    parameters.add(created);
    parameters.add(after.runId());
    String sql =
        select(filter, where.isEmpty() ? " WHERE " + keyset : where + " AND " + keyset)
            + " LIMIT ?";
    parameters.add(limit);
    return list(sql, parameters);
  }

  private static String select(RunFilter filter, String where) {
    String direction = filter.descending() ? " DESC" : " ASC";
    return "SELECT "
        + COLUMNS
        + " FROM workflow_runs"
        + where
        + " ORDER BY "
        + column(filter.sort())
        + direction
        // Within a workflow, by creation: the order of its index (workflow_name, created_at).
        + (filter.sort() == RunFilter.Sort.WORKFLOW_NAME ? ", created_at" + direction : "")
        + ", run_id"
        + direction;
  }

  private List<RunRecord> list(String sql, List<Object> parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, parameters);
      try (ResultSet r = s.executeQuery()) {
        List<RunRecord> runs = new ArrayList<>();
        while (r.next()) {
          runs.add(toRun(r));
        }
        return runs;
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot list the runs", e);
    }
  }

  /**
   * Counts the runs a filter selects.
   *
   * @param filter which runs (its order does not matter)
   * @return how many
   * @throws PersistenceFailure when the database cannot be read
   */
  public long count(RunFilter filter) {
    List<Object> parameters = new ArrayList<>();
    return count("SELECT COUNT(*) FROM workflow_runs" + where(filter, parameters), parameters);
  }

  /**
   * Counts the runs a filter selects, up to a bound: reads at most that many index entries, where
   * an exact count of a million runs reads them all.
   *
   * @param filter which runs (its order does not matter)
   * @param atMost the bound
   * @return how many, or {@code atMost + 1} when there are more than {@code atMost}
   * @throws PersistenceFailure when the database cannot be read
   */
  public long count(RunFilter filter, long atMost) {
    List<Object> parameters = new ArrayList<>();
    String sql =
        "SELECT COUNT(*) FROM (SELECT 1 FROM workflow_runs"
            + where(filter, parameters)
            + " LIMIT ?) bounded";
    parameters.add(atMost + 1);
    return count(sql, parameters);
  }

  private long count(String sql, List<Object> parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, parameters);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the runs", e);
    }
  }

  /**
   * Counts the runs created, completed and failed in each minute since a time, in two grouped
   * queries on the time indexes. Minutes without any are absent.
   *
   * @param since the start of the first minute
   * @return the counts by minute, in time order
   * @throws PersistenceFailure when the database cannot be read
   */
  public List<RunsPerMinute> perMinute(Instant since) {
    Map<Long, long[]> minutes = new java.util.TreeMap<>();
    try (Connection c = dataSource.getConnection()) {
      // created_at - created_at % 60000: the start of its minute, in the SQL of all three
      // databases.
      try (PreparedStatement s =
          c.prepareStatement(
              """
                  SELECT created_at - created_at % 60000, COUNT(*) FROM workflow_runs
                  WHERE created_at >= ? GROUP BY created_at - created_at % 60000""")) {
        s.setLong(1, since.toEpochMilli());
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            minutes.computeIfAbsent(r.getLong(1), m -> new long[3])[0] += r.getLong(2);
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              """
                  SELECT status, completed_at - completed_at % 60000, COUNT(*) FROM workflow_runs
                  WHERE completed_at >= ? AND status IN (?, ?)
                  GROUP BY status, completed_at - completed_at % 60000""")) {
        s.setLong(1, since.toEpochMilli());
        s.setString(2, WorkflowStatus.COMPLETED.wireName());
        s.setString(3, WorkflowStatus.FAILED.wireName());
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            int column = WorkflowStatus.COMPLETED.wireName().equals(r.getString(1)) ? 1 : 2;
            minutes.computeIfAbsent(r.getLong(2), m -> new long[3])[column] += r.getLong(3);
          }
        }
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the runs per minute", e);
    }
    return minutes.entrySet().stream()
        .map(
            e ->
                new RunsPerMinute(
                    Instant.ofEpochMilli(e.getKey()),
                    e.getValue()[0],
                    e.getValue()[1],
                    e.getValue()[2]))
        .toList();
  }

  /**
   * Lists the servers that hold running runs under a lease that has not expired, with how many each
   * holds.
   *
   * @param now the current time
   * @return the servers, by name
   * @throws PersistenceFailure when the database cannot be read
   */
  public List<ServerLoad> servers(Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                    SELECT lease_owner, COUNT(*), MAX(lease_expires_at) FROM workflow_runs
                    WHERE status = ? AND lease_owner IS NOT NULL AND lease_expires_at > ?
                    GROUP BY lease_owner ORDER BY lease_owner""")) {
      s.setString(1, WorkflowStatus.RUNNING.wireName());
      s.setLong(2, now.toEpochMilli());
      List<ServerLoad> servers = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          servers.add(
              new ServerLoad(r.getString(1), r.getLong(2), Instant.ofEpochMilli(r.getLong(3))));
        }
      }
      return servers;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot list the servers", e);
    }
  }

  private static String where(RunFilter filter, List<Object> parameters) {
    List<String> conditions = new ArrayList<>();
    if (!filter.statuses().isEmpty()) {
      conditions.add(
          "status IN ("
              + String.join(", ", Collections.nCopies(filter.statuses().size(), "?"))
              + ")");
      filter.statuses().stream().map(WorkflowStatus::wireName).sorted().forEach(parameters::add);
    }
    if (filter.workflowName() != null) {
      conditions.add("workflow_name = ?");
      parameters.add(filter.workflowName());
    }
    if (filter.createdFrom() != null) {
      conditions.add("created_at >= ?");
      parameters.add(filter.createdFrom().toEpochMilli());
    }
    if (filter.createdBefore() != null) {
      conditions.add("created_at < ?");
      parameters.add(filter.createdBefore().toEpochMilli());
    }
    if (filter.id() != null) {
      conditions.add("(run_id = ? OR workflow_id = ?)");
      parameters.add(filter.id());
      parameters.add(filter.id());
    }
    for (Map.Entry<String, String> attribute : filter.attributes().entrySet()) {
      conditions.add(
          "EXISTS (SELECT 1 FROM workflow_attributes a WHERE a.run_id = workflow_runs.run_id"
              + " AND a.attr_key = ? AND a.attr_value = ?)");
      parameters.add(attribute.getKey());
      parameters.add(attribute.getValue());
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static String column(RunFilter.Sort sort) {
    return switch (sort) {
      case CREATED_AT -> "created_at";
      case STARTED_AT -> "started_at";
      case COMPLETED_AT -> "completed_at";
      case UPDATED_AT -> "updated_at";
      case WORKFLOW_NAME -> "workflow_name";
      case STATUS -> "status";
    };
  }

  private static void bind(PreparedStatement s, List<Object> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object value = parameters.get(i);
      if (value instanceof Long l) {
        s.setLong(i + 1, l);
      } else if (value instanceof Integer n) {
        s.setInt(i + 1, n);
      } else {
        s.setString(i + 1, (String) value);
      }
    }
  }

  private static RunRecord toRun(ResultSet r) throws SQLException {
    return new RunRecord(
        r.getString("run_id"),
        r.getString("workflow_id"),
        r.getString("workflow_name"),
        r.getString("workflow_version"),
        WorkflowStatus.valueOf(r.getString("status").toUpperCase(Locale.ROOT)),
        r.getString("input"),
        r.getString("output"),
        r.getString("error"),
        r.getString("idempotency_key"),
        instant(r, "created_at"),
        instant(r, "started_at"),
        instant(r, "completed_at"),
        instant(r, "updated_at"),
        instant(r, "scheduled_at"),
        instant(r, "next_attempt_at"),
        instant(r, "deadline_at"),
        r.getInt("retry_count"),
        r.getInt("max_retries"),
        r.getString("parent_run_id"),
        integer(r, "parent_step"),
        r.getString("schedule_id"),
        r.getString("started_by"),
        r.getString("lease_owner"),
        instant(r, "lease_expires_at"),
        r.getString("compensation"),
        r.getString("forked_from"),
        integer(r, "forked_from_step"),
        r.getString("trace_parent"),
        r.getInt("priority"));
  }

  private static Integer integer(ResultSet r, String column) throws SQLException {
    int value = r.getInt(column);
    return r.wasNull() ? null : value;
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    long millis = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /**
   * A run's row, locked until the transaction ends.
   *
   * @param status the run's status
   * @param retryCount the run's retry count: its current run attempt
   */
  public record Locked(WorkflowStatus status, int retryCount) {}

  /**
   * Locks a run's row until the transaction ends and reads its status.
   *
   * @param runId the run
   * @return its status, or empty when no such run exists
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<Locked> lock(String runId) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE workflow_runs SET row_version = row_version + 1 WHERE run_id = ?")) {
        s.setString(1, runId);
        if (s.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      try (PreparedStatement s =
          c.prepareStatement("SELECT status, retry_count FROM workflow_runs WHERE run_id = ?")) {
        s.setString(1, runId);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          WorkflowStatus status =
              WorkflowStatus.valueOf(r.getString(1).toUpperCase(java.util.Locale.ROOT));
          return Optional.of(new Locked(status, r.getInt(2)));
        }
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot lock run " + runId, e);
    }
  }

  /**
   * Makes a paused run due at once: any server may claim and resume it.
   *
   * @param runId the run
   * @param now the current time
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void makeDue(String runId, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                    UPDATE workflow_runs SET next_attempt_at = ?, updated_at = ?
                    WHERE run_id = ? AND status = ?""")) {
      s.setLong(1, now.toEpochMilli());
      s.setLong(2, now.toEpochMilli());
      s.setString(3, runId);
      s.setString(4, WorkflowStatus.PAUSED.wireName());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot resume run " + runId, e);
    }
  }

  /**
   * Finds runs that may be purged: ended before a time, and not the child of a run that has not
   * ended (it may still read the child's outcome).
   *
   * @param workflowName only runs of this workflow; {@code null} for every workflow but {@code
   *     except}
   * @param except workflows left out when {@code workflowName} is {@code null} (they have a
   *     retention of their own)
   * @param endedBefore the time
   * @param limit at most this many
   * @return their ids, the oldest first
   */
  public List<String> purgeable(
      String workflowName, java.util.Collection<String> except, Instant endedBefore, int limit) {
    List<Object> parameters = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT r.run_id FROM workflow_runs r WHERE r.completed_at < ? AND r.status IN (?, ?, ?)");
    parameters.add(endedBefore.toEpochMilli());
    TERMINAL.forEach(status -> parameters.add(status.wireName()));
    if (workflowName != null) {
      sql.append(" AND r.workflow_name = ?");
      parameters.add(workflowName);
    } else if (!except.isEmpty()) {
      sql.append(" AND r.workflow_name NOT IN (")
          .append(String.join(", ", Collections.nCopies(except.size(), "?")))
          .append(")");
      parameters.addAll(except);
    }
    sql.append(
        " AND (r.parent_run_id IS NULL OR NOT EXISTS (SELECT 1 FROM workflow_runs p"
            + " WHERE p.run_id = r.parent_run_id AND p.status NOT IN (?, ?, ?)))"
            + " ORDER BY r.completed_at");
    TERMINAL.forEach(status -> parameters.add(status.wireName()));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      bind(s, parameters);
      s.setMaxRows(limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot find the runs to purge", e);
    }
  }

  /**
   * Deletes the rows of runs that are purged, in the caller's transaction; a run that is no longer
   * ended (it cannot be) is kept.
   *
   * @param runIds the runs, at least one
   * @return how many were deleted
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int deleteEnded(List<String> runIds) {
    String sql =
        "DELETE FROM workflow_runs WHERE status IN (?, ?, ?) AND run_id IN ("
            + String.join(", ", Collections.nCopies(runIds.size(), "?"))
            + ")";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (WorkflowStatus status : TERMINAL) {
        s.setString(i++, status.wireName());
      }
      for (String runId : runIds) {
        s.setString(i++, runId);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot delete ended runs", e);
    }
  }
}
