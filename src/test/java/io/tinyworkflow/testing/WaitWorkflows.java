package io.tinyworkflow.testing;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import io.tinyworkflow.api.failure.ChildWorkflowFailedException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.WaitTimeoutException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workflows of the wait tests; each takes a unique "key" input to count its executions. */
public final class WaitWorkflows {

  private WaitWorkflows() {}

  /**
   * One step, then an approval (timeout from the input, in ms; none when absent), then one step
   * more when approved. A timeout is caught and reported.
   */
  @Workflow(name = "needs_approval")
  public static class NeedsApproval implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      Number timeoutMs = (Number) ctx.getInput("timeout_ms", (Object) null);
      activities.step(key, "before");
      boolean approved;
      try {
        approved =
            ctx.waitForApproval(
                "manager_approval_" + key,
                timeoutMs == null ? null : Duration.ofMillis(timeoutMs.longValue()));
      } catch (WaitTimeoutException e) {
        return Map.of("status", "timed_out", "message", e.getMessage());
      }
      if (!approved) {
        return Map.of("status", "rejected");
      }
      return Map.of("status", "approved", "after", activities.step(key, "after"));
    }
  }

  /**
   * An approval that times out after "timeout_ms" on the first run attempt; the workflow retries
   * once, and its second attempt waits for the approval again (for a minute).
   */
  @Workflow(
      name = "approval_retried_after_timeout",
      retry = @io.tinyworkflow.api.Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class ApprovalRetriedAfterTimeout implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      activities.step(key, "before");
      try {
        boolean approved = ctx.waitForApproval("go", Duration.ofMillis(300));
        return approved ? "approved" : "rejected";
      } catch (WaitTimeoutException e) {
        throw new IllegalStateException("nobody decided in time: " + e.getMessage());
      }
    }
  }

  /**
   * A step, then a child that fails the first time it runs for this key ("child_fails_once"); the
   * child's failure fails this run's attempt, and the retried attempt starts a new child.
   */
  @Workflow(
      name = "child_retried_after_failure",
      retry = @io.tinyworkflow.api.Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class ChildRetriedAfterFailure implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      activities.step(key, "before");
      String childRunId = ctx.startChildWorkflow("child_fails_once", Map.of("key", key));
      try {
        return Map.of(
            "child_run_id",
            childRunId,
            "output",
            ctx.awaitChildWorkflow(childRunId, String.class, Duration.ofMinutes(1)));
      } catch (ChildWorkflowFailedException e) {
        throw new IllegalStateException("the child failed: " + e.getMessage());
      }
    }
  }

  /** Fails the first time it runs for a key, completes the second time. */
  @Workflow(name = "child_fails_once")
  public static class ChildFailsOnce implements WorkflowDefinition {
    @Inject Counters counters;

    @Override
    public Object run(WorkflowContext ctx) {
      String key = ctx.getInput("key", String.class);
      if (counters.increment(key + ":child_fails_once") == 1) {
        throw new IllegalStateException("the first child gives up");
      }
      return "second child done";
    }
  }

  /** Waits for an approval, then says who started the run, as the replay after it sees it. */
  @Workflow(name = "who_started")
  public static class WhoStarted implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      ctx.waitForApproval("go", Duration.ofMinutes(5));
      return ctx.startedBy();
    }
  }

  /** An approval only the role "finance" (or the admin) may decide; says how it was decided. */
  @Workflow(name = "finance_approval")
  public static class FinanceApproval implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return ctx.waitForApproval("spend", Duration.ofMinutes(5), "finance")
          ? "approved"
          : "rejected";
    }
  }

  /** Two approvals in a row, so that a decision must name its key. */
  @Workflow(name = "two_approvals")
  public static class TwoApprovals implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      boolean first = ctx.waitForApproval("first", null);
      boolean second = ctx.waitForApproval("second", null);
      return List.of(first, second);
    }
  }

  /** Sleeps for "sleep_ms" between two steps. */
  @Workflow(name = "sleeps")
  public static class Sleeps implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      activities.step(key, "before");
      ctx.sleep(Duration.ofMillis(ctx.getInput("sleep_ms", Number.class).longValue()));
      return activities.step(key, "after");
    }
  }

  /** Receives "count" signals named "item", then returns their payloads in order. */
  @Workflow(name = "collects_signals")
  public static class CollectsSignals implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      int count = ctx.getInput("count", Integer.class);
      activities.step(key, "before");
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        items.add(ctx.awaitSignal("item", Map.class, Duration.ofSeconds(60)));
      }
      return items;
    }
  }

  /** Waits for a signal that never comes, for 300 ms. */
  @Workflow(name = "signal_times_out")
  public static class SignalTimesOut implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      try {
        return ctx.awaitSignal("never", String.class, Duration.ofMillis(300));
      } catch (WaitTimeoutException e) {
        return "timed out: " + e.key();
      }
    }
  }

  /** Waits "timeout_ms" for the signal "go", and says what came: the signal or the timeout. */
  @Workflow(name = "signal_or_timeout")
  public static class SignalOrTimeout implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      long timeoutMs = ((Number) ctx.getInput("timeout_ms", 300)).longValue();
      try {
        return "got " + ctx.awaitSignal("go", String.class, Duration.ofMillis(timeoutMs));
      } catch (WaitTimeoutException e) {
        return "timed out";
      }
    }
  }

  /** Publishes its progress around a step, then waits for a signal to finish. */
  @Workflow(name = "publishes_progress")
  public static class PublishesProgress implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      ctx.publish("progress", 0);
      String done = activities.step(key, "work");
      Map<String, Object> partial = new LinkedHashMap<>();
      partial.put("work", done);
      ctx.publish("progress", 50);
      ctx.publish("partial", partial);
      ctx.awaitSignal("finish", String.class, null);
      ctx.publish("progress", 100);
      return "finished";
    }
  }

  /**
   * A step, then the child workflow "child" (default child_step) with this run's key, awaited
   * ("child_timeout_ms" at most); a step after it. A child that failed, was cancelled or did not
   * end in time is reported.
   */
  @Workflow(name = "parent_of_child")
  public static class ParentOfChild implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      activities.step(key, "parent-before");
      String childRunId =
          ctx.startChildWorkflow((String) ctx.getInput("child", "child_step"), Map.of("key", key));
      Number timeoutMs = (Number) ctx.getInput("child_timeout_ms", (Object) null);
      Object result;
      try {
        result =
            ctx.awaitChildWorkflow(
                childRunId,
                Object.class,
                timeoutMs == null ? null : Duration.ofMillis(timeoutMs.longValue()));
      } catch (ChildWorkflowFailedException e) {
        return Map.of(
            "status", "child_" + e.childStatus(),
            "child_run_id", e.childRunId(),
            "message", e.getMessage());
      } catch (WaitTimeoutException e) {
        return Map.of("status", "timed_out", "child_run_id", childRunId, "message", e.getMessage());
      }
      return Map.of(
          "child_run_id",
          childRunId,
          "result",
          result,
          "after",
          activities.step(key, "parent-after"));
    }
  }

  /** One step, as a child. */
  @Workflow(name = "child_step")
  public static class ChildStep implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return activities.step(ctx.getInput("key", String.class), "child");
    }
  }

  /** Fails at once, without retries. */
  @Workflow(name = "child_fails")
  public static class ChildFails implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      throw new IllegalStateException("the child gives up");
    }
  }

  /** Waits for an approval nobody gives, past its 1 s workflow deadline: it fails while paused. */
  @Workflow(name = "waits_past_its_deadline", timeoutSeconds = 1)
  public static class WaitsPastItsDeadline implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return ctx.waitForApproval("never_decided", null);
    }
  }

  /** Awaits a run it did not start ("run" in the input) as if it were its child. */
  @Workflow(name = "awaits_a_stranger")
  public static class AwaitsAStranger implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      try {
        return ctx.awaitChildWorkflow(ctx.getInput("run", String.class), Object.class, null);
      } catch (InvalidInputException e) {
        return e.getMessage();
      }
    }
  }
}
