package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Workflows of the saga tests; each takes a unique "key" input, and counts what ran in {@link
 * Counters} as {@code key:what}, and the order compensations ran in as {@code key:order:what}.
 */
public final class SagaWorkflows {

  private SagaWorkflows() {}

  /** The saga tests' activities. */
  @ApplicationScoped
  public static class SagaActivities {
    @Inject Counters counters;

    /**
     * Does some work, undone by {@code saga_undo_work} with the same arguments.
     *
     * @param key the run's key
     * @param what the work's name
     * @return what it did
     */
    @Activity(name = "saga_work", compensation = "saga_undo_work")
    public String work(String key, String what) {
      counters.increment(key + ":" + what);
      return what + "-done";
    }

    /**
     * Undoes {@link #work}; fails for good for work named {@code unrefundable}.
     *
     * @param key the run's key
     * @param what the work's name
     */
    @Activity(
        name = "saga_undo_work",
        retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
    public void undoWork(String key, String what) {
      counters.increment(key + ":undo:" + what);
      if ("unrefundable".equals(what)) {
        throw new IllegalStateException("cannot undo " + what);
      }
      counters.increment(key + ":order:" + counters.increment(key + ":undone") + ":" + what);
    }

    /**
     * Undoes some work; its first attempt fails.
     *
     * @param key the run's key
     * @param what the work's name
     */
    public void undoFlaky(String key, String what) {
      if (counters.increment(key + ":undo:" + what) == 1) {
        throw new IllegalStateException("the first attempt fails");
      }
      counters.increment(key + ":order:" + counters.increment(key + ":undone") + ":" + what);
    }

    /**
     * Fails, without retries.
     *
     * @param key the run's key
     * @return never
     */
    @Activity(name = "saga_fail", retry = @Retry(maxRetries = 0))
    public String fail(String key) {
      counters.increment(key + ":fail");
      throw new IllegalStateException("the last step fails");
    }

    /**
     * Waits until interrupted, or 30 s.
     *
     * @param key the run's key
     * @return never, unless 30 s passed
     * @throws InterruptedException when interrupted, as a cancel does
     */
    @Activity(name = "saga_slow", retry = @Retry(maxRetries = 0))
    public String slow(String key) throws InterruptedException {
      counters.increment(key + ":slow");
      Thread.sleep(30_000);
      return "slept";
    }
  }

  /**
   * Work named by the input's "works" (a list), each undone by its activity's compensation, one
   * more compensation registered by {@code onFailure} after them ("flaky", which fails once), then
   * the input's "then": {@code fail} (the default), {@code catch} (the failure is caught and the
   * run completes), {@code slow} (waits to be cancelled), {@code approval} (waits for one).
   */
  @Workflow(
      name = "saga_steps",
      retry = @Retry(maxRetries = 1, initialDelay = 0.05, jitter = false))
  public static class SagaSteps implements WorkflowDefinition {
    @Inject SagaActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      for (Object what : (Iterable<?>) ctx.getInput("works", java.util.List.of("a", "b"))) {
        activities.work(key, String.valueOf(what));
      }
      ctx.onFailure("undo_flaky", () -> activities.undoFlaky(key, "flaky"));
      String then = String.valueOf(ctx.getInput("then", "fail"));
      switch (then) {
        case "catch" -> {
          try {
            activities.fail(key);
          } catch (Exception e) {
            return Map.of("caught", e.getMessage());
          }
        }
        case "slow" -> activities.slow(key);
        case "approval" -> ctx.waitForApproval("saga_" + key, null);
        default -> activities.fail(key);
      }
      return Map.of("status", "done");
    }
  }
}
