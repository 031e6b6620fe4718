package io.tinyworkflow.testing;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import java.time.Duration;

/** The wait benchmark's workflows. */
public final class BenchWaitWorkflows {

  private BenchWaitWorkflows() {}

  /** Waits for one approval without a timeout, and returns the decision. */
  @Workflow(name = "bench_approval")
  public static class BenchApproval implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return ctx.waitForApproval("bench", null);
    }
  }

  /** Sleeps for "sleep_ms". */
  @Workflow(name = "bench_sleep")
  public static class BenchSleep implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      ctx.sleep(Duration.ofMillis(((Number) ctx.getInput("sleep_ms", 0)).longValue()));
      return "woke";
    }
  }
}
