package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What paused runs wait for: approvals, timers, signals, children. Writes join the engine's
 * transaction, which first locks the run's row ({@link RunTable#lock}), so that a wait, a decision
 * and a signal for one run never interleave.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WaitStore {

  private static final String WAIT_COLUMNS =
      "SELECT run_id, step_number, wait_kind, wait_key, status, deadline_at, created_at,"
          + " approver_role FROM workflow_waits";

  /** The same columns, of the waits {@code w} joined to their runs {@code r}. */
  private static final String JOINED_WAIT_COLUMNS =
      "SELECT w.run_id, w.step_number, w.wait_kind, w.wait_key, w.status, w.deadline_at,"
          + " w.created_at, w.approver_role";

  /** A wait that nothing resolved yet. */
  public static final String OPEN = "open";

  /** An approval that a user decided. */
  public static final String DECIDED = "decided";

  /** The kind of a wait for a child workflow's end; its key is the child's run id. */
  public static final String CHILD = "child";

  /**
   * One recorded wait.
   *
   * @param runId the run
   * @param step the step that waits
   * @param kind {@code approval}, {@code sleep}, {@code signal} or {@code child}
   * @param key the approval key, the signal name, the child's run id, or {@code sleep}
   * @param status {@code open}, {@code decided}, {@code fired}, {@code timed_out} or {@code
   *     cancelled}
   * @param deadline when it times out, or {@code null}
   * @param approverRole for an approval, the role that may decide it; {@code null} for any approver
   * @param createdAt when the run began to wait
   */
  public record Wait(
      String runId,
      int step,
      String kind,
      String key,
      String status,
      Instant deadline,
      Instant createdAt,
      String approverRole) {}

  /**
   * A pending approval with its run.
   *
   * @param pending the wait
   * @param workflowId the run's group
   * @param workflowName the run's workflow
   * @param input the run's input
   * @param runCreatedAt when the run was created
   */
  public record Approval(
      Wait pending, String workflowId, String workflowName, String input, Instant runCreatedAt) {}

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Records that a run waits at a step, unless that step's wait is already open (the run paused
   * there before, and resumed without an answer). A wait that ended at that step is opened again:
   * the caller opens one only where no outcome stands for the current run attempt.
   *
   * @param wait the wait, status ignored
   * @return {@code true} when the wait is new
   */
  public boolean open(Wait wait) {
    try (Connection c = dataSource.getConnection()) {
      Optional<Wait> existing = find(c, wait.runId(), wait.step());
      if (existing.isPresent() && OPEN.equals(existing.get().status())) {
        return false;
      }
      if (existing.isPresent()) {
        // It ended (timed out) in an earlier run attempt: the retried run waits again.
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_waits SET wait_kind = ?, wait_key = ?, status = ?,"
                    + " deadline_at = ?, decision = NULL, decided_by = NULL, decided_at = NULL,"
                    + " created_at = ?, approver_role = ? WHERE run_id = ? AND step_number = ?")) {
          s.setString(1, wait.kind());
          s.setString(2, wait.key());
          s.setString(3, OPEN);
          Sql.setInstant(s, 4, wait.deadline());
          s.setLong(5, wait.createdAt().toEpochMilli());
          s.setString(6, wait.approverRole());
          s.setString(7, wait.runId());
          s.setInt(8, wait.step());
          s.executeUpdate();
          return true;
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO workflow_waits (run_id, step_number, wait_kind, wait_key, status,"
                  + " deadline_at, created_at, approver_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, wait.runId());
        s.setInt(2, wait.step());
        s.setString(3, wait.kind());
        s.setString(4, wait.key());
        s.setString(5, OPEN);
        Sql.setInstant(s, 6, wait.deadline());
        s.setLong(7, wait.createdAt().toEpochMilli());
        s.setString(8, wait.approverRole());
        s.executeUpdate();
        return true;
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot record the wait of run " + wait.runId(), e);
    }
  }

  /**
   * Closes an open wait.
   *
   * @param runId the run
   * @param step the waiting step
   * @param status how it ended
   * @param decision the decision as JSON, or {@code null}
   * @param decidedBy who decided, or {@code null}
   * @param at when
   * @return {@code true} when this call closed it; {@code false} when it was not open
   */
  public boolean close(
      String runId, int step, String status, String decision, String decidedBy, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_waits SET status = ?, decision = ?, decided_by = ?,"
                    + " decided_at = ? WHERE run_id = ? AND step_number = ? AND status = ?")) {
      s.setString(1, status);
      s.setString(2, decision);
      s.setString(3, decidedBy);
      s.setLong(4, at.toEpochMilli());
      s.setString(5, runId);
      s.setInt(6, step);
      s.setString(7, OPEN);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot close the wait of run " + runId, e);
    }
  }

  /**
   * Closes every open wait of a run, for example when it is cancelled.
   *
   * @param runId the run
   * @param status how they ended
   * @param at when
   */
  public void closeAll(String runId, String status, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_waits SET status = ?, decided_at = ?"
                    + " WHERE run_id = ? AND status = ?")) {
      s.setString(1, status);
      s.setLong(2, at.toEpochMilli());
      s.setString(3, runId);
      s.setString(4, OPEN);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot close the waits of run " + runId, e);
    }
  }

  /**
   * Lists a run's open waits.
   *
   * @param runId the run
   * @return its open waits, by step
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Wait> openWaits(String runId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                WAIT_COLUMNS + " WHERE run_id = ? AND status = ? ORDER BY step_number")) {
      s.setString(1, runId);
      s.setString(2, OPEN);
      return waits(s);
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read the waits of run " + runId, e);
    }
  }

  /**
   * Lists the open approvals of runs that have not ended, oldest first.
   *
   * @param limit at most this many
   * @return the approvals
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Approval> pendingApprovals(int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                JOINED_WAIT_COLUMNS
                    + ", r.workflow_id, r.workflow_name, r.input, r.created_at"
                    + " FROM workflow_waits w JOIN workflow_runs r ON r.run_id = w.run_id"
                    + " WHERE w.wait_kind = 'approval' AND w.status = ? AND r.status = ?"
                    + " ORDER BY w.created_at, w.run_id, w.step_number")) {
      s.setString(1, OPEN);
      s.setString(2, WorkflowStatus.PAUSED.wireName());
      s.setMaxRows(limit);
      List<Approval> approvals = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          approvals.add(
              new Approval(
                  wait(r), r.getString(9), r.getString(10), r.getString(11), Sql.instant(r, 12)));
        }
      }
      return approvals;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot list pending approvals", e);
    }
  }

  /**
   * A decided approval with its run.
   *
   * @param approval the wait
   * @param workflowId the run's group
   * @param workflowName the run's workflow
   * @param decision the decision as JSON
   * @param decidedAt when it was decided
   */
  public record Decided(
      Wait approval, String workflowId, String workflowName, String decision, Instant decidedAt) {}

  /**
   * Lists the latest decided approvals, the newest first.
   *
   * @param limit at most this many
   * @return the approvals
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Decided> decidedApprovals(int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                JOINED_WAIT_COLUMNS
                    + ", r.workflow_id, r.workflow_name, w.decision, w.decided_at"
                    + " FROM workflow_waits w JOIN workflow_runs r ON r.run_id = w.run_id"
                    + " WHERE w.wait_kind = 'approval' AND w.status = ?"
                    + " ORDER BY w.decided_at DESC, w.run_id, w.step_number")) {
      s.setString(1, DECIDED);
      s.setMaxRows(limit);
      List<Decided> decided = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          decided.add(
              new Decided(
                  wait(r), r.getString(9), r.getString(10), r.getString(11), Sql.instant(r, 12)));
        }
      }
      return decided;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot list decided approvals", e);
    }
  }

  /**
   * Finds the open waits for children that have ended: the parent's resumption was not recorded yet
   * (normally it is, when the child ends).
   *
   * @param limit at most this many
   * @return the waits, of the parents
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Wait> waitsForEndedChildren(int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                JOINED_WAIT_COLUMNS
                    + " FROM workflow_waits w JOIN workflow_runs r ON r.run_id = w.wait_key"
                    + " WHERE w.wait_kind = ? AND w.status = ? AND r.status IN (?, ?, ?)")) {
      s.setString(1, CHILD);
      s.setString(2, OPEN);
      s.setString(3, WorkflowStatus.COMPLETED.wireName());
      s.setString(4, WorkflowStatus.FAILED.wireName());
      s.setString(5, WorkflowStatus.CANCELLED.wireName());
      s.setMaxRows(limit);
      return waits(s);
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot find the waits for ended children", e);
    }
  }

  private Optional<Wait> find(Connection c, String runId, int step) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(WAIT_COLUMNS + " WHERE run_id = ? AND step_number = ?")) {
      s.setString(1, runId);
      s.setInt(2, step);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(wait(r)) : Optional.empty();
      }
    }
  }

  private static List<Wait> waits(PreparedStatement s) throws SQLException {
    List<Wait> waits = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        waits.add(wait(r));
      }
    }
    return waits;
  }

  private static Wait wait(ResultSet r) throws SQLException {
    return new Wait(
        r.getString(1),
        r.getInt(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        Sql.instant(r, 6),
        Instant.ofEpochMilli(r.getLong(7)),
        r.getString(8));
  }

  /**
   * Deletes the waits of runs that are purged, in the caller's transaction.
   *
   * @param runIds the runs, at least one
   * @return how many rows were deleted
   */
  public int deleteRuns(List<String> runIds) {
    return Sql.deleteRuns(dataSource, "workflow_waits", runIds);
  }
}
