package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.persistence.EventRecord;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.WaitStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's steps, from its journal (recorded outcomes), its failed-attempt events (steps whose next
 * attempt is due) and its open waits.
 */
final class StepHistory {

  /**
   * What the history is made of.
   *
   * @param runAttempt the run's current attempt (its retry count)
   * @param journal the recorded steps
   * @param failedAttempts the run's {@code activity_attempt_failed} events, oldest first
   * @param openWaits the run's open waits
   */
  record Rows(
      int runAttempt,
      List<JournalEntry> journal,
      List<EventRecord> failedAttempts,
      List<WaitStore.Wait> openWaits) {}

  private StepHistory() {}

  static List<WorkflowStep> of(Rows rows, JsonCodec json) {
    Map<Integer, WorkflowStep> steps = new TreeMap<>(); // by step number
    Map<Integer, Integer> recordedInAttempt = new HashMap<>();
    for (JournalEntry s : rows.journal()) {
      recordedInAttempt.put(s.stepNumber(), s.runAttempt());
      steps.put(
          s.stepNumber(),
          new WorkflowStep(
              s.stepNumber(),
              s.stepName(),
              s.stepKind(),
              s.status(),
              s.attempts(),
              s.startedAt(),
              s.completedAt(),
              s.error() == null ? null : message(json.readObject(s.error())),
              null));
    }
    // The failed attempts of this run attempt at steps it has not recorded: a step that an
    // earlier run attempt recorded as failed may be retrying again.
    Map<Integer, List<Failure>> retrying = new LinkedHashMap<>();
    for (EventRecord e : rows.failedAttempts()) {
      Integer step = e.stepNumber();
      Map<String, Object> data = json.readObject(e.data());
      boolean thisRunAttempt =
          data.get("run_attempt") instanceof Number n && n.intValue() == rows.runAttempt();
      if (step != null
          && thisRunAttempt
          && recordedInAttempt.getOrDefault(step, -1) < rows.runAttempt()) {
        retrying.computeIfAbsent(step, k -> new ArrayList<>()).add(new Failure(e, data));
      }
    }
    retrying.forEach(
        (step, failures) -> {
          Map<String, Object> last = failures.get(failures.size() - 1).data();
          steps.put(
              step,
              new WorkflowStep(
                  step,
                  String.valueOf(last.get("activity")),
                  "activity",
                  "retrying",
                  failures.size(),
                  failures.get(0).event().createdAt(),
                  null,
                  last.get("error") == null ? null : String.valueOf(last.get("error")),
                  null));
        });
    for (WaitStore.Wait w : rows.openWaits()) {
      steps.putIfAbsent(
          w.step(),
          new WorkflowStep(
              w.step(), w.key(), w.kind(), "waiting", 1, w.createdAt(), null, null, w.deadline()));
    }
    return List.copyOf(steps.values());
  }

  /** A failed-attempt event with its data, read once. */
  private record Failure(EventRecord event, Map<String, Object> data) {}

  private static String message(Map<String, Object> error) {
    Object message = error.get("message");
    Object type = error.get("type");
    if (message == null) {
      return type == null ? null : String.valueOf(type);
    }
    return type == null ? String.valueOf(message) : type + ": " + message;
  }
}
