package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The benchmark's workflow: three no-op activities in sequence. */
@Workflow(name = "bench_noop")
public class BenchWorkflow implements WorkflowDefinition {

  @Inject Steps steps;

  @Override
  public Object run(WorkflowContext ctx) {
    int n = ((Number) ctx.getInput("n", 0)).intValue();
    return steps.noop(steps.noop(steps.noop(n)));
  }

  /** The no-op activity. */
  @ApplicationScoped
  public static class Steps {
    @Activity(name = "bench_noop_step", retry = @Retry(maxRetries = 0))
    public int noop(int n) {
      return n;
    }
  }
}
