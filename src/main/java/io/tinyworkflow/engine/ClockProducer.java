package io.tinyworkflow.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import java.time.Clock;

/**
 * The engine's clock: UTC, on the database's time (see {@link ClockSync}), so that the servers of
 * one database agree on leases and due times. Replaceable in tests by an alternative producer.
 */
@ApplicationScoped
public class ClockProducer {

  private final DatabaseClock clock = new DatabaseClock();

  @Produces
  @ApplicationScoped
  @Typed(DatabaseClock.class)
  DatabaseClock databaseClock() {
    return clock;
  }

  @Produces
  @ApplicationScoped
  @Typed(Clock.class)
  Clock clock() {
    return clock;
  }
}
