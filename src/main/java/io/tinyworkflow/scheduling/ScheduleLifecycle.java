package io.tinyworkflow.scheduling;

import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.engine.DefaultWorkflowRegistry;
import io.tinyworkflow.engine.RunLifecycle;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.ScheduleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Schedules and their occurrences, each change in a transaction of its own. Firing an occurrence
 * claims it in the database and stores its run in the same transaction, so that it starts exactly
 * one run however many servers' timers fire for it.
 *
 * <p>A client's mistake (no such schedule) is an outcome here, not an exception: an exception that
 * leaves a transactional method is an incident in the server's log, and bad input must not write
 * one. The client turns the outcome into its typed failure.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ScheduleLifecycle {

  /** An occurrence later than this is missed: the catch-up policy decides whether it runs. */
  static final Duration MISFIRE_GRACE = Duration.ofSeconds(60);

  /** At most this many missed occurrences are run in one catch-up. */
  static final int MAX_CATCH_UP = 1000;

  private static final Logger LOG = Logger.getLogger(ScheduleLifecycle.class.getName());

  @Inject ScheduleStore store;
  @Inject RunTable runs;
  @Inject DefaultWorkflowRegistry registry;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject io.tinyworkflow.engine.EngineMetrics metrics;
  @Inject io.tinyworkflow.engine.RunTracing tracing;
  @Inject Event<ScheduleChanged> changed;

  /**
   * What firing a schedule did.
   *
   * @param nextFireAt the schedule's next occurrence now, or {@code null} when it fires nothing
   * @param runIds the runs it started, to execute at once
   */
  public record Fired(Instant nextFireAt, List<String> runIds) {}

  /**
   * Creates a schedule.
   *
   * @param workflowName a registered workflow
   * @param cronExpression the cron expression
   * @param input the input of each run, or {@code null}
   * @param options the time zone and policies, or {@code null} for the defaults
   * @return the schedule id
   */
  public String create(
      String workflowName, String cronExpression, Map<String, ?> input, ScheduleOptions options) {
    ScheduleOptions o = complete(options);
    CronSchedule cron = CronSchedule.parse(cronExpression, o.timeZone());
    requireWorkflow(workflowName);
    Instant now = clock.instant();
    String id = UUID.randomUUID().toString();
    Instant next = cron.next(now).orElse(null);
    store.insert(
        row(id, workflowName, cron, input, o, ScheduleStore.ACTIVE, next, null, null, now, now));
    changed.fire(new ScheduleChanged(id, next));
    return id;
  }

  /**
   * Changes a schedule's expression, input and options; an active schedule goes on from the next
   * occurrence after now.
   *
   * @param scheduleId the schedule
   * @param cronExpression the cron expression
   * @param input the input of each run, or {@code null}
   * @param options the time zone and policies, or {@code null} for the defaults
   * @return {@code false} when there is no such schedule
   */
  public boolean update(
      String scheduleId, String cronExpression, Map<String, ?> input, ScheduleOptions options) {
    ScheduleOptions o = complete(options);
    CronSchedule cron = CronSchedule.parse(cronExpression, o.timeZone());
    Optional<ScheduleStore.Row> found = store.find(requireId(scheduleId));
    if (found.isEmpty()) {
      return false;
    }
    ScheduleStore.Row old = found.get();
    Instant now = clock.instant();
    boolean active = ScheduleStore.ACTIVE.equals(old.status());
    Instant next = active ? cron.next(now).orElse(null) : null;
    store.replace(
        row(
            scheduleId,
            old.workflowName(),
            cron,
            input,
            o,
            old.status(),
            next,
            old.lastFireAt(),
            old.lastRunId(),
            old.createdAt(),
            now));
    changed.fire(new ScheduleChanged(scheduleId, next));
    return true;
  }

  /**
   * Pauses a schedule.
   *
   * @param scheduleId the schedule
   * @return {@code false} when there is no such schedule
   */
  public boolean pause(String scheduleId) {
    return setStatus(scheduleId, ScheduleStore.PAUSED);
  }

  /**
   * Resumes a schedule from its next occurrence after now.
   *
   * @param scheduleId the schedule
   * @return {@code false} when there is no such schedule
   */
  public boolean resume(String scheduleId) {
    return setStatus(scheduleId, ScheduleStore.ACTIVE);
  }

  /**
   * Deletes a schedule.
   *
   * @param scheduleId the schedule
   * @return {@code false} when there is no such schedule
   */
  public boolean delete(String scheduleId) {
    if (!store.delete(requireId(scheduleId))) {
      return false;
    }
    changed.fire(new ScheduleChanged(scheduleId, null));
    return true;
  }

  /**
   * Reads a schedule.
   *
   * @param scheduleId the schedule
   * @return it, or empty when there is no such schedule
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public Optional<WorkflowSchedule> find(String scheduleId) {
    return store.find(requireId(scheduleId)).map(this::view);
  }

  /**
   * Lists the schedules, oldest first.
   *
   * @return them
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public List<WorkflowSchedule> list() {
    return store.list().stream().map(this::view).toList();
  }

  /**
   * Returns the next occurrence of each active schedule, for this server's timers.
   *
   * @return the next fire times by schedule id
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public Map<String, Instant> nextFireTimes() {
    Map<String, Instant> next = new LinkedHashMap<>();
    for (ScheduleStore.Row row : store.list()) {
      if (ScheduleStore.ACTIVE.equals(row.status()) && row.nextFireAt() != null) {
        next.put(row.scheduleId(), row.nextFireAt());
      }
    }
    return next;
  }

  /**
   * Fires the occurrences of a schedule that are due: claims them, and stores the runs its catch-up
   * and overlap policies call for.
   *
   * @param scheduleId the schedule
   * @return its next occurrence and the runs started
   */
  public Fired fire(String scheduleId) {
    Optional<ScheduleStore.Row> found = store.find(scheduleId);
    if (found.isEmpty()
        || !ScheduleStore.ACTIVE.equals(found.get().status())
        || found.get().nextFireAt() == null) {
      return new Fired(null, List.of());
    }
    ScheduleStore.Row row = found.get();
    Instant now = clock.instant();
    if (row.nextFireAt().isAfter(now)) {
      return new Fired(row.nextFireAt(), List.of()); // not due yet
    }
    Optional<WorkflowInfo> workflow = registry.workflow(row.workflowName());
    if (workflow.isEmpty()) {
      // Not deployed here: a server that has the workflow claims the occurrence.
      return new Fired(null, List.of());
    }
    CronSchedule cron = CronSchedule.parse(row.cronExpression(), row.timeZone());
    Instant latest =
        cron.previous(now).filter(t -> !t.isBefore(row.nextFireAt())).orElse(row.nextFireAt());
    Instant next = cron.next(now).orElse(null);
    List<Instant> occurrences = toRun(row, cron, latest, now);
    if (!occurrences.isEmpty() && "skip".equals(row.overlap()) && previousRunActive(row)) {
      LOG.info(
          () ->
              "Schedule "
                  + scheduleId
                  + " skips its occurrence at "
                  + latest
                  + ": its previous run "
                  + row.lastRunId()
                  + " has not ended");
      occurrences = List.of();
    }
    List<RunRecord> started = new ArrayList<>();
    for (Instant occurrence : occurrences) {
      String runId = io.tinyworkflow.persistence.RunIds.next();
      RunRecord run =
          RunLifecycle.newRun(
              workflow.get(),
              runId,
              runId,
              row.input(),
              now,
              RunRecord.Origin.schedule(scheduleId, occurrence),
              tracing.startOfRun(workflow.get().name(), runId));
      started.add(run);
    }
    String lastRunId = started.isEmpty() ? null : started.get(started.size() - 1).runId();
    Instant lastFire = occurrences.isEmpty() ? null : occurrences.get(occurrences.size() - 1);
    if (!store.claim(scheduleId, row.nextFireAt(), next, lastFire, lastRunId, now)) {
      // Another server fired it, or the schedule changed meanwhile: read where it stands.
      return new Fired(
          store.find(scheduleId).map(ScheduleStore.Row::nextFireAt).orElse(null), List.of());
    }
    started.forEach(runs::insert);
    if (lastFire != null) {
      metrics.scheduleFired(row.workflowName(), lastFire);
    }
    return new Fired(next, started.stream().map(RunRecord::runId).toList());
  }

  /**
   * The occurrences to run, by the schedule's catch-up policy, of those due from its stored next
   * occurrence up to the latest one. Only the latest can be on time; the others were missed.
   */
  private static List<Instant> toRun(
      ScheduleStore.Row row, CronSchedule cron, Instant latest, Instant now) {
    boolean onTime = Duration.between(latest, now).compareTo(MISFIRE_GRACE) <= 0;
    return switch (row.catchUp()) {
      case "skip" -> onTime ? List.of(latest) : List.of();
      case "each" -> {
        // Back from the latest, as far as the window and the first due occurrence allow.
        List<Instant> each = new ArrayList<>();
        Optional<Instant> t = Optional.of(latest);
        while (t.isPresent()
            && !t.get().isBefore(row.nextFireAt())
            && Duration.between(t.get(), now).toMillis() <= row.catchUpWindowMillis()
            && each.size() < MAX_CATCH_UP) {
          each.add(0, t.get());
          t = cron.previous(t.get().minusMillis(1));
        }
        yield each;
      }
      default -> List.of(latest);
    };
  }

  private boolean previousRunActive(ScheduleStore.Row row) {
    return row.lastRunId() != null
        && runs.find(row.lastRunId()).map(r -> !r.status().isTerminal()).orElse(false);
  }

  private boolean setStatus(String scheduleId, String status) {
    Optional<ScheduleStore.Row> found = store.find(requireId(scheduleId));
    if (found.isEmpty()) {
      return false;
    }
    ScheduleStore.Row old = found.get();
    Instant now = clock.instant();
    Instant next =
        ScheduleStore.ACTIVE.equals(status)
            ? CronSchedule.parse(old.cronExpression(), old.timeZone()).next(now).orElse(null)
            : null;
    store.replace(old.withState(status, next, now));
    changed.fire(new ScheduleChanged(scheduleId, next));
    return true;
  }

  private void requireWorkflow(String workflowName) {
    if (workflowName == null || workflowName.isBlank()) {
      throw new InvalidInputException("A workflow name is required");
    }
    if (registry.workflow(workflowName).isEmpty()) {
      throw new UnknownWorkflowException("workflow", workflowName);
    }
  }

  private ScheduleStore.Row row(
      String id,
      String workflowName,
      CronSchedule cron,
      Map<String, ?> input,
      ScheduleOptions o,
      String status,
      Instant next,
      Instant lastFireAt,
      String lastRunId,
      Instant createdAt,
      Instant updatedAt) {
    return new ScheduleStore.Row(
        id,
        workflowName,
        cron.expression(),
        json.write(input == null ? Map.of() : input),
        status,
        cron.zone().getId(),
        o.catchUp().name().toLowerCase(Locale.ROOT),
        o.catchUpWindow().toMillis(),
        o.overlap().name().toLowerCase(Locale.ROOT),
        next,
        lastFireAt,
        lastRunId,
        createdAt,
        updatedAt);
  }

  private WorkflowSchedule view(ScheduleStore.Row row) {
    return new WorkflowSchedule(
        row.scheduleId(),
        row.workflowName(),
        row.cronExpression(),
        json.readObject(row.input()),
        new ScheduleOptions(
            row.timeZone(),
            ScheduleOptions.CatchUp.valueOf(row.catchUp().toUpperCase(Locale.ROOT)),
            Duration.ofMillis(row.catchUpWindowMillis()),
            ScheduleOptions.Overlap.valueOf(row.overlap().toUpperCase(Locale.ROOT))),
        ScheduleStore.PAUSED.equals(row.status()),
        row.nextFireAt(),
        row.lastFireAt(),
        row.lastRunId(),
        row.createdAt(),
        row.updatedAt());
  }

  /**
   * Completes options with the defaults, and checks them.
   *
   * @param options the options, or {@code null}
   * @return the options with every missing part set to its default
   * @throws InvalidInputException when the catch-up window is not positive
   */
  public static ScheduleOptions complete(ScheduleOptions options) {
    ScheduleOptions d = ScheduleOptions.DEFAULTS;
    if (options == null) {
      return d;
    }
    Duration window = options.catchUpWindow() == null ? d.catchUpWindow() : options.catchUpWindow();
    if (window.isNegative() || window.isZero()) {
      throw new InvalidInputException("The catch-up window must be positive, not " + window);
    }
    return new ScheduleOptions(
        options.timeZone() == null || options.timeZone().isBlank()
            ? d.timeZone()
            : options.timeZone(),
        options.catchUp() == null ? d.catchUp() : options.catchUp(),
        window,
        options.overlap() == null ? d.overlap() : options.overlap());
  }

  /**
   * Checks a schedule id.
   *
   * @param scheduleId the id
   * @return it
   * @throws InvalidInputException when it is blank
   */
  public static String requireId(String scheduleId) {
    if (scheduleId == null || scheduleId.isBlank()) {
      throw new InvalidInputException("A schedule id is required");
    }
    return scheduleId;
  }
}
