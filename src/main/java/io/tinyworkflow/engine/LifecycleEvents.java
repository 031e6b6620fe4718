package io.tinyworkflow.engine;

import io.tinyworkflow.api.RunCancelled;
import io.tinyworkflow.api.RunCompleted;
import io.tinyworkflow.api.RunEvent;
import io.tinyworkflow.api.RunFailed;
import io.tinyworkflow.api.RunPaused;
import io.tinyworkflow.api.RunResumed;
import io.tinyworkflow.api.RunStarted;
import io.tinyworkflow.api.StepFailed;
import io.tinyworkflow.persistence.JsonCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the {@link RunEvent}s, after the change each reports was committed and outside any
 * transaction of the engine's. An observer that throws is logged, the observers after it are still
 * called, and the run is not changed. A kind of event that no bean observes costs nothing: whether
 * one does is known once the application deployed, and the event is not even made.
 */
@ApplicationScoped
public class LifecycleEvents {

  private static final Logger LOG = Logger.getLogger(LifecycleEvents.class.getName());

  @Inject Event<RunEvent> events;
  @Inject BeanManager beans;
  @Inject JsonCodec json;
  @Inject EngineMetrics metrics;

  /** The observers of each type of event, resolved at its first firing. */
  private final Map<Class<?>, List<ObserverMethod<? super RunEvent>>> observers =
      new ConcurrentHashMap<>();

  void started(String runId, String workflowName, String startedBy) {
    metrics.started(workflowName);
    fire(RunStarted.class, () -> new RunStarted(runId, workflowName, startedBy));
  }

  void resumed(String runId, String workflowName) {
    fire(RunResumed.class, () -> new RunResumed(runId, workflowName));
  }

  void completed(String runId, String workflowName, String outputJson) {
    metrics.completed(workflowName);
    fire(
        RunCompleted.class,
        () -> new RunCompleted(runId, workflowName, json.read(outputJson, Object.class)));
  }

  void failed(String runId, String workflowName, String error) {
    metrics.failed(workflowName);
    fire(RunFailed.class, () -> new RunFailed(runId, workflowName, error));
  }

  void paused(String runId, String workflowName, String waitKind, String waitKey) {
    fire(RunPaused.class, () -> new RunPaused(runId, workflowName, waitKind, waitKey));
  }

  void cancelled(String runId, String workflowName) {
    metrics.cancelled(workflowName);
    fire(RunCancelled.class, () -> new RunCancelled(runId, workflowName));
  }

  void stepFailed(String runId, String workflowName, int step, String stepName, String error) {
    fire(StepFailed.class, () -> new StepFailed(runId, workflowName, step, stepName, error));
  }

  private <E extends RunEvent> void fire(Class<E> type, Supplier<E> event) {
    List<ObserverMethod<? super RunEvent>> known = observers.get(type);
    if (known != null && known.isEmpty()) {
      return;
    }
    E made = event.get();
    // Each observer on its own, in the order of their priorities: one that throws is logged and
    // the others are still called. Transactional observers are called at once as well: the change
    // the event reports is committed already, whatever transaction the caller may have.
    List<ObserverMethod<? super RunEvent>> called =
        known != null ? known : observers.computeIfAbsent(type, t -> resolve(made));
    boolean async = false;
    for (ObserverMethod<? super RunEvent> observer : called) {
      if (observer.isAsync()) {
        async = true;
        continue;
      }
      try {
        observer.notify(made);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "An observer of "
                + type.getSimpleName()
                + " in "
                + observer.getBeanClass().getName()
                + " failed for run "
                + made.runId()
                + "; the run is not changed",
            e);
      }
    }
    if (async) {
      events
          .fireAsync(made)
          .exceptionally(
              e -> {
                LOG.log(
                    Level.WARNING,
                    "An asynchronous observer of "
                        + type.getSimpleName()
                        + " failed for run "
                        + made.runId()
                        + "; the run is not changed",
                    e);
                return null;
              });
    }
  }

  /** The observers of an event's type, in the order of their priorities. */
  private List<ObserverMethod<? super RunEvent>> resolve(RunEvent event) {
    List<ObserverMethod<? super RunEvent>> found =
        new ArrayList<>(beans.resolveObserverMethods(event));
    found.sort(Comparator.comparingInt(ObserverMethod::getPriority));
    return List.copyOf(found);
  }
}
