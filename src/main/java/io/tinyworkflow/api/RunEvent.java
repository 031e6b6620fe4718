package io.tinyworkflow.api;

/**
 * A change in a run's life, fired as a CDI event once the change is committed. Observe one kind, or
 * all of them:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Notifications {
 *   void completed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunCompleted run) {
 *     mail.send("Run " + run.runId() + " of " + run.workflowName() + " completed");
 *   }
 *
 *   void any(@Observes RunEvent event) { metrics.count(event.status()); }
 * }
 * }</pre>
 *
 * <p>Events are fired after the change is committed, outside any transaction, on the thread that
 * made it (so {@code during = AFTER_SUCCESS} observers are called at once). Observers are called in
 * the order of their {@code @Priority}; one that throws is logged, the others are still called, and
 * the run is never changed; {@code @ObservesAsync} observers are called on another thread; an
 * observer that takes long delays only the thread that fired the event. Each change is fired once,
 * by the server that made it.
 */
public sealed interface RunEvent
    permits RunStarted, RunCompleted, RunFailed, RunPaused, RunResumed, RunCancelled, StepFailed {

  /**
   * The run.
   *
   * @return its id
   */
  String runId();

  /**
   * The run's workflow.
   *
   * @return its name
   */
  String workflowName();

  /**
   * The run's status after the change.
   *
   * @return the status
   */
  WorkflowStatus status();
}
