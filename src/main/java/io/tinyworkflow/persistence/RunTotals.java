package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The owner of {@code workflow_run_totals} and its mark: the ended runs counted by workflow and
 * status, up to a time of their end. Counting the runs by status then reads the totals, the runs
 * that ended after the mark and the runs that have not ended, never the million that ended before.
 *
 * <p>The mark stays {@link #LATE_COMMITS} behind the clock, so that a run whose end time was taken
 * before the mark but whose transaction committed after it is still counted; the hourly {@link
 * #recount} takes in any that commits later still. The purge takes its runs out of the totals in
 * the transaction that deletes them. Both lock the mark's row first, so that they never count a run
 * twice or miss one between them.
 */
@ApplicationScoped
public class RunTotals {

  /** How far the mark stays behind the clock: far longer than any transaction that ends a run. */
  public static final Duration LATE_COMMITS = Duration.ofMinutes(5);

  private static final List<WorkflowStatus> ENDED =
      List.of(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

  private static final List<WorkflowStatus> NOT_ENDED =
      List.of(
          WorkflowStatus.PENDING,
          WorkflowStatus.RUNNING,
          WorkflowStatus.PAUSED,
          WorkflowStatus.RETRYING);

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Counts the runs in each status. The runs that ended after the mark are counted with the mark
   * bound as a value (so that the database plans a short range of the end time index), and the
   * statement reads the mark again in its own snapshot: when the mark moved meanwhile, it counts
   * again, since the totals it read hold runs that it counted live as well.
   *
   * @param workflowName only the runs of this workflow; {@code null} for all
   * @return the number of runs by status; statuses without runs are absent
   * @throws PersistenceFailure when the database cannot be read
   */
  public Map<WorkflowStatus, Long> countByStatus(String workflowName) {
    String ofWorkflow = workflowName == null ? "" : " AND workflow_name = ?";
    String sql =
        """
            SELECT status, SUM(n) FROM (
              SELECT status, runs AS n FROM workflow_run_totals WHERE 1 = 1%1$s
              UNION ALL
              SELECT status, COUNT(*) AS n FROM workflow_runs
              WHERE completed_at >= ? AND status IN (%2$s)%1$s GROUP BY status
              UNION ALL
              SELECT status, COUNT(*) AS n FROM workflow_runs
              WHERE status IN (%3$s)%1$s GROUP BY status
              UNION ALL
              SELECT '%4$s', counted_through FROM workflow_run_totals_mark WHERE id = 1
            ) counted GROUP BY status"""
            .formatted(ofWorkflow, marks(ENDED.size()), marks(NOT_ENDED.size()), MARK);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      long mark = readMark(c);
      for (int attempt = 0; ; attempt++) {
        Map<WorkflowStatus, Long> counts = new EnumMap<>(WorkflowStatus.class);
        long seen = bindAndCount(s, workflowName, mark, counts);
        if (seen == mark || attempt == 2) {
          return counts; // after two moves in a row, the next minute's count is right again
        }
        mark = seen;
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the runs", e);
    }
  }

  /** The name the counting statement gives the mark's row. */
  private static final String MARK = "#mark";

  private static long bindAndCount(
      PreparedStatement s, String workflowName, long mark, Map<WorkflowStatus, Long> counts)
      throws SQLException {
    int i = 1;
    if (workflowName != null) {
      s.setString(i++, workflowName);
    }
    s.setLong(i++, mark);
    for (WorkflowStatus status : ENDED) {
      s.setString(i++, status.wireName());
    }
    if (workflowName != null) {
      s.setString(i++, workflowName);
    }
    for (WorkflowStatus status : NOT_ENDED) {
      s.setString(i++, status.wireName());
    }
    if (workflowName != null) {
      s.setString(i++, workflowName);
    }
    long seen = mark;
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        String status = r.getString(1);
        long n = r.getLong(2);
        if (MARK.equals(status)) {
          seen = n;
        } else if (n > 0) {
          counts.put(WorkflowStatus.valueOf(status.toUpperCase(Locale.ROOT)), n);
        }
      }
    }
    return seen;
  }

  private static long readMark(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT counted_through FROM workflow_run_totals_mark WHERE id = 1");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new PersistenceFailure("The mark of the run totals is missing", null);
      }
      return r.getLong(1);
    }
  }

  /**
   * Adds the runs that ended between the mark and a time to the totals, and moves the mark there,
   * in a transaction of its own. Nothing happens when the mark is there already (another server
   * moved it).
   *
   * @param through the new mark: {@link #LATE_COMMITS} before now
   * @return how many runs were added
   * @throws PersistenceFailure when the database cannot be read or written
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long advance(Instant through) {
    try (Connection c = dataSource.getConnection()) {
      long mark = lockMark(c);
      long to = through.toEpochMilli();
      if (to <= mark) {
        return 0;
      }
      long added = addAll(c, endedBetween(c, mark, to), 1);
      moveMark(c, to);
      return added;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the ended runs", e);
    }
  }

  /**
   * Counts the ended runs again from the runs themselves, up to a time, and moves the mark there
   * (it never goes back), in a transaction of its own. Run every hour: it takes in a run whose end
   * was committed after the mark had passed its end time (a transaction held longer than {@link
   * #LATE_COMMITS}, a server frozen in the middle of one), which {@link #advance} would miss. The
   * runs are read without locks, and the totals written from the few grouped rows.
   *
   * @param through the new mark, unless the mark is past it
   * @return how many ended runs there are before the mark
   * @throws PersistenceFailure when the database cannot be read or written
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long recount(Instant through) {
    try (Connection c = dataSource.getConnection()) {
      long to = Math.max(lockMark(c), through.toEpochMilli());
      List<Counted> counted = endedBetween(c, 0, to);
      try (PreparedStatement s = c.prepareStatement("DELETE FROM workflow_run_totals")) {
        s.executeUpdate();
      }
      long total = addAll(c, counted, 1);
      moveMark(c, to);
      return total;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot count the ended runs again", e);
    }
  }

  /**
   * Takes runs about to be deleted out of the totals, in the transaction that deletes them: those
   * that ended before the mark (the others are counted live).
   *
   * @param runIds the runs, ended
   * @throws PersistenceFailure when the database cannot be read or written
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void forget(List<String> runIds) {
    if (runIds.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      long mark = lockMark(c);
      try (PreparedStatement s =
          c.prepareStatement(
              """
                  SELECT workflow_name, status, COUNT(*) FROM workflow_runs
                  WHERE completed_at < ? AND status IN (%s) AND run_id IN (%s)
                  GROUP BY workflow_name, status"""
                  .formatted(marks(ENDED.size()), marks(runIds.size())))) {
        int i = 1;
        s.setLong(i++, mark);
        for (WorkflowStatus status : ENDED) {
          s.setString(i++, status.wireName());
        }
        for (String runId : runIds) {
          s.setString(i++, runId);
        }
        addAll(c, counted(s), -1);
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot take purged runs out of the totals", e);
    }
  }

  /** Reads and locks the mark until the transaction ends (SQLite: its writer lock does). */
  private static long lockMark(Connection c) throws SQLException {
    boolean sqlite = c.getMetaData().getDatabaseProductName().contains("SQLite");
    if (sqlite) {
      // SQLite takes its write lock at the first write: take it before reading.
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE workflow_run_totals_mark SET counted_through = counted_through"
                  + " WHERE id = 1")) {
        s.executeUpdate();
      }
    }
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT counted_through FROM workflow_run_totals_mark WHERE id = 1"
                    + (sqlite ? "" : " FOR UPDATE"));
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new PersistenceFailure("The mark of the run totals is missing", null);
      }
      return r.getLong(1);
    }
  }

  /** A count of ended runs of one workflow in one status. */
  private record Counted(String workflow, String status, long runs) {}

  /** The ended runs whose end time is in {@code [from, to)}, counted by workflow and status. */
  private static List<Counted> endedBetween(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            """
                SELECT workflow_name, status, COUNT(*) FROM workflow_runs
                WHERE completed_at >= ? AND completed_at < ? AND status IN (%s)
                GROUP BY workflow_name, status"""
                .formatted(marks(ENDED.size())))) {
      s.setLong(1, from);
      s.setLong(2, to);
      for (int i = 0; i < ENDED.size(); i++) {
        s.setString(3 + i, ENDED.get(i).wireName());
      }
      return counted(s);
    }
  }

  private static List<Counted> counted(PreparedStatement s) throws SQLException {
    List<Counted> counted = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        counted.add(new Counted(r.getString(1), r.getString(2), r.getLong(3)));
      }
    }
    return counted;
  }

  /** Adds counts to the totals, or takes them out ({@code sign} -1); returns how many runs. */
  private static long addAll(Connection c, List<Counted> counted, int sign) throws SQLException {
    long runs = 0;
    for (Counted n : counted) {
      add(c, n.workflow(), n.status(), sign * n.runs());
      runs += n.runs();
    }
    return runs;
  }

  private static void moveMark(Connection c, long to) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE workflow_run_totals_mark SET counted_through = ? WHERE id = 1")) {
      s.setLong(1, to);
      s.executeUpdate();
    }
  }

  private static void add(Connection c, String workflow, String status, long runs)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE workflow_run_totals SET runs = runs + ? WHERE workflow_name = ? AND status = ?")) {
      s.setLong(1, runs);
      s.setString(2, workflow);
      s.setString(3, status);
      if (s.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO workflow_run_totals (workflow_name, status, runs) VALUES (?, ?, ?)")) {
      s.setString(1, workflow);
      s.setString(2, status);
      s.setLong(3, runs);
      s.executeUpdate();
    }
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
