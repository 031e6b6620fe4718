package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.persistence.PersistenceFailure;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatabaseClockTest {

  @Test
  void theOffsetIsTheDatabaseTimeLessTheMiddleOfTheRoundTrip() {
    DatabaseClock clock = new DatabaseClock();
    assertEquals(90_000, clock.adjust(1_000, 91_005, 1_010));
    assertEquals(-30_000, clock.adjust(100_000, 70_002, 100_004));
  }

  @Test
  void aServerWhoseClockIsBehindTellsTheDatabaseTime() {
    DatabaseClock clock = new DatabaseClock();
    long now = System.currentTimeMillis();
    clock.adjust(now, now + 90_000, now);
    long told = clock.instant().toEpochMilli();
    assertTrue(Math.abs(told - (System.currentTimeMillis() + 90_000)) < 1_000, "told " + told);
    assertTrue(Math.abs(clock.millis() - told) < 1_000);
    assertTrue(
        Math.abs(clock.withZone(java.time.ZoneId.of("Europe/Paris")).millis() - told) < 1_000);
    assertTrue(clock.instant().isAfter(Instant.now().plusSeconds(80)));
  }

  @Test
  void eachDatabaseHasItsClockQuery() {
    assertNull(ClockSync.databaseTimeQuery("SQLite"));
    assertTrue(ClockSync.databaseTimeQuery("PostgreSQL").contains("clock_timestamp()"));
    assertTrue(ClockSync.databaseTimeQuery("MySQL").contains("NOW(3)"));
    assertTrue(ClockSync.databaseTimeQuery("MariaDB").contains("NOW(3)"));
    assertThrows(PersistenceFailure.class, () -> ClockSync.databaseTimeQuery("Oracle"));
  }
}
