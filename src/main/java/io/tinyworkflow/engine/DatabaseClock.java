package io.tinyworkflow.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The engine's clock: this machine's UTC time, moved by how far it is from the database's clock.
 * Every server on one database then agrees on lease expiries and due times, however far their own
 * clocks drift apart; {@link ClockSync} measures the offset.
 */
public class DatabaseClock extends Clock {

  private volatile long offsetMillis;

  /**
   * How far the database's clock is ahead of this machine's.
   *
   * @return the offset in milliseconds, negative when the database is behind
   */
  public long offsetMillis() {
    return offsetMillis;
  }

  /**
   * Sets the offset from one reading of the database's clock, taken between two readings of this
   * machine's: the database read its clock about halfway through the round trip.
   *
   * @param localBefore this machine's time before the query, in epoch milliseconds
   * @param database the database's time, in epoch milliseconds
   * @param localAfter this machine's time after the query, in epoch milliseconds
   * @return the new offset in milliseconds
   */
  public long adjust(long localBefore, long database, long localAfter) {
    offsetMillis = database - (localBefore + (localAfter - localBefore) / 2);
    return offsetMillis;
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offsetMillis);
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(Clock.system(zone), java.time.Duration.ofMillis(offsetMillis));
  }
}
