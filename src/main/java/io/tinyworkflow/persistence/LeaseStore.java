package io.tinyworkflow.persistence;

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
import java.util.List;
import javax.sql.DataSource;

/**
 * Leases: which server executes a run, until when. Claims are conditional updates, so that of
 * several servers polling one database exactly one wins each run. Joins the engine's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LeaseStore {

  /** Final statuses. */
  private static final List<WorkflowStatus> TERMINAL =
      List.of(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

  @PersistenceContext(unitName = "tinyworkflow")
  EntityManager em;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

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
          ORDER BY next_attempt_at
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
  public boolean claim(
      String runId,
      List<WorkflowStatus> executable,
      String owner,
      Instant now,
      Instant leaseUntil) {
    return em.createQuery(
                "UPDATE RunEntity r SET r.leaseOwner = :owner, r.leaseExpiresAt = :until,"
                    + " r.rowVersion = r.rowVersion + 1"
                    + " WHERE r.runId = :run AND r.status IN :statuses"
                    + " AND ((r.nextAttemptAt IS NULL AND r.status <> :paused)"
                    + " OR r.nextAttemptAt <= :now)"
                    + " AND (r.leaseOwner IS NULL OR r.leaseExpiresAt < :now)")
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
   * Extends the leases of the runs a server executes.
   *
   * @param owner the server
   * @param runIds the runs it is executing
   * @param leaseUntil the new expiry
   * @return how many leases were extended
   */
  public int renew(String owner, List<String> runIds, Instant leaseUntil) {
    if (runIds.isEmpty()) {
      return 0;
    }
    return em.createQuery(
            "UPDATE RunEntity r SET r.leaseExpiresAt = :until"
                + " WHERE r.leaseOwner = :owner AND r.runId IN :runs")
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
  public List<String> lost(String owner, List<String> runIds) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "SELECT r.runId FROM RunEntity r WHERE r.runId IN :runs"
                + " AND (r.status IN :terminal OR r.leaseOwner IS NULL OR r.leaseOwner <> :owner)",
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
  public void release(String runId, String owner) {
    em.createQuery(
            "UPDATE RunEntity r SET r.leaseOwner = NULL, r.leaseExpiresAt = NULL,"
                + " r.rowVersion = r.rowVersion + 1"
                + " WHERE r.runId = :run AND r.leaseOwner = :owner AND r.status = :running")
        .setParameter("run", runId)
        .setParameter("owner", owner)
        .setParameter("running", WorkflowStatus.RUNNING)
        .executeUpdate();
  }
}
