package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.persistence.EventEntity;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.StepEntity;
import io.tinyworkflow.persistence.WaitStore;
import java.util.ArrayList;
import java.util.Comparator;
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
      List<StepEntity> journal,
      List<EventEntity> failedAttempts,
      List<WaitStore.Wait> openWaits) {}

  private StepHistory() {}

  static List<WorkflowStep> of(Rows rows, JsonCodec json) {
    Map<Integer, WorkflowStep> steps = new TreeMap<>();
    for (StepEntity s : rows.journal()) {
      steps.put(
          s.getStepNumber(),
          new WorkflowStep(
              s.getStepNumber(),
              s.getStepName(),
              s.getStepKind(),
              s.getStatus(),
              s.getAttempts(),
              s.getStartedAt(),
              s.getCompletedAt(),
              s.getError() == null ? null : message(json.readObject(s.getError()))));
    }
    // Failed attempts of this run attempt at a step it has not recorded yet: a step recorded
    // (failed) by an earlier run attempt is being retried again.
    Map<Integer, List<EventEntity>> retrying = new LinkedHashMap<>();
    Map<Integer, StepEntity> recorded = new TreeMap<>();
    rows.journal().forEach(s -> recorded.put(s.getStepNumber(), s));
    for (EventEntity e : rows.failedAttempts()) {
      Integer step = e.getStepNumber();
      if (step == null || runAttempt(json, e) != rows.runAttempt()) {
        continue;
      }
      StepEntity journalled = recorded.get(step);
      if (journalled == null || journalled.getRunAttempt() < rows.runAttempt()) {
        retrying.computeIfAbsent(step, k -> new ArrayList<>()).add(e);
      }
    }
    retrying.forEach(
        (step, failures) -> {
          Map<String, Object> last = json.readObject(failures.get(failures.size() - 1).getData());
          steps.put(
              step,
              new WorkflowStep(
                  step,
                  String.valueOf(last.get("activity")),
                  "activity",
                  "retrying",
                  failures.size(),
                  failures.get(0).getCreatedAt(),
                  null,
                  last.get("error") == null ? null : String.valueOf(last.get("error"))));
        });
    for (WaitStore.Wait w : rows.openWaits()) {
      steps.putIfAbsent(
          w.step(),
          new WorkflowStep(w.step(), w.key(), w.kind(), "waiting", 1, w.createdAt(), null, null));
    }
    List<WorkflowStep> list = new ArrayList<>(steps.values());
    list.sort(Comparator.comparingInt(WorkflowStep::stepNumber));
    return list;
  }

  private static int runAttempt(JsonCodec json, EventEntity failedAttempt) {
    Object attempt = json.readObject(failedAttempt.getData()).get("run_attempt");
    return attempt instanceof Number n ? n.intValue() : -1;
  }

  private static String message(Map<String, Object> error) {
    Object message = error.get("message");
    Object type = error.get("type");
    if (message == null) {
      return type == null ? null : String.valueOf(type);
    }
    return type == null ? String.valueOf(message) : type + ": " + message;
  }
}
