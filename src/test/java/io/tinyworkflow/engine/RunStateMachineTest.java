package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of status changes, without a server. */
class RunStateMachineTest {

  private static final List<WorkflowStatus> ACTIVE =
      Arrays.stream(WorkflowStatus.values()).filter(s -> !s.isTerminal()).toList();

  @Test
  void aRunThatEndedChangesNoMore() {
    for (WorkflowStatus from : WorkflowStatus.values()) {
      for (WorkflowStatus to : WorkflowStatus.values()) {
        if (from.isTerminal()) {
          assertTrue(!RunStateMachine.allows(from, to), from + " -> " + to);
        }
      }
    }
  }

  @Test
  void everyActiveRunMayBeCancelledOrFailAndRunAgain() {
    for (WorkflowStatus from : ACTIVE) {
      assertTrue(RunStateMachine.allows(from, WorkflowStatus.CANCELLED), from + " -> cancelled");
      assertTrue(RunStateMachine.allows(from, WorkflowStatus.FAILED), from + " -> failed");
      assertTrue(RunStateMachine.allows(from, WorkflowStatus.RUNNING), from + " -> running");
    }
    assertEquals(ACTIVE, RunStateMachine.sourcesOf(WorkflowStatus.CANCELLED));
    assertEquals(ACTIVE, RunStateMachine.sourcesOf(WorkflowStatus.FAILED));
    assertEquals(ACTIVE, RunStateMachine.sourcesOf(WorkflowStatus.RUNNING));
  }

  @Test
  void onlyARunningRunPausesRetriesOrCompletes() {
    for (WorkflowStatus to :
        List.of(WorkflowStatus.PAUSED, WorkflowStatus.RETRYING, WorkflowStatus.COMPLETED)) {
      assertEquals(List.of(WorkflowStatus.RUNNING), RunStateMachine.sourcesOf(to), "to " + to);
    }
    assertEquals(List.of(), RunStateMachine.sourcesOf(WorkflowStatus.PENDING));
  }

  @Test
  void aRefusedChangeNamesTheRunAndBothStatuses() {
    IllegalRunStateException refused =
        assertThrows(
            IllegalRunStateException.class,
            () -> RunStateMachine.check("run-1", WorkflowStatus.COMPLETED, WorkflowStatus.RUNNING));
    assertTrue(refused.getMessage().contains("run-1"), refused.getMessage());
    assertTrue(refused.getMessage().contains("completed"), refused.getMessage());
    assertTrue(refused.getMessage().contains("running"), refused.getMessage());
  }
}
