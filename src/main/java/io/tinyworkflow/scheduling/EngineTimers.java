package io.tinyworkflow.scheduling;

import io.tinyworkflow.engine.ClockSync;
import io.tinyworkflow.engine.DatabaseClock;
import io.tinyworkflow.engine.Dispatcher;
import io.tinyworkflow.engine.Retention;
import io.tinyworkflow.engine.RunDue;
import io.tinyworkflow.engine.Webhooks;
import io.tinyworkflow.persistence.SchemaMigrator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's clock ticks, as EJB timers: every second the dispatcher claims due runs (new,
 * retrying, or left by a dead server), and renews the leases of the runs this server executes when
 * a third of the lease (at most 5 s) has passed since the last renewal; and a single-action timer
 * fires when a paused run of this server becomes due; every second the webhooks of ended runs are
 * queued and posted; every minute the runs past their retention are purged, and the runs that ended
 * are added to the totals the counts by status read. Due times themselves are stored in the
 * database, so they survive restarts. The ticks run outside any transaction: the engine begins the
 * transactions it needs.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the engine runs its own
public class EngineTimers {

  @Inject Dispatcher dispatcher;
  @Inject ClockSync clockSync;
  @Inject DatabaseClock clock;
  @Inject SchemaMigrator schema;
  @Inject Webhooks webhooks;
  @Inject Retention retention;
  @Inject io.tinyworkflow.persistence.RunTotals totals;

  @Resource TimerService timers;

  private static final Logger LOG = Logger.getLogger(EngineTimers.class.getName());

  /** Whether the last webhook tick failed. */
  private volatile boolean webhooksFailing;

  /** Whether the engine's clock was put on the database's since the schema became ready. */
  private volatile boolean clockSynced;

  /** Puts the engine's clock on the database's before the first tick. */
  @PostConstruct
  void start() {
    engineMayRun();
  }

  /** Keeps the engine's clock on the database's. */
  @Schedule(hour = "*", minute = "*", second = "30", persistent = false)
  void syncClock() {
    if (schema.ready()) {
      clockSync.sync();
    }
  }

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void pollDueRuns() {
    if (engineMayRun()) {
      dispatcher.poll();
    }
  }

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void renewLeases() {
    if (engineMayRun()) {
      dispatcher.renewLeases();
    }
  }

  /** Queues and posts the webhooks of runs that ended. */
  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void deliverWebhooks() {
    if (engineMayRun()) {
      try {
        webhooks.tick();
        webhooksFailing = false;
      } catch (RuntimeException e) {
        if (!webhooksFailing) { // once per outage, not every second
          LOG.log(Level.WARNING, "The webhooks cannot be swept or posted now; retrying", e);
        }
        webhooksFailing = true;
      }
    }
  }

  /** Purges the runs past their retention, once a minute. */
  @Schedule(hour = "*", minute = "*", second = "45", persistent = false)
  void purgeEndedRuns() {
    if (engineMayRun()) {
      try {
        retention.pass();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "The runs past their retention cannot be purged now; retrying", e);
      }
    }
  }

  /**
   * Adds the runs that ended up to a few minutes ago to the run totals, once a minute: what the
   * counts by status read instead of every ended run.
   */
  @Schedule(hour = "*", minute = "*", second = "15", persistent = false)
  void countEndedRuns() {
    if (engineMayRun()) {
      try {
        totals.advance(clock.instant().minus(io.tinyworkflow.persistence.RunTotals.LATE_COMMITS));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "The ended runs cannot be counted now; retrying", e);
      }
    }
  }

  /**
   * Counts the ended runs again from the runs themselves, once an hour: the totals then hold even a
   * run whose end was committed long after its end time.
   */
  @Schedule(hour = "*", minute = "7", second = "50", persistent = false)
  void recountEndedRuns() {
    if (engineMayRun()) {
      try {
        totals.recount(clock.instant().minus(io.tinyworkflow.persistence.RunTotals.LATE_COMMITS));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "The ended runs cannot be counted again now; next hour", e);
      }
    }
  }

  /**
   * Whether the schema is up to date, so that the engine may use the database; the first time it
   * is, the engine's clock is put on the database's. Until then the ticks do nothing.
   */
  private boolean engineMayRun() {
    if (!schema.ready()) {
      return false;
    }
    if (!clockSynced) {
      clockSync.sync();
      clockSynced = true;
    }
    return true;
  }

  /**
   * Sets a timer for the moment a paused run becomes due (a sleep ends, a wait times out), so that
   * this server resumes it on time rather than at the next poll.
   *
   * @param due the run and its due time
   */
  public void onRunDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunDue due) {
    // Due times are on the database's clock; the timer runs on this machine's.
    Date at = Date.from(due.at().minusMillis(clock.offsetMillis()));
    timers.createSingleActionTimer(at, new TimerConfig(due.runId(), false));
  }

  @Timeout
  void fire(Timer timer) {
    dispatcher.wake((String) timer.getInfo());
  }
}
