package io.tinyworkflow.testing;

import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Workflows of the engine tests; each takes a unique "key" input to count its executions. */
public final class TestWorkflows {

  private TestWorkflows() {}

  /** Three steps; the third fails on its first execution, and the workflow retries once. */
  @Workflow(
      name = "third_step_fails_once",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class ThirdStepFailsOnce implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      activities.step(key, "one");
      activities.step(key, "two");
      return activities.failFirstTime(key, "three");
    }
  }

  /** One activity that fails for good, then retryably once the workflow is retried. */
  @Workflow(
      name = "retried_activity_in_retried_run",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class RetriedActivityInRetriedRun implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return activities.fatalThenFlaky(ctx.getInput("key", String.class));
    }
  }

  /**
   * One activity that fails for good, then, once the workflow is retried, fails retryably with its
   * next attempt a minute away.
   */
  @Workflow(
      name = "retrying_again_in_retried_run",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class RetryingAgainInRetriedRun implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return activities.fatalThenSlowRetry(ctx.getInput("key", String.class));
    }
  }

  /** Two steps, then the body throws on its first attempt; the workflow retries once. */
  @Workflow(
      name = "throws_after_two_steps",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class ThrowsAfterTwoSteps implements WorkflowDefinition {
    @Inject TestActivities activities;
    @Inject Counters counters;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      String one = activities.step(key, "one");
      String two = (String) ctx.executeActivity("step", key, "two");
      if (counters.increment(key + ":body-after-two") == 1) {
        throw new IllegalStateException("the body fails after step 2");
      }
      return Map.of("one", one, "two", two);
    }
  }

  /** Calls one activity given by the input, with the given argument count. */
  @Workflow(name = "call_activity")
  public static class CallActivity implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      @SuppressWarnings("unchecked")
      List<Object> args = (List<Object>) ctx.getInput("args", List.of());
      return ctx.executeActivity(ctx.getInput("activity", String.class), args.toArray());
    }
  }

  /** Step 2 calls another activity on the second attempt than on the first. */
  @Workflow(
      name = "changes_its_steps",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class ChangesItsSteps implements WorkflowDefinition {
    @Inject TestActivities activities;
    @Inject Counters counters;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      activities.step(key, "one");
      boolean first = counters.increment(key + ":attempt") == 1;
      if (first) {
        activities.step(key, "two");
        throw new IllegalStateException("retry me");
      }
      return activities.flaky(key, 0);
    }
  }

  /**
   * Three parallel branches that end in reverse order; "fail" in the input makes the first fail.
   */
  @Workflow(name = "fan_out")
  public static class FanOut implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      boolean fail = Boolean.TRUE.equals(ctx.getInput("fail", false));
      return ctx.executeParallel(
          () -> fail ? activities.fatal(key) : activities.sleep(key, "a", 1000),
          () -> activities.sleep(key, "b", 500),
          () -> activities.sleep(key, "c", 0));
    }
  }

  /** Records time and randomness, then fails its first attempt: replays must see the same. */
  @Workflow(
      name = "side_effects",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class SideEffects implements WorkflowDefinition {
    @Inject Counters counters;
    @Inject Observations observations;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      String time = ctx.now().toString();
      String uuid = ctx.randomUUID().toString();
      int lucky = ctx.sideEffect("lucky", Integer.class, () -> counters.increment(key + ":lucky"));
      observations.add(key + ":seen", time + " " + uuid + " " + lucky);
      if (counters.increment(key + ":attempt") == 1) {
        throw new IllegalStateException("retry me");
      }
      return Map.of("time", time, "uuid", uuid, "lucky", lucky);
    }
  }

  /** Three slow steps, to be cancelled or timed out while running. */
  @Workflow(name = "slow_steps")
  public static class SlowSteps implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      long millis = ((Number) ctx.getInput("millis", 1000)).longValue();
      activities.sleep(key, "one", millis);
      activities.sleep(key, "two", millis);
      return activities.sleep(key, "three", millis);
    }
  }

  /** Like {@link SlowSteps}, with a run timeout of one second. */
  @Workflow(name = "times_out", timeoutSeconds = 1)
  public static class TimesOut implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      activities.sleep(key, "one", 3000);
      return activities.sleep(key, "two", 10);
    }
  }

  /** Its one activity outlasts the run's timeout of one second and ignores interrupts. */
  @Workflow(name = "ends_past_its_deadline", timeoutSeconds = 1)
  public static class EndsPastItsDeadline implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return activities.busy(ctx.getInput("key", String.class), 1500);
    }
  }

  /** Two parallel branches that fail at once, with backoffs of 50 ms and 1.5 s. */
  @Workflow(name = "parallel_retries")
  public static class ParallelRetries implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      return ctx.executeParallel(
          () -> activities.failsTwiceFast(key), () -> activities.failsOnceSlow(key));
    }
  }

  /**
   * Returns its input; only the listing test runs it, so the newest of its runs are that test's.
   */
  @Workflow(name = "listed")
  public static class Listed implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return ctx.input();
    }
  }

  /** Returns its input; used by listing tests. */
  /** Notes, under its {@code key}, the name of the thread that executes it. */
  @Workflow(name = "notes_its_thread")
  public static class NotesItsThread implements WorkflowDefinition {
    @Inject Observations observations;

    @Override
    public Object run(WorkflowContext ctx) {
      String key = ctx.getInput("key", String.class);
      observations.add(key, Thread.currentThread().getName());
      return key;
    }
  }

  @Workflow(name = "echo", version = "2")
  public static class Echo implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return ctx.input();
    }
  }
}
