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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The owner of {@code workflow_attributes}: the search attributes runs set on themselves. A run's
 * attribute is written by the server that executes it, fenced by its lease in the same statement,
 * each statement committing on its own.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class AttributeStore {

  private static final String HELD =
      " FROM workflow_runs WHERE run_id = ? AND lease_owner = ? AND status = ?";

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Sets an attribute of a run this server executes.
   *
   * @param runId the run
   * @param owner this server
   * @param key the attribute
   * @param value its value
   * @param now the current time
   * @return {@code false} when the run is no longer running on this server: nothing was written
   */
  public boolean set(String runId, String owner, String key, String value, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      for (int tries = 0; tries < 2; tries++) {
        try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE workflow_attributes SET attr_value = ?, updated_at = ?"
                    + " WHERE run_id = ? AND attr_key = ? AND EXISTS (SELECT 1"
                    + HELD
                    + ")")) {
          update.setString(1, value);
          update.setLong(2, now.toEpochMilli());
          update.setString(3, runId);
          update.setString(4, key);
          held(update, 5, runId, owner);
          if (update.executeUpdate() == 1) {
            return true;
          }
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO workflow_attributes (run_id, attr_key, attr_value, updated_at)"
                    + " SELECT ?, ?, ?, ?"
                    + HELD)) {
          insert.setString(1, runId);
          insert.setString(2, key);
          insert.setString(3, value);
          insert.setLong(4, now.toEpochMilli());
          held(insert, 5, runId, owner);
          return insert.executeUpdate() == 1;
        } catch (SQLException e) {
          if (DatabaseErrors.kind(e) != DatabaseErrors.Kind.DUPLICATE) {
            throw e;
          }
          // a parallel branch of the run set it first: update it then
        }
      }
      return false; // the row is there, and the update found the run not held

    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot set the attribute " + key + " of run " + runId, e);
    }
  }

  private static void held(PreparedStatement s, int index, String runId, String owner)
      throws SQLException {
    s.setString(index, runId);
    s.setString(index + 1, owner);
    s.setString(index + 2, WorkflowStatus.RUNNING.wireName());
  }

  /**
   * Reads a run's attributes.
   *
   * @param runId the run
   * @return the attributes, by key in alphabetical order
   */
  public Map<String, String> of(String runId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT attr_key, attr_value FROM workflow_attributes WHERE run_id = ?"
                    + " ORDER BY attr_key")) {
      s.setString(1, runId);
      Map<String, String> attributes = new LinkedHashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          attributes.put(r.getString(1), r.getString(2));
        }
      }
      return attributes;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read the attributes of run " + runId, e);
    }
  }

  /**
   * Deletes the search attributes of runs that are purged, in the caller's transaction.
   *
   * @param runIds the runs, at least one
   * @return how many rows were deleted
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int deleteRuns(List<String> runIds) {
    return Sql.deleteRuns(dataSource, "workflow_attributes", runIds);
  }
}
