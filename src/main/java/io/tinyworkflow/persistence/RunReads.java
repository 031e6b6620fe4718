package io.tinyworkflow.persistence;

import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.RunsPerMinute;
import io.tinyworkflow.api.ServerLoad;
import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads runs in plain statements, without a transaction: one run (what {@code getWorkflowStatus}
 * and a waiting caller ask for most), the counts by status, and filtered, sorted pages of runs. The
 * entities it returns are detached.
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
  public List<RunEntity> find(RunFilter filter, int limit, int offset) {
    List<Object> parameters = new ArrayList<>();
    String direction = filter.descending() ? " DESC" : " ASC";
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM workflow_runs"
            + where(filter, parameters)
            + " ORDER BY "
            + column(filter.sort())
            + direction
            + ", run_id"
            + direction
            + " LIMIT ? OFFSET ?";
    parameters.add(limit);
    parameters.add(offset);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, parameters);
      try (ResultSet r = s.executeQuery()) {
        List<RunEntity> runs = new ArrayList<>();
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
    String sql = "SELECT COUNT(*) FROM workflow_runs" + where(filter, parameters);
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
              "SELECT created_at - created_at % 60000, COUNT(*) FROM workflow_runs"
                  + " WHERE created_at >= ? GROUP BY created_at - created_at % 60000")) {
        s.setLong(1, since.toEpochMilli());
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            minutes.computeIfAbsent(r.getLong(1), m -> new long[3])[0] += r.getLong(2);
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT status, completed_at - completed_at % 60000, COUNT(*) FROM workflow_runs"
                  + " WHERE completed_at >= ? AND status IN (?, ?)"
                  + " GROUP BY status, completed_at - completed_at % 60000")) {
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
                "SELECT lease_owner, COUNT(*), MAX(lease_expires_at) FROM workflow_runs"
                    + " WHERE status = ? AND lease_owner IS NOT NULL AND lease_expires_at > ?"
                    + " GROUP BY lease_owner ORDER BY lease_owner")) {
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
