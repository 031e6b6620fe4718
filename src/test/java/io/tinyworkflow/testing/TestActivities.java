package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Activities of the engine tests. Each counts its executions under "key:name". */
@ApplicationScoped
public class TestActivities {

  @Inject Counters counters;
  @Inject Observations observations;

  /** An error that the policies below never retry. */
  public static class Fatal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the message
     */
    public Fatal(String message) {
      super(message);
    }
  }

  @Activity(name = "step", retry = @Retry(maxRetries = 0))
  public String step(String key, String name) {
    counters.increment(key + ":" + name);
    return name + "-done";
  }

  @Activity(name = "fail_first_time", retry = @Retry(maxRetries = 5, nonRetryable = Fatal.class))
  public String failFirstTime(String key, String name) {
    if (counters.increment(key + ":" + name) == 1) {
      throw new Fatal(name + " failed on its first execution");
    }
    return name + "-done";
  }

  @Activity(
      name = "flaky",
      retry = @Retry(maxRetries = 3, initialDelay = 0.05, maxDelay = 0.2, jitter = false))
  public Map<String, Object> flaky(String key, int failures) {
    int count = counters.increment(key + ":flaky");
    if (count <= failures) {
      throw new IllegalStateException("attempt " + count + " fails");
    }
    return Map.of("attempt", count);
  }

  @Activity(
      name = "always_fails",
      retry = @Retry(maxRetries = 2, initialDelay = 0.05, jitter = false))
  public String alwaysFails(String key) {
    counters.increment(key + ":always_fails");
    throw new IllegalStateException("always fails");
  }

  @Activity(
      name = "fatal",
      retry =
          @Retry(
              maxRetries = 5,
              initialDelay = 0.05,
              nonRetryable = IllegalArgumentException.class))
  public String fatal(String key) {
    counters.increment(key + ":fatal");
    throw new IllegalArgumentException("not retryable");
  }

  @Activity(
      name = "fatal_then_flaky",
      retry =
          @Retry(maxRetries = 2, initialDelay = 0.05, jitter = false, nonRetryable = Fatal.class))
  public String fatalThenFlaky(String key) {
    if (counters.increment(key + ":fatal_then_flaky") == 1) {
      throw new Fatal("fails for good in the first run attempt");
    }
    throw new IllegalStateException("fails, retryably, in the second run attempt");
  }

  @Activity(
      name = "fatal_then_slow_retry",
      retry = @Retry(maxRetries = 1, initialDelay = 60, jitter = false, nonRetryable = Fatal.class))
  public String fatalThenSlowRetry(String key) {
    if (counters.increment(key + ":fatal_then_slow_retry") == 1) {
      throw new Fatal("fails for good in the first run attempt");
    }
    throw new IllegalStateException("fails, retryably, in the second run attempt");
  }

  @Activity(name = "slow", timeoutSeconds = 0.5, retry = @Retry(maxRetries = 0))
  public String slow(String key, long millis) throws InterruptedException {
    counters.increment(key + ":slow");
    Thread.sleep(millis);
    return "slept";
  }

  @Activity(name = "sleep", retry = @Retry(maxRetries = 0))
  public String sleep(String key, String name, long millis) throws InterruptedException {
    Thread.sleep(millis);
    counters.increment(key + ":" + name);
    return name;
  }

  @Activity(name = "busy", retry = @Retry(maxRetries = 0))
  public String busy(String key, long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait(); // deaf to interrupts, like an activity blocked in I/O
    }
    counters.increment(key + ":busy");
    return "busy";
  }

  @Activity(
      name = "fails_twice_fast",
      retry = @Retry(maxRetries = 3, initialDelay = 0.05, jitter = false))
  public String failsTwiceFast(String key) {
    if (counters.increment(key + ":fails_twice_fast") <= 2) {
      throw new IllegalStateException("fast branch fails");
    }
    return "fast";
  }

  @Activity(
      name = "fails_once_slow",
      retry = @Retry(maxRetries = 2, initialDelay = 1.5, jitter = false))
  public String failsOnceSlow(String key) {
    observations.add(key + ":slow_calls", String.valueOf(System.currentTimeMillis()));
    if (counters.increment(key + ":fails_once_slow") == 1) {
      throw new IllegalStateException("slow branch fails");
    }
    return "slow";
  }
}
