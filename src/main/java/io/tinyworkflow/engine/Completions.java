package io.tinyworkflow.engine;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes callers waiting for a run that ends on this server, so that a start that waits ({@code
 * startWorkflow(name, input, true)}, {@code StartOptions.waitingForEnd()} or {@code waitingUpTo})
 * and {@code awaitWorkflow} return as soon as the run's outcome commits. Runs that end elsewhere
 * are seen by polling the database.
 */
@ApplicationScoped
public class Completions {

  private final Map<String, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();

  /**
   * Starts watching a run.
   *
   * @param runId the run
   * @return completed once the run's execution on this server settles, with {@code true} when the
   *     run reached a terminal status
   */
  CompletableFuture<Boolean> watch(String runId) {
    return waiting.computeIfAbsent(runId, id -> new CompletableFuture<>());
  }

  /**
   * Stops watching a run.
   *
   * @param runId the run
   */
  void forget(String runId) {
    waiting.remove(runId);
  }

  /**
   * Signals that a run's execution on this server settled (ended, or unwound to wait).
   *
   * @param runId the run
   * @param terminal whether the run reached a terminal status
   */
  void settled(String runId, boolean terminal) {
    CompletableFuture<Boolean> future = waiting.get(runId);
    if (future != null) {
      future.complete(terminal);
      waiting.remove(runId, future);
    }
  }
}
