package io.tinyworkflow.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Inject TestStore store;

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
  void journalsAStepOutcomeOnlyOnce() {
    RunEntity run = aRun("journal-" + UUID.randomUUID(), Instant.now());
    store.persist(run);
    StepEntity step = new StepEntity(run.getRunId(), 1, "fetch_data", "activity", "completed");
    step.setOutput("{\"rows\":3}");
    store.record(step);
    StepEntity again = new StepEntity(run.getRunId(), 1, "fetch_data", "activity", "completed");
    again.setOutput("{\"rows\":4}");
    assertThrows(RuntimeException.class, () -> store.record(again));
    StepEntity kept =
        store.inTransaction(em -> em.find(StepEntity.class, new StepId(run.getRunId(), 1)));
    assertEquals("{\"rows\":3}", kept.getOutput());
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

  /** A finished run of a workflow that does not exist, so that the engine leaves it alone. */
  private static RunEntity aRun(String name, Instant createdAt) {
    String id = UUID.randomUUID().toString();
    RunEntity run = new RunEntity(id, id, name, "{}", createdAt);
    run.setStatus(WorkflowStatus.COMPLETED);
    return run;
  }
}
