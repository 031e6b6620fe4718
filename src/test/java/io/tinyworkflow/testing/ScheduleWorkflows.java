package io.tinyworkflow.testing;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;

/** Workflows of the schedule tests. */
public final class ScheduleWorkflows {

  private ScheduleWorkflows() {}

  /** Returns its input at once. */
  @Workflow(name = "scheduled_task")
  public static class ScheduledTask implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return ctx.input();
    }
  }

  /** Waits for an approval: it stays active until someone decides. */
  @Workflow(name = "scheduled_waits")
  public static class ScheduledWaits implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return ctx.waitForApproval("go_on", null);
    }
  }
}
