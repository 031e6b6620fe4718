package io.tinyworkflow.engine;

import io.tinyworkflow.api.QueueInfo;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.persistence.QueueTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * This server's side of the queues with limits: which of its workflows wait in one, the claims that
 * take their due runs within the limits, and which held runs hold a place in a queue. The limits
 * themselves are kept through the database ({@link RunLifecycle#claimQueued}).
 */
@ApplicationScoped
public class QueueClaims {

  private static final Logger LOG = Logger.getLogger(QueueClaims.class.getName());

  @Inject RunLifecycle lifecycle;
  @Inject DefaultWorkflowRegistry registry;
  @Inject QueueTable queueTable;

  /** The queue of each held run that was claimed through a queue with limits. */
  private final Map<String, String> heldInQueue = new ConcurrentHashMap<>();

  /** The queues whose row is known to exist. */
  private final Set<String> queueRows = ConcurrentHashMap.newKeySet();

  private volatile Plan plan;

  /**
   * This server's workflows split by how their runs are claimed; the registry is fixed once the
   * application has started.
   *
   * @param limited the queues with limits, by name, each with its workflows here
   * @param queued the workflows of those queues
   * @param unlimited the workflows whose runs are claimed without limits
   */
  record Plan(Map<QueueInfo, List<String>> limited, List<String> queued, List<String> unlimited) {

    static Plan of(List<WorkflowInfo> workflows) {
      Map<QueueInfo, List<String>> limited = new LinkedHashMap<>();
      workflows.stream()
          .filter(w -> w.queue().limited())
          .sorted(Comparator.comparing(w -> w.queue().name()))
          .forEach(w -> limited.computeIfAbsent(w.queue(), q -> new ArrayList<>()).add(w.name()));
      List<String> queued = limited.values().stream().flatMap(List::stream).toList();
      List<String> unlimited =
          workflows.stream().map(WorkflowInfo::name).filter(w -> !queued.contains(w)).toList();
      return new Plan(Collections.unmodifiableMap(limited), queued, unlimited);
    }
  }

  Plan plan() {
    Plan p = plan;
    if (p == null) {
      p = Plan.of(List.copyOf(registry.workflows()));
      plan = p;
    }
    return p;
  }

  /**
   * Tells whether a workflow's runs wait in a queue with limits: they are claimed only through it.
   *
   * @param workflowName the workflow
   * @return {@code true} when its queue has limits
   */
  boolean queued(String workflowName) {
    return plan().queued().contains(workflowName);
  }

  /**
   * Claims the due runs of every queue with limits that the limits and the room allow, in the order
   * of the queues' names, and hands each to be executed as soon as its queue's claim commits.
   *
   * @param room how many runs this server can take
   * @param execute executes a claimed run
   * @param pollAfter asks for a poll after a while: when the next start a rate allows is due
   * @return how many were claimed
   */
  int claim(int room, Consumer<String> execute, Consumer<Duration> pollAfter) {
    int claimed = 0;
    for (Map.Entry<QueueInfo, List<String>> q : plan().limited().entrySet()) {
      if (claimed >= room) {
        break;
      }
      claimed += claim(q.getKey(), q.getValue(), room - claimed, execute, pollAfter);
    }
    return claimed;
  }

  private int claim(
      QueueInfo queue,
      List<String> workflows,
      int room,
      Consumer<String> execute,
      Consumer<Duration> pollAfter) {
    String name = queue.name();
    try {
      if (!queueRows.contains(name)) {
        queueTable.create(name); // on its own, before any claim locks the row
        queueRows.add(name);
      }
      int heldHere = (int) heldInQueue.values().stream().filter(name::equals).count();
      RunLifecycle.QueueClaim claim = lifecycle.claimQueued(queue, workflows, room, heldHere);
      if (claim.rateBound()) {
        // Runs wait for the rate: poll when the next start is allowed, not at the next tick.
        pollAfter.accept(
            Duration.ofMillis(Math.max(20, (long) Math.ceil(1000 / queue.startsPerSecond()))));
      }
      for (String runId : claim.runIds()) {
        heldInQueue.put(runId, name);
        execute.accept(runId);
      }
      return claim.runIds().size();
    } catch (RuntimeException e) {
      Dispatcher.warn(
          LOG, "Claiming the runs of queue '" + name + "' failed; the next poll tries again", e);
      return 0;
    }
  }

  /**
   * Forgets a run that is no longer held here.
   *
   * @param runId the run
   * @return {@code true} when it held a place in a queue with limits, which is now free
   */
  boolean released(String runId) {
    return heldInQueue.remove(runId) != null;
  }
}
