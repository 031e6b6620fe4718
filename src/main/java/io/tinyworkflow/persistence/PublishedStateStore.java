package io.tinyworkflow.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The values runs publish ({@code WorkflowContext.publish}): the latest one of each name. Writes
 * join the engine's transaction; reads run without one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PublishedStateStore {

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Stores the latest value a run published under a name.
   *
   * @param runId the run
   * @param name the value's name
   * @param value the JSON value
   * @param step the publishing step
   * @param at when
   */
  public void publish(String runId, String name, String value, int step, Instant at) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE workflow_state SET state_value = ?, step_number = ?, updated_at = ?"
                  + " WHERE run_id = ? AND state_key = ?")) {
        s.setString(1, value);
        s.setInt(2, step);
        s.setLong(3, at.toEpochMilli());
        s.setString(4, runId);
        s.setString(5, name);
        if (s.executeUpdate() == 1) {
          return;
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO workflow_state (run_id, state_key, state_value, step_number,"
                  + " updated_at) VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, runId);
        s.setString(2, name);
        s.setString(3, value);
        s.setInt(4, step);
        s.setLong(5, at.toEpochMilli());
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot publish '" + name + "' of run " + runId, e);
    }
  }

  /**
   * Reads the values a run published.
   *
   * @param runId the run
   * @return JSON values by name, in name order
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Map<String, String> values(String runId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT state_key, state_value FROM workflow_state WHERE run_id = ?"
                    + " ORDER BY state_key")) {
      s.setString(1, runId);
      Map<String, String> values = new LinkedHashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          values.put(r.getString(1), r.getString(2));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read the published state of run " + runId, e);
    }
  }

  /**
   * Deletes the published values of runs that are purged, in the caller's transaction.
   *
   * @param runIds the runs, at least one
   * @return how many rows were deleted
   */
  public int deleteRuns(List<String> runIds) {
    return Sql.deleteRuns(dataSource, "workflow_state", runIds);
  }
}
