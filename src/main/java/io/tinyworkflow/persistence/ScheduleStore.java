package io.tinyworkflow.persistence;

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
 * Cron schedules. An occurrence is claimed by a conditional update of the schedule's next fire
 * time, so that of several servers whose timers fire for it, exactly one starts its run. Writes
 * join the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ScheduleStore {

  /** A schedule that fires. */
  public static final String ACTIVE = "active";

  /** A schedule that fires nothing until resumed. */
  public static final String PAUSED = "paused";

  private static final String COLUMNS =
      "SELECT schedule_id, workflow_name, cron_expression, input, status, time_zone, catch_up,"
          + " catch_up_window_ms, overlap, next_fire_at, last_fire_at, last_run_id, created_at,"
          + " updated_at FROM workflow_schedules";

  /**
   * One schedule, as stored.
   *
   * @param scheduleId its id
   * @param workflowName the workflow it starts
   * @param cronExpression its cron expression
   * @param input the input of each run, as JSON
   * @param status {@code active} or {@code paused}
   * @param timeZone the IANA time zone of the expression
   * @param catchUp {@code one}, {@code skip} or {@code each}
   * @param catchUpWindowMillis how far back {@code each} still runs a missed occurrence
   * @param overlap {@code skip} or {@code allow}
   * @param nextFireAt its next occurrence, or {@code null}
   * @param lastFireAt its last occurrence that fired, or {@code null}
   * @param lastRunId the last run it started, or {@code null}
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   */
  public record Row(
      String scheduleId,
      String workflowName,
      String cronExpression,
      String input,
      String status,
      String timeZone,
      String catchUp,
      long catchUpWindowMillis,
      String overlap,
      Instant nextFireAt,
      Instant lastFireAt,
      String lastRunId,
      Instant createdAt,
      Instant updatedAt) {

    /**
     * Returns this schedule in another state.
     *
     * @param newStatus {@code active} or {@code paused}
     * @param newNextFireAt its next occurrence, or {@code null}
     * @param now when it changes
     * @return the changed schedule
     */
    public Row withState(String newStatus, Instant newNextFireAt, Instant now) {
      return new Row(
          scheduleId,
          workflowName,
          cronExpression,
          input,
          newStatus,
          timeZone,
          catchUp,
          catchUpWindowMillis,
          overlap,
          newNextFireAt,
          lastFireAt,
          lastRunId,
          createdAt,
          now);
    }
  }

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * Stores a new schedule.
   *
   * @param row the schedule
   */
  public void insert(Row row) {
    update(
        "INSERT INTO workflow_schedules (workflow_name, cron_expression, input, status, time_zone,"
            + " catch_up, catch_up_window_ms, overlap, next_fire_at, last_fire_at, last_run_id,"
            + " created_at, updated_at, row_version, schedule_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        row);
  }

  /**
   * Replaces a schedule's definition and state. What its firing records (the last occurrence and
   * the last run) is left as stored, so that a change cannot undo a fire that committed meanwhile.
   *
   * @param row the schedule
   * @return {@code false} when no such schedule exists
   */
  public boolean replace(Row row) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_schedules SET workflow_name = ?, cron_expression = ?, input = ?,"
                    + " status = ?, time_zone = ?, catch_up = ?, catch_up_window_ms = ?,"
                    + " overlap = ?, next_fire_at = ?, updated_at = ?,"
                    + " row_version = row_version + 1 WHERE schedule_id = ?")) {
      setDefinition(s, row);
      s.setLong(10, row.updatedAt().toEpochMilli());
      s.setString(11, row.scheduleId());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot store schedule " + row.scheduleId(), e);
    }
  }

  /**
   * Claims the occurrence due at {@code due}: moves the schedule on to its next occurrence, unless
   * another server did so first or the schedule was paused, changed or deleted meanwhile.
   *
   * @param scheduleId the schedule
   * @param due the occurrence, as read
   * @param next its next occurrence, or {@code null} for none
   * @param lastFireAt the occurrence that fires now, or {@code null} when none does
   * @param lastRunId the last run started, or {@code null} to keep the stored one
   * @param now the current time
   * @return {@code true} when this call claimed the occurrence
   */
  public boolean claim(
      String scheduleId,
      Instant due,
      Instant next,
      Instant lastFireAt,
      String lastRunId,
      Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_schedules SET next_fire_at = ?,"
                    + " last_fire_at = COALESCE(?, last_fire_at),"
                    + " last_run_id = COALESCE(?, last_run_id), updated_at = ?,"
                    + " row_version = row_version + 1"
                    + " WHERE schedule_id = ? AND status = ? AND next_fire_at = ?")) {
      Sql.setInstant(s, 1, next);
      Sql.setInstant(s, 2, lastFireAt);
      s.setString(3, lastRunId);
      s.setLong(4, now.toEpochMilli());
      s.setString(5, scheduleId);
      s.setString(6, ACTIVE);
      s.setLong(7, due.toEpochMilli());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot claim an occurrence of schedule " + scheduleId, e);
    }
  }

  /**
   * Deletes a schedule.
   *
   * @param scheduleId the schedule
   * @return {@code false} when no such schedule exists
   */
  public boolean delete(String scheduleId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM workflow_schedules WHERE schedule_id = ?")) {
      s.setString(1, scheduleId);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot delete schedule " + scheduleId, e);
    }
  }

  /**
   * Reads a schedule.
   *
   * @param scheduleId the schedule
   * @return it, if it exists
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Row> find(String scheduleId) {
    List<Row> rows = query(COLUMNS + " WHERE schedule_id = ?", scheduleId);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /**
   * Lists the schedules, oldest first.
   *
   * @return them
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Row> list() {
    return query(COLUMNS + " ORDER BY created_at, schedule_id", null);
  }

  /** Sets parameters 1 to 9: the definition, the status and the next occurrence. */
  private static void setDefinition(PreparedStatement s, Row row) throws SQLException {
    s.setString(1, row.workflowName());
    s.setString(2, row.cronExpression());
    s.setString(3, row.input());
    s.setString(4, row.status());
    s.setString(5, row.timeZone());
    s.setString(6, row.catchUp());
    s.setLong(7, row.catchUpWindowMillis());
    s.setString(8, row.overlap());
    Sql.setInstant(s, 9, row.nextFireAt());
  }

  private int update(String sql, Row row) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      setDefinition(s, row);
      Sql.setInstant(s, 10, row.lastFireAt());
      s.setString(11, row.lastRunId());
      s.setLong(12, row.createdAt().toEpochMilli());
      s.setLong(13, row.updatedAt().toEpochMilli());
      s.setString(14, row.scheduleId());
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot store schedule " + row.scheduleId(), e);
    }
  }

  private List<Row> query(String sql, String scheduleId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (scheduleId != null) {
        s.setString(1, scheduleId);
      }
      List<Row> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new Row(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getLong(8),
                  r.getString(9),
                  Sql.instant(r, 10),
                  Sql.instant(r, 11),
                  r.getString(12),
                  Instant.ofEpochMilli(r.getLong(13)),
                  Instant.ofEpochMilli(r.getLong(14))));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read schedules", e);
    }
  }
}
