package io.tinyworkflow.scheduling;

import io.tinyworkflow.engine.Dispatcher;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * The engine's clock ticks, as EJB timers: every second the dispatcher claims due runs (new,
 * retrying, or left by a dead server); every five seconds it renews the leases of the runs this
 * server executes. Due times themselves are stored in the database, so they survive restarts.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class EngineTimers {

  @Inject Dispatcher dispatcher;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void pollDueRuns() {
    dispatcher.poll();
  }

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void renewLeases() {
    dispatcher.renewLeases();
  }
}
