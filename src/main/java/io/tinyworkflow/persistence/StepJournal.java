package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The step journal, {@code workflow_steps}: the only class that reads or writes it. Insert-only: a
 * step's outcome is a row that is never changed or deleted, and a step tried again in a later run
 * attempt (it failed, timed out, or its child failed) gets a row of its own. The outcome of a step
 * is its row of the highest run attempt.
 *
 * <p>Two writes: {@link #append} joins the caller's transaction (with the state change or event it
 * belongs to), through JPA; {@link #appendFenced} is the completed activity's record on the hot
 * path of every run, one hand-written statement that commits on its own and checks the lease in the
 * same statement (one round trip instead of a transaction's three: the engine benchmark's waiting
 * callers run three such steps per workflow).
 */
@ApplicationScoped
public class StepJournal {

  private static final String FENCED_INSERT =
      """
      INSERT INTO workflow_steps (run_id, step_number, step_name, step_kind, status, output, error,
        attempts, run_attempt, started_at, completed_at, arguments_hash)
      SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM workflow_runs
      WHERE run_id = ? AND lease_owner = ? AND status = ?""";

  @PersistenceContext(unitName = "tinyworkflow")
  EntityManager em;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Appends an outcome in the caller's transaction.
   *
   * @param entry the outcome
   * @throws jakarta.persistence.PersistenceException when the step is already recorded in this run
   *     attempt, or the database refuses the row
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(JournalEntry entry) {
    em.persist(new StepEntity(entry));
    em.flush();
  }

  /**
   * Appends an outcome in a statement of its own, fenced by the lease: the row is inserted only
   * while the run is running on this server, checked in the same statement. Joins a transaction
   * when there is one.
   *
   * @param entry the outcome
   * @param owner this server
   * @return {@code false} when the run is no longer running on this server: nothing was written
   * @throws PersistenceFailure when the step is already recorded in this run attempt or the insert
   *     fails
   */
  public boolean appendFenced(JournalEntry entry, String owner) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(FENCED_INSERT)) {
      s.setString(1, entry.runId());
      s.setInt(2, entry.stepNumber());
      s.setString(3, entry.stepName());
      s.setString(4, entry.stepKind());
      s.setString(5, entry.status());
      s.setString(6, entry.output());
      s.setString(7, entry.error());
      s.setInt(8, entry.attempts());
      s.setInt(9, entry.runAttempt());
      Sql.setInstant(s, 10, entry.startedAt());
      Sql.setInstant(s, 11, entry.completedAt());
      s.setString(12, entry.argumentsHash());
      s.setString(13, entry.runId());
      s.setString(14, owner);
      s.setString(15, WorkflowStatus.RUNNING.wireName());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure(
          "Cannot record step " + entry.stepNumber() + " of run " + entry.runId(), e);
    }
  }

  /**
   * Reads the outcome of each recorded step of a run: of each step, the row of its highest run
   * attempt.
   *
   * @param runId the run
   * @return the outcomes, by step number
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<JournalEntry> outcomes(String runId) {
    Map<Integer, JournalEntry> latest = new LinkedHashMap<>();
    for (JournalEntry entry : rows(runId)) {
      latest.put(entry.stepNumber(), entry); // rows come by run attempt within a step
    }
    return new ArrayList<>(latest.values());
  }

  /**
   * Reads every row of a run's journal, the outcomes of earlier run attempts included.
   *
   * @param runId the run
   * @return the rows, by step number, then run attempt
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<JournalEntry> rows(String runId) {
    return em
        .createQuery(
            """
            SELECT s FROM StepEntity s WHERE s.runId = :run
            ORDER BY s.stepNumber, s.runAttempt""",
            StepEntity.class)
        .setParameter("run", runId)
        .getResultList()
        .stream()
        .map(StepEntity::toEntry)
        .toList();
  }

  /**
   * Tells whether a step of a run has an outcome that stands for a run attempt: completed in any
   * attempt, or recorded in this one or a later one. A step that failed in an earlier run attempt
   * is tried again.
   *
   * @param runId the run
   * @param step the step number
   * @param runAttempt the run attempt
   * @return {@code true} when its outcome stands for this run attempt
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public boolean stands(String runId, int step, int runAttempt) {
    return !em.createQuery(
            """
            SELECT s.runAttempt FROM StepEntity s
            WHERE s.runId = :run AND s.stepNumber = :step
              AND (s.status = :completed OR s.runAttempt >= :attempt)""",
            Integer.class)
        .setParameter("run", runId)
        .setParameter("step", step)
        .setParameter("completed", JournalEntry.COMPLETED)
        .setParameter("attempt", runAttempt)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /**
   * Deletes the journal rows of runs that are purged, in the caller's transaction.
   *
   * @param runIds the runs, at least one
   * @return how many rows were deleted
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int deleteRuns(List<String> runIds) {
    return Sql.deleteRuns(dataSource, "workflow_steps", runIds);
  }
}
