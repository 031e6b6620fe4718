package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.RunTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The engine's metrics, in the application registry that {@code /metrics} serves (Prometheus
 * format, {@code tinyworkflow_} names): what this server did (runs started and ended, step and run
 * durations, failed attempts, claims and lease renewals, schedule lateness), and how many runs the
 * database holds in each status, with the queue of due runs no server has claimed yet.
 *
 * <p>The counts by status come from one grouped query, read again at most every {@link
 * #COUNTS_MAX_AGE} however often Prometheus scrapes, and are the database's: every server reports
 * the same figures, so a dashboard takes their maximum rather than their sum. The counters and
 * timers are this server's; sum them over the servers.
 */
@ApplicationScoped
public class EngineMetrics {

  private static final Logger LOG = Logger.getLogger(EngineMetrics.class.getName());

  /** How long the counts by status are served before they are read again. */
  static final Duration COUNTS_MAX_AGE = Duration.ofSeconds(5);

  private static final Metadata STARTED =
      counter("tinyworkflow.runs.started", "Runs that began their first execution on this server");
  private static final Metadata COMPLETED =
      counter("tinyworkflow.runs.completed", "Runs that completed on this server");
  private static final Metadata FAILED =
      counter("tinyworkflow.runs.failed", "Runs that failed for good on this server");
  private static final Metadata CANCELLED =
      counter("tinyworkflow.runs.cancelled", "Runs cancelled on this server");
  private static final Metadata ATTEMPTS_FAILED =
      counter(
          "tinyworkflow.activity.attempts.failed",
          "Attempts of activities and steps that failed on this server (retried or not)");
  private static final Metadata CLAIMS =
      counter("tinyworkflow.claims", "Runs this server claimed to execute");
  private static final Metadata RENEWALS =
      counter("tinyworkflow.lease.renewals", "Leases of runs this server renewed");
  private static final Metadata LOST =
      counter(
          "tinyworkflow.leases.lost",
          "Runs this server held whose lease it found taken, cancelled or timed out at renewal");
  private static final Metadata STEP_DURATION =
      timer(
          "tinyworkflow.step.duration",
          "Time from an attempt's start to its recorded result, of the steps that completed");
  private static final Metadata RUN_DURATION =
      timer(
          "tinyworkflow.run.duration",
          "Time from a run's creation to its end (waits and retries included)");
  private static final Metadata SCHEDULE_LATENESS =
      timer(
          "tinyworkflow.schedule.lateness",
          "Time from a schedule's occurrence to the start of the run it fired");

  @Inject MetricRegistry registry;
  @Inject RunTable runs;
  @Inject io.tinyworkflow.persistence.RunTotals totals;
  @Inject Clock clock;
  @Inject DefaultWorkflowRegistry workflows;
  @Inject EngineSettings settings;

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  private volatile Counts counts = new Counts(Map.of(), Map.of(), Instant.EPOCH);

  /** The counts by status and the due runs by workflow, and when they were read. */
  private record Counts(
      Map<WorkflowStatus, Long> byStatus, Map<String, Long> dueByWorkflow, Instant readAt) {}

  /** Registers the gauges once the application started, so a scrape shows them before any run. */
  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    for (WorkflowStatus status : WorkflowStatus.values()) {
      registry.gauge(
          Metadata.builder()
              .withName("tinyworkflow.runs")
              .withDescription(
                  "Runs in the database by status now (the same on every server: take the"
                      + " maximum)")
              .build(),
          () -> counts().byStatus().getOrDefault(status, 0L),
          new Tag("status", status.wireName()));
    }
    for (WorkflowInfo workflow : workflows.workflows()) {
      registry.gauge(
          Metadata.builder()
              .withName("tinyworkflow.runs.due")
              .withDescription(
                  "Runs due now that no server has claimed yet: the queue depth (the same on"
                      + " every server)")
              .build(),
          () -> counts().dueByWorkflow().getOrDefault(workflow.name(), 0L),
          new Tag("workflow", workflow.name()));
    }
    registerServerCounters();
  }

  /** This server's claims, renewals and lost leases, shown at 0 before the first. */
  private void registerServerCounters() {
    Tag server = new Tag("server", settings.serverId());
    for (Metadata metadata : List.of(CLAIMS, RENEWALS, LOST)) {
      count(metadata, 0, server);
    }
  }

  /** The counts, read again when older than {@link #COUNTS_MAX_AGE}; the last ones on failure. */
  private Counts counts() {
    Counts known = counts;
    Instant now = clock.instant();
    if (Duration.between(known.readAt(), now).compareTo(COUNTS_MAX_AGE) < 0) {
      return known;
    }
    synchronized (this) {
      if (counts != known) {
        return counts; // another scrape read them meanwhile
      }
      try {
        Map<WorkflowStatus, Long> byStatus = new EnumMap<>(WorkflowStatus.class);
        byStatus.putAll(totals.countByStatus(null));
        counts =
            new Counts(
                byStatus,
                runs.countDue(RunStateMachine.sourcesOf(WorkflowStatus.RUNNING), now),
                now);
      } catch (RuntimeException e) {
        // Keep serving the last counts; try again after the same pause.
        LOG.log(Level.FINE, "Cannot count the runs for the metrics", e);
        counts = new Counts(known.byStatus(), known.dueByWorkflow(), now);
      }
      return counts;
    }
  }

  void started(String workflow) {
    count(STARTED, 1, new Tag("workflow", workflow));
  }

  void completed(String workflow) {
    count(COMPLETED, 1, new Tag("workflow", workflow));
  }

  void failed(String workflow) {
    count(FAILED, 1, new Tag("workflow", workflow));
  }

  void cancelled(String workflow) {
    count(CANCELLED, 1, new Tag("workflow", workflow));
  }

  /** A run ended: how long it took from its creation. */
  void ended(String workflow, Instant createdAt) {
    if (createdAt != null) {
      time(
          RUN_DURATION,
          Duration.between(createdAt, clock.instant()),
          new Tag("workflow", workflow));
    }
  }

  /** A step's attempt completed and its result was recorded. */
  void stepCompleted(String workflow, String activity, Instant started) {
    time(
        STEP_DURATION,
        Duration.between(started, clock.instant()),
        new Tag("workflow", workflow),
        new Tag("activity", activity));
  }

  /** A step's attempt failed (it may be retried). */
  void attemptFailed(String workflow, String activity) {
    count(ATTEMPTS_FAILED, 1, new Tag("workflow", workflow), new Tag("activity", activity));
  }

  void claimed(int runs) {
    if (runs > 0) {
      count(CLAIMS, runs, new Tag("server", settings.serverId()));
    }
  }

  void renewed(int renewed, int lost) {
    if (renewed > 0) {
      count(RENEWALS, renewed, new Tag("server", settings.serverId()));
    }
    if (lost > 0) {
      count(LOST, lost, new Tag("server", settings.serverId()));
    }
  }

  /**
   * A schedule fired a run for an occurrence.
   *
   * @param workflow the schedule's workflow
   * @param occurrence when the occurrence was due
   */
  public void scheduleFired(String workflow, Instant occurrence) {
    Duration late = Duration.between(occurrence, clock.instant());
    time(
        SCHEDULE_LATENESS, late.isNegative() ? Duration.ZERO : late, new Tag("workflow", workflow));
  }

  private void count(Metadata metadata, long n, Tag... tags) {
    try {
      counters.computeIfAbsent(key(metadata, tags), k -> registry.counter(metadata, tags)).inc(n);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cannot count " + metadata.getName(), e);
    }
  }

  private void time(Metadata metadata, Duration took, Tag... tags) {
    try {
      timers.computeIfAbsent(key(metadata, tags), k -> registry.timer(metadata, tags)).update(took);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cannot time " + metadata.getName(), e);
    }
  }

  /** A metric's name and tag values, as the key of its cached instance. */
  private static String key(Metadata metadata, Tag... tags) {
    StringBuilder key = new StringBuilder(metadata.getName());
    for (Tag tag : tags) {
      key.append('\n').append(tag.getTagValue());
    }
    return key.toString();
  }

  private static Metadata counter(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description).build();
  }

  private static Metadata timer(String name, String description) {
    return Metadata.builder()
        .withName(name)
        .withDescription(description)
        .withUnit(MetricUnits.SECONDS)
        .build();
  }
}
