package io.tinyworkflow.testing;

import io.tinyworkflow.engine.Dispatcher;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for the end of a run's execution on this server, so that a test checks what did not happen
 * after it had every chance to happen, rather than after a fixed sleep.
 */
public final class LocalExecutions {

  private LocalExecutions() {}

  /**
   * Waits until this server no longer holds a run: its execution, and every step it could still
   * take, has ended.
   *
   * @param dispatcher this server's dispatcher
   * @param runId the run
   * @throws InterruptedException when interrupted
   */
  public static void awaitEnd(Dispatcher dispatcher, String runId) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (dispatcher.holds(runId)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the execution of run " + runId + " did not end within 60 s");
      }
      Thread.sleep(20);
    }
  }
}
