package io.tinyworkflow.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.ScheduleOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.ScheduleNotFoundException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.testing.Runs;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cron schedules and delayed starts, run in the server against each database: occurrences fired by
 * EJB timers, one run each; pause, resume, update, delete and preview; the catch-up and overlap
 * policies; bad expressions refused.
 */
public abstract class ScheduleSuite {

  @Inject WorkflowClient client;
  @Inject ScheduleTimers timers;
  @Inject java.time.Clock clock;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  private final List<String> created = new ArrayList<>();

  @AfterEach
  void deleteSchedules() {
    for (String id : created) {
      try {
        client.deleteSchedule(id);
      } catch (ScheduleNotFoundException e) {
        // the test deleted it
      }
    }
  }

  @Test
  void aScheduleIsStoredWithItsNextFireTime() {
    String id = schedule("scheduled_task", "0 2 * * *", Map.of("a", 1), null);
    WorkflowSchedule schedule = client.getSchedule(id);
    assertEquals("scheduled_task", schedule.workflowName());
    assertEquals("0 2 * * *", schedule.cronExpression());
    assertEquals(Map.of("a", 1), normalize(schedule.input()));
    assertEquals(ScheduleOptions.DEFAULTS, schedule.options());
    assertFalse(schedule.paused());
    assertEquals(client.previewSchedule("0 2 * * *", "UTC", 1).get(0), schedule.nextFireAt());
    assertEquals(2, schedule.nextFireAt().atZone(ZoneOffset.UTC).getHour());
    assertTrue(client.listSchedules().stream().anyMatch(s -> s.scheduleId().equals(id)));
  }

  @Test
  void badExpressionsTimeZonesAndWorkflowsAreRefusedAndNothingIsStored() {
    int before = client.listSchedules().size();
    InvalidInputException hour =
        assertThrows(
            InvalidInputException.class,
            () -> client.scheduleWorkflow("scheduled_task", "0 25 * * *", Map.of()));
    assertTrue(hour.getMessage().contains("hour field \"25\""), hour.getMessage());
    InvalidInputException fields =
        assertThrows(
            InvalidInputException.class,
            () -> client.scheduleWorkflow("scheduled_task", "0 2 * *", Map.of()));
    assertTrue(fields.getMessage().contains("4 fields"), fields.getMessage());
    assertThrows(
        InvalidInputException.class,
        () ->
            client.scheduleWorkflow(
                "scheduled_task",
                "0 2 * * *",
                Map.of(),
                ScheduleOptions.DEFAULTS.inTimeZone("Nowhere/Land")));
    assertThrows(
        UnknownWorkflowException.class,
        () -> client.scheduleWorkflow("no_such_workflow", "0 2 * * *", Map.of()));
    assertEquals(before, client.listSchedules().size());
    assertThrows(ScheduleNotFoundException.class, () -> client.getSchedule(Runs.key()));
    assertThrows(ScheduleNotFoundException.class, () -> client.pauseSchedule(Runs.key()));
    assertThrows(ScheduleNotFoundException.class, () -> client.deleteSchedule(Runs.key()));
    assertThrows(InvalidInputException.class, () -> client.previewSchedule("* * * * *", null, 0));
  }

  @Test
  void aSecondsScheduleFiresOneRunPerOccurrenceOnTime() throws Exception {
    String key = Runs.key();
    String id = schedule("scheduled_task", "* * * * * *", Map.of("key", key), null);
    await("three runs", () -> runsOf(id).size() >= 3);
    client.pauseSchedule(id);
    List<WorkflowExecution> runs = runsOf(id);
    Set<Instant> occurrences =
        runs.stream().map(WorkflowExecution::scheduledAt).collect(Collectors.toSet());
    assertEquals(runs.size(), occurrences.size(), "an occurrence started two runs: " + runs);
    for (WorkflowExecution run : runs) {
      assertEquals(0, run.scheduledAt().getNano(), "not on a whole second: " + run.scheduledAt());
      assertFalse(run.createdAt().isBefore(run.scheduledAt()), "started early: " + run);
      assertEquals(Map.of("key", key), run.input());
      assertEquals("schedule:" + id, run.startedBy());
      assertEquals(WorkflowStatus.COMPLETED, Runs.awaitEnd(client, run.runId()).status());
    }
    WorkflowSchedule schedule = client.getSchedule(id);
    assertTrue(schedule.paused());
    assertEquals(null, schedule.nextFireAt());
    assertNotNull(schedule.lastRunId());
    assertTrue(runs.stream().anyMatch(r -> r.runId().equals(schedule.lastRunId())));
  }

