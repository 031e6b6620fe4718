package io.tinyworkflow.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Signals sent to runs, kept until a waiting step consumes them, oldest first. Joins the engine's
 * transaction, which has locked the run's row.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SignalStore {

  /**
   * A signal not yet consumed.
   *
   * @param signalId its id, in sending order
   * @param payload its JSON payload
   */
  public record Signal(long signalId, String payload) {}

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Stores a signal.
   *
   * @param runId the run
   * @param name the signal name
   * @param payload the JSON payload, or {@code null}
   * @param at when it was sent
   */
  public void add(String runId, String name, String payload, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO workflow_signals (run_id, signal_name, payload, created_at)"
                    + " VALUES (?, ?, ?, ?)")) {
      s.setString(1, runId);
      s.setString(2, name);
      s.setString(3, payload);
      s.setLong(4, at.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot store a signal for run " + runId, e);
    }
  }

  /**
   * Takes the oldest unconsumed signal of a name for a step.
   *
   * @param runId the run
   * @param name the signal name
   * @param step the step that receives it
   * @return the signal, or empty when none is waiting
   */
  public Optional<Signal> consume(String runId, String name, int step) {
    try (Connection c = dataSource.getConnection()) {
      Signal oldest = null;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT signal_id, payload FROM workflow_signals WHERE run_id = ?"
                  + " AND signal_name = ? AND consumed_step IS NULL ORDER BY signal_id")) {
        s.setString(1, runId);
        s.setString(2, name);
        s.setMaxRows(1);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            oldest = new Signal(r.getLong(1), r.getString(2));
          }
        }
      }
      if (oldest == null) {
        return Optional.empty();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE workflow_signals SET consumed_step = ? WHERE signal_id = ?"
                  + " AND consumed_step IS NULL")) {
        s.setInt(1, step);
        s.setLong(2, oldest.signalId());
        if (s.executeUpdate() != 1) {
          throw new IllegalStateException("Signal " + oldest.signalId() + " consumed meanwhile");
        }
      }
      return Optional.of(oldest);
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read the signals of run " + runId, e);
    }
  }

  /**
   * Deletes the signals of runs that are purged, in the caller's transaction.
   *
   * @param runIds the runs, at least one
   * @return how many rows were deleted
   */
  public int deleteRuns(List<String> runIds) {
    return Sql.deleteRuns(dataSource, "workflow_signals", runIds);
  }
}
