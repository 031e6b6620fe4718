package io.tinyworkflow.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.testing.TestStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from storage, run in the server against each database: one subclass per
 * database names the product it expects, so a suite cannot pass against the wrong one.
 */
public abstract class PersistenceSuite {

  /** The statuses from which a run may become running, as the engine passes them. */
  private static final List<io.tinyworkflow.api.WorkflowStatus> EXECUTABLE =
      List.of(
          io.tinyworkflow.api.WorkflowStatus.PENDING,
          io.tinyworkflow.api.WorkflowStatus.RUNNING,
          io.tinyworkflow.api.WorkflowStatus.RETRYING,
          io.tinyworkflow.api.WorkflowStatus.PAUSED);

  @Inject TestStore store;
  @Inject StepJournal journal;
  @Inject io.tinyworkflow.engine.ClockSync clockSync;
  @Inject java.time.Clock clock;

  @Inject ScheduleStore schedules;
  @Inject RunTable runs;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  /**
   * Tells whether the connected database is the one this suite is for.
   *
   * @param product the product name the driver reports
   * @param version the product version the driver reports
   * @return true when it is the expected database
   */
  protected abstract boolean isExpectedDatabase(String product, String version);

  @Test
  void theEngineClockTellsTheDatabaseTime() throws Exception {
    long offset = clockSync.sync();
    // This machine runs the database too: whatever the offset, it is the round trip's noise.
    assertTrue(Math.abs(offset) < 1_000, "offset " + offset + " ms");
    String product;
    try (java.sql.Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
      if (product.contains("SQLite")) {
        assertEquals(0, offset, "SQLite runs in this process, on this machine's clock");
        return;
      }
      String sql =
          product.contains("PostgreSQL")
              ? "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
              : "SELECT CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet r = s.executeQuery(sql)) {
        r.next();
        long database = r.getLong(1);
        long engine = clock.millis();
        assertTrue(
            Math.abs(engine - database) < 1_000,
            "engine " + engine + " and " + product + " " + database + " disagree");
      }
    }
  }

  @Test
  void aScheduleChangeKeepsWhatAFireRecordedMeanwhile() {
    String id = java.util.UUID.randomUUID().toString();
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    Instant due = now.plusSeconds(60);
    String firedRun = java.util.UUID.randomUUID().toString();
    ScheduleStore.Row after =
        store.inTransaction(
            em -> {
              schedules.insert(
                  new ScheduleStore.Row(
                      id,
                      "echo",
                      "* * * * *",
                      "{}",
                      ScheduleStore.ACTIVE,
                      "UTC",
                      "one",
                      3_600_000,
                      "allow",
                      due,
                      null,
                      null,
                      now,
                      now));
              ScheduleStore.Row readByTheChange = schedules.find(id).orElseThrow();
              assertTrue(schedules.claim(id, due, due.plusSeconds(60), due, firedRun, due));
              schedules.replace(
                  readByTheChange.withState(ScheduleStore.PAUSED, null, due.plusSeconds(1)));
              ScheduleStore.Row row = schedules.find(id).orElseThrow();
              schedules.delete(id);
              return row;
            });
    assertEquals(ScheduleStore.PAUSED, after.status());
    assertEquals(firedRun, after.lastRunId(), "the change undid the fire's last run");
    assertEquals(due, after.lastFireAt());
  }

  @Test
  void runsAgainstTheDatabaseItIsNamedFor() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      String version = c.getMetaData().getDatabaseProductVersion();
      assertTrue(
          isExpectedDatabase(product, version),
          () -> getClass().getSimpleName() + " ran against " + product + " " + version);
    }
  }

  @Test
  void pagesWithFirstResultAndMaxResults() {
    String name = "paging-" + UUID.randomUUID();
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      RunEntity run = aRun(name, base.plusSeconds(i));
      ids.add(run.getRunId());
      store.persist(run);
    }
    String query = "SELECT r FROM RunEntity r WHERE r.workflowName = :n ORDER BY r.createdAt DESC";
    List<String> page =
        store.inTransaction(
            em ->
                em
                    .createQuery(query, RunEntity.class)
                    .setParameter("n", name)
                    .setFirstResult(10)
                    .setMaxResults(10)
                    .getResultList()
                    .stream()
                    .map(RunEntity::getRunId)
                    .toList());
    assertEquals(IntStream.range(0, 10).mapToObj(i -> ids.get(14 - i)).toList(), page);

    List<String> tail =
        store.inTransaction(
            em ->
                em
                    .createQuery(query, RunEntity.class)
                    .setParameter("n", name)
                    .setFirstResult(20)
                    .getResultList()
                    .stream()
                    .map(RunEntity::getRunId)
                    .toList());
    assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), tail);

    List<String> head =
        store.inTransaction(
            em ->
                em
                    .createQuery(query, RunEntity.class)
                    .setParameter("n", name)
                    .setMaxResults(3)
                    .getResultList()
                    .stream()
                    .map(RunEntity::getRunId)
                    .toList());
    assertEquals(List.of(ids.get(24), ids.get(23), ids.get(22)), head);
  }

  @Test
  void storesTimesAsUtcInstantsToTheMillisecond() throws Exception {
    // 01:30 UTC on the day Europe moves its clocks: a time zone conversion would shift it.
    Instant created = Instant.parse("2026-03-29T01:30:00.123Z");
    RunEntity run = aRun("time-" + UUID.randomUUID(), created);
    store.persist(run);

    RunEntity read = store.inTransaction(em -> em.find(RunEntity.class, run.getRunId()));
    assertEquals(created, read.getCreatedAt());

    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT created_at FROM workflow_runs WHERE run_id = ?")) {
      s.setString(1, run.getRunId());
      try (ResultSet rows = s.executeQuery()) {
        assertTrue(rows.next());
        assertEquals(created.toEpochMilli(), rows.getLong(1));
      }
    }
  }

  @Test
  void assignsIncreasingGeneratedKeysToEvents() {
    RunEntity run = aRun("events-" + UUID.randomUUID(), Instant.now());
    store.persist(run);
    Instant now = Instant.now();
    Long first = store.appendEvent(run.getRunId(), "workflow_started", now).getEventId();
    Long second = store.appendEvent(run.getRunId(), "activity_completed", now).getEventId();
    Long third = store.appendEvent(run.getRunId(), "workflow_completed", now).getEventId();
    assertNotNull(first);
    assertTrue(first < second && second < third, first + ", " + second + ", " + third);
    assertEquals(
        List.of(first, second, third),
        store.events(run.getRunId()).stream().map(EventEntity::getEventId).toList());
  }

  @Test
  void keepsJsonTextIntact() {
    StringBuilder json =
        new StringBuilder("{\"emoji\":\"\uD83D\uDE80 \u00e9\u00e8 \u4e2d\u6587\",");
    json.append("\"quote\":\"\\\"x\\\"\\n\",\"items\":[");
    for (int i = 0; i < 5000; i++) {
      json.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
    }
    json.append("]}");
    String input = json.toString();
    RunEntity run =
        new RunEntity(UUID.randomUUID().toString(), "g", "json-test", input, Instant.now());
    run.setStatus(WorkflowStatus.COMPLETED);
    store.persist(run);
    RunEntity read = store.inTransaction(em -> em.find(RunEntity.class, run.getRunId()));
    assertEquals(input, read.getInput());
  }

  @Test
  void journalsAStepOutcomeOncePerRunAttemptAndKeepsEveryAttempt() {
    RunEntity run = aRun("journal-" + UUID.randomUUID(), Instant.now());
    store.persist(run);
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    JournalEntry failed =
        JournalEntry.of(run.getRunId(), 1, "fetch_data", "activity", "failed", 3, 0, now, now)
            .withError("{\"type\":\"java.io.IOException\",\"message\":\"down\"}");
    store.record(failed);
    JournalEntry again = failed.withError("{\"type\":\"other\",\"message\":\"again\"}");
    assertThrows(RuntimeException.class, () -> store.record(again));
    assertFalse(journal.stands(run.getRunId(), 1, 1), "a failure of run attempt 0 is tried again");
    JournalEntry retried =
        JournalEntry.of(run.getRunId(), 1, "fetch_data", "activity", "completed", 1, 1, now, now)
            .withOutput("{\"rows\":3}");
    store.record(retried);
    assertEquals(List.of(failed, retried), journal.rows(run.getRunId()));
    assertEquals(List.of(retried), journal.outcomes(run.getRunId()));
    assertTrue(journal.stands(run.getRunId(), 1, 5), "a completed step stands in every attempt");
    assertFalse(journal.stands(run.getRunId(), 2, 0), "step 2 is not recorded");
  }

  @Test
  void detectsConcurrentUpdatesWithTheRowVersion() {
    RunEntity run = aRun("version-" + UUID.randomUUID(), Instant.now());
    store.persist(run);
    RunEntity stale = store.inTransaction(em -> em.find(RunEntity.class, run.getRunId()));
    store.inTransaction(
        em -> {
          em.find(RunEntity.class, run.getRunId()).setStatus(WorkflowStatus.PAUSED);
          return null;
        });
    stale.setStatus(WorkflowStatus.CANCELLED);
    assertThrows(
        RuntimeException.class,
        () ->
            store.inTransaction(
                em -> {
                  em.merge(stale);
                  em.flush();
                  return null;
                }));
    assertEquals(WorkflowStatus.PAUSED, store.findRun(run.getRunId()).getStatus());
  }

  @Test
  void eightWritersAtOnceAllCommit() throws Exception {
    int writers = 8;
    int transactionsEach = 25;
    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      RunEntity run = aRun("writers-" + UUID.randomUUID(), Instant.now());
      store.persist(run);
      runIds.add(run.getRunId());
    }
    List<Future<?>> futures = new ArrayList<>();
    for (String runId : runIds) {
      futures.add(
          executor.submit(
              () -> {
                for (int t = 0; t < transactionsEach; t++) {
                  store.appendEvent(runId, "step_" + t, Instant.now());
                }
                return null;
              }));
    }
    for (Future<?> future : futures) {
      future.get(120, TimeUnit.SECONDS); // rethrows any SQLITE_BUSY or deadlock
    }
    for (String runId : runIds) {
      assertEquals(transactionsEach, store.events(runId).size());
    }
  }

  @Test
  void pollingServersLockDisjointRunsWithoutWaitingForEachOther() throws Exception {
    String workflow = "claim-probe-" + UUID.randomUUID(); // no server has it: none claims these
    for (int i = 0; i < 20; i++) {
      RunEntity run = aRun(workflow, Instant.now());
      run.setStatus(WorkflowStatus.PENDING);
      store.persist(run);
    }
    Instant now = Instant.now().plusSeconds(1);
    boolean sqlite;
    boolean postgres;
    try (Connection c = dataSource.getConnection()) {
      sqlite = c.getMetaData().getDatabaseProductName().contains("SQLite");
      postgres = c.getMetaData().getDatabaseProductName().contains("PostgreSQL");
    }
    if (sqlite) {
      // One writer at a time: what one poll locks, the next one sees as claimed after it.
      assertEquals(
          10,
          store
              .inTransaction(em -> runs.lockClaimable(EXECUTABLE, List.of(workflow), now, 10))
              .size());
      return;
    }
    java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Future<List<String>> first =
        executor.submit(
            () ->
                store.inTransaction(
                    em -> {
                      List<String> ids = runs.lockClaimable(EXECUTABLE, List.of(workflow), now, 10);
                      locked.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return ids;
                    }));
    assertTrue(locked.await(30, TimeUnit.SECONDS));
    List<String> second;
    try {
      // While the first poll holds its rows, the second takes the others at once.
      second =
          executor
              .submit(
                  () ->
                      store.inTransaction(
                          em -> runs.lockClaimable(EXECUTABLE, List.of(workflow), now, 10)))
              .get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
    }
    List<String> firstIds = first.get(30, TimeUnit.SECONDS);
    assertEquals(10, firstIds.size());
    assertTrue(second.stream().noneMatch(firstIds::contains), firstIds + " and " + second);
    if (postgres) {
      // PostgreSQL locks the rows it returns; InnoDB also locks the rows its sort examined, so
      // that a second poll on MySQL/MariaDB takes nothing until the first commits (it never waits).
      assertEquals(10, second.size());
    }
  }

  /** A finished run of a workflow that does not exist, so that the engine leaves it alone. */
  private static RunEntity aRun(String name, Instant createdAt) {
    String id = UUID.randomUUID().toString();
    RunEntity run = new RunEntity(id, id, name, "{}", createdAt);
    run.setStatus(WorkflowStatus.COMPLETED);
    return run;
  }
}
