package io.tinyworkflow.api;

import java.time.Duration;

/**
 * How a schedule reads its cron expression and what it does with occurrences it could not fire on
 * time or while its previous run is still going.
 *
 * @param timeZone the IANA time zone the expression is read in, for example {@code Europe/Paris}
 * @param catchUp what to do with occurrences missed while no server ran
 * @param catchUpWindow with {@link CatchUp#EACH}: how far back missed occurrences are still run
 * @param overlap what to do with an occurrence while the schedule's previous run has not ended
 */
public record ScheduleOptions(
    String timeZone, CatchUp catchUp, Duration catchUpWindow, Overlap overlap) {

  /** The defaults: UTC, one run for all missed occurrences, skip while the previous run is on. */
  public static final ScheduleOptions DEFAULTS =
      new ScheduleOptions("UTC", CatchUp.ONE, Duration.ofHours(1), Overlap.SKIP);

  /**
   * Returns these options in another time zone.
   *
   * @param zone an IANA time zone name
   * @return the options
   */
  public ScheduleOptions inTimeZone(String zone) {
    return new ScheduleOptions(zone, catchUp, catchUpWindow, overlap);
  }

  /**
   * Returns these options with another catch-up policy.
   *
   * @param policy the policy
   * @param window with {@link CatchUp#EACH}: how far back missed occurrences are still run
   * @return the options
   */
  public ScheduleOptions catchingUp(CatchUp policy, Duration window) {
    return new ScheduleOptions(timeZone, policy, window, overlap);
  }

  /**
   * Returns these options with another overlap policy.
   *
   * @param policy the policy
   * @return the options
   */
  public ScheduleOptions overlapping(Overlap policy) {
    return new ScheduleOptions(timeZone, catchUp, catchUpWindow, policy);
  }

  /** What a schedule does with the occurrences missed while no server ran (downtime). */
  public enum CatchUp {
    /** One run for all of them, at once (the default). */
    ONE,
    /** None of them: the schedule goes on with its next occurrence. */
    SKIP,
    /** One run for each of them that lies within the catch-up window. */
    EACH
  }

  /** What a schedule does with an occurrence while its previous run has not ended. */
  public enum Overlap {
    /** Skip the occurrence (the default). */
    SKIP,
    /** Start a run anyway. */
    ALLOW
  }
}
