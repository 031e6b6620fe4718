package io.tinyworkflow.testing;

import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import io.tinyworkflow.api.failure.ActivityFailedException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workflows written the way users write them: cleanup in {@code finally}, catches that go on, loops
 * over earlier results, results of every shape. Each takes a unique "key" input.
 */
public final class ReplayWorkflows {

  private ReplayWorkflows() {}

  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /**
   * Every shape of result and of control flow, then the values it saw. "mode" is {@code straight},
   * {@code approvals} (an approval after every step, so that each resume replays all before it) or
   * {@code retry} (the body fails once at its end, so the retry replays everything).
   */
  @Workflow(
      name = "replay_workout",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class ReplayWorkout implements WorkflowDefinition {
    @Inject ReplayActivities activities;
    @Inject TestActivities testActivities;
    @Inject Counters counters;
    @Inject Observations observations;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      String mode = ctx.getInput("mode", String.class);
      List<String> seen = new ArrayList<>();
      int[] pauses = {0};
      Runnable pause =
          () -> {
            if ("approvals".equals(mode)) {
              ctx.waitForApproval("after_" + ++pauses[0], FIVE_MINUTES);
            }
          };
      seen.add(Observations.describe("record", activities.point(key)));
      pause.run();
      seen.add(Observations.describe("generic", activities.generic(key)));
      pause.run();
      activities.nothing(key);
      pause.run();
      seen.add(Observations.describe("null", activities.nullResult(key)));
      pause.run();
      int total = 0;
      for (int i = 1; i <= 3; i++) {
        total = activities.add(key, total, i); // each call depends on the one before
        pause.run();
      }
      seen.add(Observations.describe("total", total));
      List<Object> branches =
          ctx.executeParallel(() -> 42, () -> activities.add(key, 100, 0), () -> List.of(1, "a"));
      seen.add(Observations.describe("branches", branches));
      pause.run();
      seen.add(
          Observations.describe(
              "side_effect",
              ctx.sideEffect(
                  "answer", Integer.class, () -> counters.increment(key + ":answer") * 42)));
      pause.run();
      try {
        testActivities.fatal(key);
        seen.add("caught=nothing");
      } catch (ActivityFailedException e) {
        seen.add(Observations.describe("caught", e.getMessage()));
      }
      try {
        pause.run();
        seen.add(Observations.describe("in_try", activities.point(key + ":try")));
      } finally {
        activities.cleanup(key);
      }
      if ("retry".equals(mode) && counters.increment(key + ":body_end") == 1) {
        throw new IllegalStateException("the first attempt fails at its end");
      }
      observations.put(key, seen);
      return seen;
    }
  }

  /**
   * Cleanup in a {@code finally} block around a wait or a retried activity. "mode" is {@code
   * approval} (an approval in the {@code try}), {@code retry} (an activity in the {@code try} fails
   * once and is retried) or {@code failing_cleanup} (an approval, and a cleanup that fails).
   */
  @Workflow(name = "cleanup_in_finally")
  public static class CleanupInFinally implements WorkflowDefinition {
    @Inject ReplayActivities activities;
    @Inject TestActivities testActivities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      String mode = ctx.getInput("mode", String.class);
      try {
        if ("retry".equals(mode)) {
          testActivities.flaky(key, 1);
        } else {
          ctx.waitForApproval("go", FIVE_MINUTES);
        }
        return testActivities.step(key, "body");
      } finally {
        if ("failing_cleanup".equals(mode)) {
          activities.failingCleanup(key);
        } else {
          activities.cleanup(key);
        }
      }
    }
  }

  /**
   * Swallows what unwinds it: catches {@code Throwable} around an approval, then either returns at
   * once ("mode" {@code return}) or makes another durable call ({@code call}).
   */
  @Workflow(name = "swallows_unwinding")
  public static class SwallowsUnwinding implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      boolean approved;
      try {
        approved = ctx.waitForApproval("go", FIVE_MINUTES);
      } catch (Throwable t) {
        if ("return".equals(ctx.getInput("mode", String.class))) {
          return "swallowed";
        }
        approved = false;
      }
      return activities.step(key, approved ? "approved" : "swallowed");
    }
  }

  /**
   * Changes its path between run attempts; the second attempt's mismatch is caught by {@code catch
   * (Exception)}. "mode" is {@code other_call} (step 2 calls another activity), {@code ends_early}
   * (the second attempt returns after step 1), {@code branch_gains_a_call} (a parallel branch that
   * made no durable call makes one) or {@code branches_swap} (two branches call one activity with
   * their arguments swapped).
   */
  @Workflow(
      name = "changes_its_path",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class ChangesItsPath implements WorkflowDefinition {
    @Inject TestActivities activities;
    @Inject Counters counters;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      String mode = ctx.getInput("mode", String.class);
      boolean first = counters.increment(key + ":attempt") == 1;
      if ("branch_gains_a_call".equals(mode) || "branches_swap".equals(mode)) {
        try {
          if ("branches_swap".equals(mode)) {
            String a = first ? "a" : "b";
            String b = first ? "b" : "a";
            ctx.executeParallel(() -> activities.step(key, a), () -> activities.step(key, b));
          } else {
            ctx.executeParallel(first ? () -> "plain" : () -> activities.step(key, "branch"));
          }
        } catch (Exception e) {
          return "recovered";
        }
        if (first) {
          throw new IllegalStateException("retry me");
        }
        return "done";
      }
      activities.step(key, "one");
      if (first) {
        activities.step(key, "two");
        throw new IllegalStateException("retry me");
      }
      if ("ends_early".equals(mode)) {
        return "ended early";
      }
      try {
        return activities.flaky(key, 0);
      } catch (Exception e) {
        return "recovered";
      }
    }
  }

  /** Returns a result of the activity named by "activity" (one JSON cannot store). */
  @Workflow(name = "unstorable_result")
  public static class UnstorableResult implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      Object result =
          ctx.executeActivity(
              ctx.getInput("activity", String.class), ctx.getInput("key", String.class));
      return Map.of("result", String.valueOf(result));
    }
  }
}