  @Test
  void aPausedScheduleFiresNothingUntilResumedAndADeletedOneNothingAtAll() throws Exception {
    String id = schedule("scheduled_task", "* * * * * *", Map.of(), null);
    client.pauseSchedule(id);
    int atPause = runsOf(id).size();
    Thread.sleep(2500);
    assertEquals(atPause, runsOf(id).size(), "a paused schedule fired");

    client.resumeSchedule(id);
    assertNotNull(client.getSchedule(id).nextFireAt());
    await("a run after resuming", () -> runsOf(id).size() > atPause);
    client.deleteSchedule(id);
    assertThrows(ScheduleNotFoundException.class, () -> client.getSchedule(id));
    Thread.sleep(1200); // an occurrence already being fired may still start its run
    int atDelete = runsOf(id).size();
    Thread.sleep(2000);
    assertEquals(atDelete, runsOf(id).size(), "a deleted schedule fired");
  }

  @Test
  void anUpdateChangesTheExpressionTheInputAndThePolicies() {
    String id = schedule("scheduled_task", "0 2 * * *", Map.of("v", 1), null);
    ScheduleOptions options =
        ScheduleOptions.DEFAULTS
            .inTimeZone("Europe/Paris")
            .overlapping(ScheduleOptions.Overlap.ALLOW)
            .catchingUp(ScheduleOptions.CatchUp.EACH, Duration.ofMinutes(30));
    client.updateSchedule(id, "30 3 * * 1-5", Map.of("v", 2), options);
    WorkflowSchedule schedule = client.getSchedule(id);
    assertEquals("30 3 * * 1-5", schedule.cronExpression());
    assertEquals(Map.of("v", 2), normalize(schedule.input()));
    assertEquals(options, schedule.options());
    assertEquals(
        client.previewSchedule("30 3 * * 1-5", "Europe/Paris", 1).get(0), schedule.nextFireAt());
    assertThrows(
        InvalidInputException.class, () -> client.updateSchedule(id, "0 0 * * 9", Map.of(), null));
    assertEquals("30 3 * * 1-5", client.getSchedule(id).cronExpression());
  }

  @Test
  void previewGivesTheNextFireTimesWithoutSavingAnything() {
    int before = client.listSchedules().size();
    List<Instant> next = client.previewSchedule("*/5 * * * *", null, 3);
    assertEquals(3, next.size());
    Instant now = Instant.now();
    assertTrue(
        next.get(0).isAfter(now.minusSeconds(1)) && next.get(0).isBefore(now.plusSeconds(301)));
    for (int i = 0; i < 3; i++) {
      assertEquals(0, next.get(i).atZone(ZoneOffset.UTC).getMinute() % 5);
      if (i > 0) {
        assertEquals(Duration.ofMinutes(5), Duration.between(next.get(i - 1), next.get(i)));
      }
    }
    assertEquals(before, client.listSchedules().size());
  }

  @Test
  void anOccurrenceIsSkippedWhileThePreviousRunIsOnUnlessOverlapIsAllowed() throws Exception {
    String skipping = schedule("scheduled_waits", "* * * * * *", Map.of(), null);
    await("a first run", () -> runsOf(skipping).size() >= 1);
    Thread.sleep(2500);
    List<WorkflowExecution> runs = runsOf(skipping);
    assertEquals(1, runs.size(), "occurrences overlapped: " + runs);
    Runs.awaitStatus(client, runs.get(0).runId(), WorkflowStatus.PAUSED);
    client.approveWorkflow(runs.get(0).runId());
    await("a run after the first ended", () -> runsOf(skipping).size() >= 2);
    client.pauseSchedule(skipping);

    String allowing =
        schedule(
            "scheduled_waits",
            "* * * * * *",
            Map.of(),
            ScheduleOptions.DEFAULTS.overlapping(ScheduleOptions.Overlap.ALLOW));
    await("overlapping runs", () -> runsOf(allowing).size() >= 2);
    client.pauseSchedule(allowing);
    for (String id : List.of(skipping, allowing)) {
      for (WorkflowExecution run : runsOf(id)) {
        if (!client.getWorkflowStatus(run.runId()).status().isTerminal()) {
          client.cancelWorkflow(run.runId());
        }
      }
    }
  }

