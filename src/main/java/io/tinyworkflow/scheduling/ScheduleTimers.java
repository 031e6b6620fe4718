package io.tinyworkflow.scheduling;

import io.tinyworkflow.engine.DatabaseClock;
import io.tinyworkflow.engine.Dispatcher;
import io.tinyworkflow.persistence.DatabaseErrors;
import io.tinyworkflow.persistence.SchemaMigrator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.NoSuchObjectLocalException;
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
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the schedules' occurrences with EJB timers: one single-action timer per active schedule,
 * set for its next occurrence. When it fires, the occurrence is claimed in the database (so that
 * one server of several starts its run) and the timer is set for the next one. Every server keeps a
 * timer for every active schedule, so a schedule goes on when the server that created it stops;
 * every ten seconds the timers are compared with the stored schedules, to take up those created or
 * changed on other servers.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the lifecycle runs its own
public class ScheduleTimers {

  private static final Logger LOG = Logger.getLogger(ScheduleTimers.class.getName());

  @Inject DatabaseClock clock;
  @Inject ScheduleLifecycle schedules;
  @Inject Dispatcher dispatcher;
  @Inject SchemaMigrator schema;

  @Resource TimerService timers;

  /** The timer of each schedule, and the occurrence it is set for. */
  private final Map<String, Armed> armed = new HashMap<>();

  private record Armed(Timer timer, Instant at) {}

  @PostConstruct
  void start() {
    sync();
  }

  /** Sets the timers of the stored active schedules, and cancels those of the others. */
  @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
  public void sync() {
    if (!schema.ready()) {
      return; // the schema is not there yet: the first sync after it is sets the timers
    }
    Map<String, Instant> next;
    try {
      next = schedules.nextFireTimes();
    } catch (RuntimeException e) {
      if (DatabaseErrors.kind(e) == DatabaseErrors.Kind.UNAVAILABLE) {
        LOG.warning(
            () ->
                "Cannot read the schedules, the database is unavailable; the next sync tries again: "
                    + DatabaseErrors.message(e));
      } else {
        LOG.log(Level.WARNING, "Cannot read the schedules; the next sync tries again", e);
      }
      return;
    }
    synchronized (armed) {
      for (String id : Map.copyOf(armed).keySet()) {
        if (!next.containsKey(id)) {
          arm(id, null);
        }
      }
      next.forEach(this::arm);
    }
  }

  /**
   * Sets or cancels this server's timer for a schedule that changed here.
   *
   * @param change the schedule and its next occurrence
   */
  public void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ScheduleChanged change) {
    synchronized (armed) {
      arm(change.scheduleId(), change.nextFireAt());
    }
  }

  @Timeout
  void fire(Timer timer) {
    String id = (String) timer.getInfo();
    synchronized (armed) {
      Armed current = armed.get(id);
      if (current != null && current.timer().equals(timer)) {
        armed.remove(id);
      }
    }
    ScheduleLifecycle.Fired fired;
    try {
      fired = schedules.fire(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot fire schedule " + id + "; the next sync sets it again", e);
      return;
    }
    fired.runIds().forEach(dispatcher::wake);
    synchronized (armed) {
      if (fired.nextFireAt() != null) {
        arm(id, fired.nextFireAt());
      }
    }
  }

  /** Sets a schedule's timer for a time, unless it is set for it already; cancels it for null. */
  private void arm(String id, Instant at) {
    Armed current = armed.get(id);
    if (current != null) {
      if (current.at().equals(at)) {
        return;
      }
      cancel(current.timer());
      armed.remove(id);
    }
    if (at != null) {
      // Fire times are on the database's clock; the timer runs on this machine's.
      Instant now = clock.instant();
      Date when = Date.from((at.isBefore(now) ? now : at).minusMillis(clock.offsetMillis()));
      armed.put(
          id, new Armed(timers.createSingleActionTimer(when, new TimerConfig(id, false)), at));
    }
  }

  private static void cancel(Timer timer) {
    try {
      timer.cancel();
    } catch (NoSuchObjectLocalException | IllegalStateException e) {
      // it fired or was cancelled already
    }
  }
}
