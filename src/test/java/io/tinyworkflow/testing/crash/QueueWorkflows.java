package io.tinyworkflow.testing.crash;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Queue;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Workflows in queues with limits, for the tests with two servers: each run's one step says when it
 * ran, by the machine's clock that both servers share.
 */
@ApplicationScoped
public class QueueWorkflows {

  /**
   * Sleeps, and says when it began and ended.
   *
   * @param millis how long
   * @return {@code start} and {@code end}, epoch milliseconds
   * @throws InterruptedException when stopped
   */
  @Activity(name = "timed_step")
  public Map<String, Long> timedStep(long millis) throws InterruptedException {
    long start = System.currentTimeMillis();
    Thread.sleep(millis);
    return Map.of("start", start, "end", System.currentTimeMillis());
  }

  /** At most five at once across the servers, declared on the workflow. */
  @Workflow(name = "capped_probe", queue = @Queue(name = "capped", concurrency = 5))
  public static class CappedProbe implements WorkflowDefinition {
    @Inject QueueWorkflows steps;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return steps.timedStep(((Number) ctx.getInput("millis", 100)).longValue());
    }
  }

  /**
   * In the queue {@code rated}, whose rate (10 per second) the servers' configuration sets: {@code
   * TINYWORKFLOW_QUEUE_RATED_STARTS_PER_SECOND}.
   */
  @Workflow(name = "rated_probe", queue = @Queue(name = "rated"))
  public static class RatedProbe implements WorkflowDefinition {
    @Inject QueueWorkflows steps;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return steps.timedStep(0);
    }
  }
}