  @Test
  void missedOccurrencesFollowTheCatchUpPolicy() throws Exception {
    // An hourly schedule whose occurrence was half an hour ago, and two before it, all missed.
    Instant now = Instant.now();
    int minute = (now.atZone(ZoneOffset.UTC).getMinute() + 30) % 60;
    ZonedDateTime hour =
        now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).withMinute(minute);
    Instant latest = (hour.toInstant().isAfter(now) ? hour.minusHours(1) : hour).toInstant();
    String cron = minute + " * * * *";

    String one = missedSince(cron, latest.minus(Duration.ofHours(2)), null);
    String skip =
        missedSince(
            cron,
            latest.minus(Duration.ofHours(2)),
            ScheduleOptions.DEFAULTS.catchingUp(ScheduleOptions.CatchUp.SKIP, null));
    String each =
        missedSince(
            cron,
            latest.minus(Duration.ofHours(2)),
            ScheduleOptions.DEFAULTS
                .catchingUp(ScheduleOptions.CatchUp.EACH, Duration.ofMinutes(100))
                .overlapping(ScheduleOptions.Overlap.ALLOW));
    timers.sync(); // as a server starting after the downtime does
    for (String id : List.of(one, skip, each)) {
      await("the catch-up of " + id, () -> client.getSchedule(id).nextFireAt().isAfter(now));
      assertEquals(latest.plus(Duration.ofHours(1)), client.getSchedule(id).nextFireAt());
    }
    assertEquals(List.of(latest), occurrences(one), "one run for all missed");
    assertEquals(List.of(), occurrences(skip), "skip runs none");
    assertEquals(
        List.of(latest.minus(Duration.ofHours(1)), latest),
        occurrences(each),
        "each within 100 minutes");
  }

  @Test
  void aDelayedStartWaitsForItsTimeAndThenRuns() throws Exception {
    // On the engine's clock (the database's time), as the due time is; stored to the millisecond.
    Instant before = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String runId = client.scheduleDelayedWorkflow("scheduled_task", 2, Map.of("late", true));
    WorkflowExecution pending = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.PENDING, pending.status());
    Instant due = pending.scheduledAt();
    assertFalse(due.isBefore(before.plusSeconds(2)), "due " + due);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(Map.of("late", true), run.output());
    assertFalse(run.startedAt().isBefore(due), "started before its time: " + run);
    assertThrows(
        InvalidInputException.class,
        () -> client.scheduleDelayedWorkflow("scheduled_task", -1, Map.of()));
    assertThrows(
        UnknownWorkflowException.class,
        () -> client.scheduleDelayedWorkflow("no_such_workflow", 1, Map.of()));
  }

  /** A schedule whose stored next occurrence lies in the past, as after downtime. */
  private String missedSince(String cron, Instant missed, ScheduleOptions options)
      throws Exception {
    String id = schedule("scheduled_task", cron, Map.of(), options);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_schedules SET next_fire_at = ? WHERE schedule_id = ?")) {
      s.setLong(1, missed.toEpochMilli());
      s.setString(2, id);
      assertEquals(1, s.executeUpdate());
    }
    return id;
  }

  private List<Instant> occurrences(String scheduleId) {
    return runsOf(scheduleId).stream().map(WorkflowExecution::scheduledAt).sorted().toList();
  }

  private String schedule(
      String workflow, String cron, Map<String, ?> input, ScheduleOptions options) {
    String id =
        options == null
            ? client.scheduleWorkflow(workflow, cron, input)
            : client.scheduleWorkflow(workflow, cron, input, options);
    created.add(id);
    return id;
  }

  private List<WorkflowExecution> runsOf(String scheduleId) {
    List<WorkflowExecution> runs = new ArrayList<>();
    for (String workflow : List.of("scheduled_task", "scheduled_waits")) {
      client.listWorkflowExecutions(null, workflow, 1000, 0).stream()
          .filter(r -> scheduleId.equals(r.scheduleId()))
          .forEach(runs::add);
    }
    return runs;
  }

  private static Map<String, Object> normalize(Map<String, Object> json) {
    return json.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> e.getValue() instanceof Number n ? (Object) n.intValue() : e.getValue()));
  }

  private static void await(String what, BooleanSupplier check) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("Timed out after 15 s waiting for " + what);
  }
}
