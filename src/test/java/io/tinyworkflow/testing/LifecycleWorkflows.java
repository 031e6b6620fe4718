package io.tinyworkflow.testing;

import io.tinyworkflow.api.RunCompleted;
import io.tinyworkflow.api.RunEvent;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A workflow whose lifecycle events the tests observe, and the observers. */
public final class LifecycleWorkflows {

  private LifecycleWorkflows() {}

  /**
   * One step, then the input's "then": {@code complete} (the default), {@code fail} (a step that
   * fails for good) or {@code approval} (waits for the approval {@code observed_<key>}).
   */
  @Workflow(name = "observed_run")
  public static class ObservedRun implements WorkflowDefinition {
    @Inject TestActivities activities;
    @Inject RestartWorkflows.RestartActivities failing;

    @Override
    public Object run(WorkflowContext ctx) {
      String key = ctx.getInput("key", String.class);
      activities.step(key, "one");
      switch (String.valueOf(ctx.getInput("then", "complete"))) {
        case "fail" -> failing.charge(key, false);
        case "approval" -> ctx.waitForApproval("observed_" + key, null);
        default -> {}
      }
      return Map.of("key", key);
    }
  }

  /** Records the events of {@code observed_run} runs, by run, as the observers saw them. */
  @ApplicationScoped
  public static class Observed {
    private final Map<String, List<RunEvent>> all = new ConcurrentHashMap<>();
    private final Map<String, List<RunEvent>> afterSuccess = new ConcurrentHashMap<>();

    void any(@Observes @Priority(1) RunEvent event) {
      if ("observed_run".equals(event.workflowName())) {
        all.computeIfAbsent(event.runId(), r -> new CopyOnWriteArrayList<>()).add(event);
      }
    }

    void completed(
        @Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(2) RunCompleted event) {
      if ("observed_run".equals(event.workflowName())) {
        afterSuccess.computeIfAbsent(event.runId(), r -> new CopyOnWriteArrayList<>()).add(event);
      }
    }

    /** An observer that fails, called before the others: they are called all the same. */
    void fails(@Observes @Priority(0) RunCompleted event) {
      if ("observed_run".equals(event.workflowName())) {
        throw new IllegalStateException("an observer fails");
      }
    }

    /**
     * The events a run's observers saw, oldest first.
     *
     * @param runId the run
     * @return its events
     */
    public List<RunEvent> of(String runId) {
      return List.copyOf(all.getOrDefault(runId, List.of()));
    }

    /**
     * The completions the {@code AFTER_SUCCESS} observer saw.
     *
     * @param runId the run
     * @return them
     */
    public List<RunEvent> afterSuccess(String runId) {
      return List.copyOf(afterSuccess.getOrDefault(runId, List.of()));
    }
  }
}
