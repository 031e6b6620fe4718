package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The writes on the hot path of every run, each a single statement that commits on its own: a new
 * run, a step outcome, a run's completion. One statement is one round trip to the database, which
 * is what a run's cost is made of; the engine calls these outside any transaction (or inside one,
 * which they then join).
 */
@ApplicationScoped
public class RunWrites {

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Stores a new run.
   *
   * @param run the run
   * @throws PersistenceFailure when the insert fails, for example on a repeated idempotency key
   */
  public void insert(RunEntity run) {
    String sql =
        "INSERT INTO workflow_runs (run_id, workflow_id, workflow_name, workflow_version, status,"
            + " input, idempotency_key, created_at, started_at, updated_at, deadline_at,"
            + " retry_count, max_retries, lease_owner, lease_expires_at, parent_run_id, parent_step,"
            + " schedule_id, scheduled_at, next_attempt_at, started_by, row_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, run.getRunId());
      s.setString(2, run.getWorkflowId());
      s.setString(3, run.getWorkflowName());
      s.setString(4, run.getWorkflowVersion());
      s.setString(5, run.getStatus().wireName());
      s.setString(6, run.getInput());
      s.setString(7, run.getIdempotencyKey());
      s.setLong(8, run.getCreatedAt().toEpochMilli());
      Sql.setInstant(s, 9, run.getStartedAt());
      s.setLong(10, run.getUpdatedAt().toEpochMilli());
      Sql.setInstant(s, 11, run.getDeadlineAt());
      s.setInt(12, run.getMaxRetries());
      s.setString(13, run.getLeaseOwner());
      Sql.setInstant(s, 14, run.getLeaseExpiresAt());
      s.setString(15, run.getParentRunId());
      if (run.getParentStep() == null) {
        s.setNull(16, java.sql.Types.INTEGER);
      } else {
        s.setInt(16, run.getParentStep());
      }
      s.setString(17, run.getScheduleId());
      Sql.setInstant(s, 18, run.getScheduledAt());
      Sql.setInstant(s, 19, run.getNextAttemptAt());
      s.setString(20, run.getStartedBy());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot store run " + run.getRunId(), e);
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
  public boolean insertUnlessKeyTaken(RunEntity run) {
    try {
      insert(run);
      return true;
    } catch (PersistenceFailure e) {
      if (run.getIdempotencyKey() != null
          && DatabaseErrors.kind(e) == DatabaseErrors.Kind.DUPLICATE) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Records a completed step outcome, fenced by the lease: the row is inserted only while the run
   * is running on this server, checked in the same statement.
   *
   * @param step the outcome
   * @param owner this server
   * @return {@code false} when the run is no longer running on this server: nothing was written
   * @throws PersistenceFailure when the step is already recorded or the insert fails
   */
  public boolean insert(StepEntity step, String owner) {
    String sql =
        "INSERT INTO workflow_steps (run_id, step_number, step_name, step_kind, status, output,"
            + " error, attempts, run_attempt, started_at, completed_at, arguments_hash)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM workflow_runs"
            + " WHERE run_id = ? AND lease_owner = ? AND status = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, step.getRunId());
      s.setInt(2, step.getStepNumber());
      s.setString(3, step.getStepName());
      s.setString(4, step.getStepKind());
      s.setString(5, step.getStatus());
      s.setString(6, step.getOutput());
      s.setString(7, step.getError());
      s.setInt(8, step.getAttempts());
      s.setInt(9, step.getRunAttempt());
      Sql.setInstant(s, 10, step.getStartedAt());
      Sql.setInstant(s, 11, step.getCompletedAt());
      s.setString(12, step.getArgumentsHash());
      s.setString(13, step.getRunId());
      s.setString(14, owner);
      s.setString(15, WorkflowStatus.RUNNING.wireName());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure(
          "Cannot record step " + step.getStepNumber() + " of run " + step.getRunId(), e);
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
        "UPDATE workflow_runs SET status = ?, output = ?, completed_at = ?, updated_at = ?,"
            + " lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = NULL,"
            + " row_version = row_version + 1"
            + " WHERE run_id = ? AND lease_owner = ? AND status = ?";
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
}
