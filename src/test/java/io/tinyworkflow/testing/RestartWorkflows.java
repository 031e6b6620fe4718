package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Workflows of the restart tests; each takes a unique "key" input to count its executions. */
public final class RestartWorkflows {

  private RestartWorkflows() {}

  /** The restart tests' activities. */
  @ApplicationScoped
  public static class RestartActivities {
    @Inject Counters counters;

    /**
     * Fails for good unless {@code ok}.
     *
     * @param key the run's key
     * @param ok whether it succeeds
     * @return {@code "charged"}
     */
    @Activity(name = "charge_or_fail", retry = @Retry(maxRetries = 0))
    public String charge(String key, boolean ok) {
      counters.increment(key + ":charge");
      if (!ok) {
        throw new IllegalStateException("the card is declined");
      }
      return "charged";
    }

    /**
     * Fails its first attempt, then waits a minute before the next.
     *
     * @param key the run's key
     * @return {@code "answered"}
     */
    @Activity(
        name = "fails_then_waits_a_minute",
        retry = @Retry(maxRetries = 2, initialDelay = 60, jitter = false))
    public String failsThenWaits(String key) {
      if (counters.increment(key + ":slow_retry") == 1) {
        throw new IllegalStateException("not yet");
      }
      return "answered";
    }
  }

  /**
   * Publishes "stage", runs step "one", publishes again, then charges: the charge fails unless the
   * input says {@code "ok": true}.
   */
  @Workflow(name = "restartable")
  public static class Restartable implements WorkflowDefinition {
    @Inject TestActivities activities;
    @Inject RestartActivities restart;

    @Override
    public Object run(WorkflowContext ctx) {
      String key = ctx.getInput("key", String.class);
      ctx.publish("stage", "started"); // step 1
      String one = activities.step(key, "one"); // step 2
      ctx.publish("stage", "one_done"); // step 3
      String charge = restart.charge(key, Boolean.TRUE.equals(ctx.getInput("ok", false))); // 4
      return Map.of("one", one, "charge", charge);
    }
  }

  /** One activity whose second attempt comes a minute after its first fails. */
  @Workflow(name = "slow_retry")
  public static class SlowRetry implements WorkflowDefinition {
    @Inject RestartActivities restart;

    @Override
    public Object run(WorkflowContext ctx) {
      return restart.failsThenWaits(ctx.getInput("key", String.class));
    }
  }
}
