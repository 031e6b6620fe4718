package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.NonDeterminismException;
import io.tinyworkflow.persistence.JournalEntry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code WorkflowContext.getVersion}: the version of each change a run took, recorded as a marker
 * in its journal. Markers take negative step numbers, outside the body's numbering, so that adding
 * or removing a call renumbers no step; they are found by their change id.
 */
final class Versions {

  static final String KIND = "version";

  private final Execution execution;
  private final ExecutionServices services;
  private final Map<String, Integer> decided = new ConcurrentHashMap<>();

  Versions(Execution execution, ExecutionServices services) {
    this.execution = execution;
    this.services = services;
  }

  int get(String changeId, int minSupported, int maxSupported) {
    Names.require("A change id", changeId);
    if (minSupported < WorkflowContext.DEFAULT_VERSION || minSupported > maxSupported) {
      throw new InvalidInputException(
          "getVersion('"
              + changeId
              + "'): the supported versions "
              + minSupported
              + " to "
              + maxSupported
              + " are no range of DEFAULT_VERSION (-1) or more");
    }
    RunFrames.Frame frame = services.frames().current();
    if (frame == null || frame.inActivity || frame.reservedStep >= 0) {
      throw new IllegalStateException("getVersion is called from the workflow body only");
    }
    execution.liveness().checkLive();
    Integer version = decided.get(changeId);
    if (version == null) {
      version = recordedOrNew(changeId, maxSupported);
      decided.put(changeId, version);
    }
    if (version < minSupported || version > maxSupported) {
      throw execution
          .liveness()
          .unwind(
              new NonDeterminismException(
                  "The run "
                      + (version == WorkflowContext.DEFAULT_VERSION
                          ? "passed the change '"
                              + changeId
                              + "' before the code had it (version -1, DEFAULT_VERSION)"
                          : "took version " + version + " of the change '" + changeId + "'")
                      + ", but this code supports versions "
                      + minSupported
                      + " to "
                      + maxSupported));
    }
    return version;
  }

  private int recordedOrNew(String changeId, int maxSupported) {
    int lowest = 0;
    for (JournalEntry step : execution.journalSteps()) {
      if (KIND.equals(step.stepKind()) && changeId.equals(step.stepName())) {
        return Integer.parseInt(step.output());
      }
      lowest = Math.min(lowest, step.stepNumber());
    }
    boolean passed = execution.passedStep(execution.peekNextStep());
    if (!passed) {
      execution.checkMayRun(execution.peekNextStep());
    }
    int version = passed ? WorkflowContext.DEFAULT_VERSION : maxSupported;
    java.time.Instant now = services.clock().instant();
    JournalEntry marker =
        execution
            .newStep(lowest - 1, KIND, changeId, JournalEntry.COMPLETED, 1, now)
            .withOutput(String.valueOf(version));
    execution.recordOrAbort(
        marker, () -> services.journal().appendFenced(marker, services.settings().serverId()));
    return version;
  }
}
