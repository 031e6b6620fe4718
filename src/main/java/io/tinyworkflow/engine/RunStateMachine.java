package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed status changes. Every change of a run's status goes through {@link
 * #check}; terminal statuses allow none.
 */
final class RunStateMachine {

  private static final Map<WorkflowStatus, Set<WorkflowStatus>> ALLOWED =
      new EnumMap<>(WorkflowStatus.class);

  static {
    ALLOWED.put(
        WorkflowStatus.PENDING,
        EnumSet.of(WorkflowStatus.RUNNING, WorkflowStatus.CANCELLED, WorkflowStatus.FAILED));
    ALLOWED.put(
        WorkflowStatus.RUNNING,
        EnumSet.of(
            WorkflowStatus.RUNNING, // claimed again after its server died
            WorkflowStatus.PAUSED,
            WorkflowStatus.RETRYING,
            WorkflowStatus.COMPLETED,
            WorkflowStatus.FAILED,
            WorkflowStatus.CANCELLED));
    ALLOWED.put(
        WorkflowStatus.RETRYING,
        EnumSet.of(WorkflowStatus.RUNNING, WorkflowStatus.CANCELLED, WorkflowStatus.FAILED));
    ALLOWED.put(
        WorkflowStatus.PAUSED,
        EnumSet.of(WorkflowStatus.RUNNING, WorkflowStatus.CANCELLED, WorkflowStatus.FAILED));
    ALLOWED.put(WorkflowStatus.COMPLETED, EnumSet.noneOf(WorkflowStatus.class));
    ALLOWED.put(WorkflowStatus.FAILED, EnumSet.noneOf(WorkflowStatus.class));
    ALLOWED.put(WorkflowStatus.CANCELLED, EnumSet.noneOf(WorkflowStatus.class));
  }

  /** The table read the other way, once: the statuses each status may be reached from. */
  private static final Map<WorkflowStatus, List<WorkflowStatus>> SOURCES =
      new EnumMap<>(WorkflowStatus.class);

  static {
    for (WorkflowStatus to : WorkflowStatus.values()) {
      SOURCES.put(
          to,
          ALLOWED.entrySet().stream()
              .filter(e -> e.getValue().contains(to))
              .map(Map.Entry::getKey)
              .toList());
    }
  }

  private RunStateMachine() {}

  /**
   * Tells whether a change is allowed.
   *
   * @param from the current status
   * @param to the new status
   * @return {@code true} when allowed
   */
  static boolean allows(WorkflowStatus from, WorkflowStatus to) {
    return ALLOWED.get(from).contains(to);
  }

  /**
   * Lists the statuses from which a run may change to a status.
   *
   * @param to the new status
   * @return the statuses that allow the change
   */
  static List<WorkflowStatus> sourcesOf(WorkflowStatus to) {
    return SOURCES.get(to);
  }

  /**
   * Checks a change.
   *
   * @param runId the run, for the message
   * @param from the current status
   * @param to the new status
   * @throws IllegalRunStateException when the change is not allowed
   */
  static void check(String runId, WorkflowStatus from, WorkflowStatus to) {
    if (!allows(from, to)) {
      throw new IllegalRunStateException(
          "Run "
              + runId
              + " is "
              + from.wireName()
              + (from.isTerminal() ? ", which is final," : "")
              + " and cannot become "
              + to.wireName());
    }
  }
}
