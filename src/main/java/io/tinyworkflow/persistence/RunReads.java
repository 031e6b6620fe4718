package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads one run in one statement, without a transaction: what {@code getWorkflowStatus} and a
 * waiting caller ask for most. The entity it returns is detached.
 */
@ApplicationScoped
public class RunReads {

  private static final String COLUMNS =
      "run_id, workflow_id, workflow_name, workflow_version, status, input, output, error,"
          + " idempotency_key, created_at, started_at, completed_at, updated_at, scheduled_at,"
          + " next_attempt_at, deadline_at, retry_count, max_retries, parent_run_id, parent_step,"
          + " lease_owner, lease_expires_at, started_by";

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Reads a run.
   *
   * @param runId the run id
   * @return the run, if any
   * @throws PersistenceFailure when the database cannot be read
   */
  public Optional<RunEntity> find(String runId) {
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
   * Counts the runs in each status, in one grouped query on the status index.
   *
   * @return the number of runs by status; statuses without runs are absent
   * @throws PersistenceFailure when the database cannot be read
   */
  public Map<WorkflowStatus, Long> countByStatus() {
    Map<WorkflowStatus, Long> counts = new EnumMap<>(WorkflowStatus.class);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT status, COUNT(*) FROM workflow_runs GROUP BY status");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        counts.merge(
            WorkflowStatus.valueOf(r.getString(1).toUpperCase(Locale.ROOT)),
            r.getLong(2),
            Long::sum);
      }
      return counts;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the runs", e);
    }
  }

  private static RunEntity toRun(ResultSet r) throws SQLException {
    RunEntity run =
        new RunEntity(
            r.getString("run_id"),
            r.getString("workflow_id"),
            r.getString("workflow_name"),
            r.getString("input"),
            instant(r, "created_at"));
    run.setWorkflowVersion(r.getString("workflow_version"));
    run.setStatus(WorkflowStatus.valueOf(r.getString("status").toUpperCase(Locale.ROOT)));
    run.setOutput(r.getString("output"));
    run.setError(r.getString("error"));
    run.setIdempotencyKey(r.getString("idempotency_key"));
    run.setStartedAt(instant(r, "started_at"));
    run.setCompletedAt(instant(r, "completed_at"));
    run.setUpdatedAt(instant(r, "updated_at"));
    run.setScheduledAt(instant(r, "scheduled_at"));
    run.setNextAttemptAt(instant(r, "next_attempt_at"));
    run.setDeadlineAt(instant(r, "deadline_at"));
    run.setRetryCount(r.getInt("retry_count"));
    run.setMaxRetries(r.getInt("max_retries"));
    int parentStep = r.getInt("parent_step");
    run.setParent(r.getString("parent_run_id"), r.wasNull() ? null : parentStep);
    run.setLease(r.getString("lease_owner"), instant(r, "lease_expires_at"));
    run.setStartedBy(r.getString("started_by"));
    return run;
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    long millis = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
