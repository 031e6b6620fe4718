package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.EventRecord;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A run's audit trail: the appended events, plus the entries that the engine does not write twice
 * because an append-only row already records them. A run's start ({@code workflow_started}, from
 * its creation time), each completed step ({@code activity_completed} and the like, from its
 * journal row) and its completion ({@code workflow_completed}, from its final row) cost no event
 * row, which keeps a run's hot path at one statement per state change. Those entries have negative
 * event ids, unique within the run and the same on every read: {@code workflow_started} -1, {@code
 * workflow_completed} -2, step n's completion -(3 + n). Appended events have their row's id, which
 * is positive.
 */
final class AuditTrail {

  /**
   * What the trail is made of.
   *
   * @param run the run
   * @param events its appended events
   * @param journal its recorded steps
   */
  record Rows(RunRecord run, List<EventRecord> events, List<JournalEntry> journal) {}

  private record Entry(WorkflowEvent event, int rank, long order) {}

  /** The step kinds recorded by one statement, without an event row of their own. */
  private static final java.util.Set<String> DERIVED_KINDS =
      java.util.Set.of("activity", "side_effect", "branch");

  private static final long STARTED_ID = -1;
  private static final long COMPLETED_ID = -2;

  private AuditTrail() {}

  static List<WorkflowEvent> of(Rows rows, JsonCodec json, int limit) {
    RunRecord run = rows.run();
    List<Entry> entries = new ArrayList<>();
    entries.add(
        new Entry(
            derived(
                run,
                STARTED_ID,
                "workflow_started",
                null,
                RunLifecycle.data("workflow_name", run.workflowName()),
                run.createdAt()),
            0,
            0));
    for (EventRecord e : rows.events()) {
      entries.add(
          new Entry(
              new WorkflowEvent(
                  e.eventId(),
                  e.runId(),
                  e.eventType(),
                  e.stepNumber(),
                  json.readObject(e.data()),
                  e.createdAt()),
              1,
              e.eventId()));
    }
    for (JournalEntry step : rows.journal()) {
      // Waits and published values append their own events, in the transaction that records them.
      if ("completed".equals(step.status()) && DERIVED_KINDS.contains(step.stepKind())) {
        entries.add(
            new Entry(
                derived(
                    run,
                    -(3L + step.stepNumber()),
                    step.stepKind() + "_completed",
                    step.stepNumber(),
                    RunLifecycle.data("name", step.stepName(), "attempts", step.attempts()),
                    step.completedAt()),
                1,
                step.stepNumber()));
      }
    }
    if (run.status() == WorkflowStatus.COMPLETED) {
      entries.add(
          new Entry(
              derived(run, COMPLETED_ID, "workflow_completed", null, Map.of(), run.completedAt()),
              2,
              0));
    }
    entries.sort(
        Comparator.comparing((Entry e) -> e.event().timestamp())
            .thenComparingInt(Entry::rank)
            .thenComparingLong(Entry::order));
    return entries.stream().limit(limit).map(Entry::event).toList();
  }

  private static WorkflowEvent derived(
      RunRecord run, long id, String type, Integer step, Map<String, Object> data, Instant at) {
    return new WorkflowEvent(id, run.runId(), type, step, data, at);
  }
}
