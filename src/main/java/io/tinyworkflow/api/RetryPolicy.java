package io.tinyworkflow.api;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How failed attempts are retried: the guide's {@code RetryPolicy}, plus exception types that are
 * never retried.
 *
 * <p>The delay before retry {@code attempt} (0 for the first retry) is {@code min(initialDelay *
 * backoffMultiplier^attempt, maxDelay)}; with jitter it is shifted by a random amount of up to
 * {@code ±jitterFactor} of itself.
 *
 * @param maxRetries how many times a failed attempt is retried; 0 means never
 * @param initialDelaySeconds the delay before the first retry
 * @param maxDelaySeconds the longest delay
 * @param backoffMultiplier the growth factor of the delay
 * @param jitter whether delays are randomized
 * @param jitterFactor the largest shift, as a fraction of the delay
 * @param nonRetryable exception types that fail at once (subtypes included)
 */
public record RetryPolicy(
    int maxRetries,
    double initialDelaySeconds,
    double maxDelaySeconds,
    double backoffMultiplier,
    boolean jitter,
    double jitterFactor,
    List<Class<? extends Throwable>> nonRetryable) {

  /** The defaults of {@link Retry}: 3 retries, 1 s doubling to at most 60 s, 10% jitter. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, 1.0, 60.0, 2.0, true, 0.1, List.of());

  /** No retries at all. */
  public static final RetryPolicy NONE = new RetryPolicy(0, 1.0, 60.0, 2.0, false, 0.0, List.of());

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, not " + maxRetries);
    }
    if (initialDelaySeconds < 0 || Double.isNaN(initialDelaySeconds)) {
      throw new IllegalArgumentException(
          "initialDelay must be 0 or more seconds, not " + initialDelaySeconds);
    }
    if (maxDelaySeconds < initialDelaySeconds || Double.isNaN(maxDelaySeconds)) {
      throw new IllegalArgumentException(
          "maxDelay ("
              + maxDelaySeconds
              + ") must be at least initialDelay ("
              + initialDelaySeconds
              + ")");
    }
    if (backoffMultiplier < 1 || Double.isNaN(backoffMultiplier)) {
      throw new IllegalArgumentException(
          "backoffMultiplier must be 1 or more, not " + backoffMultiplier);
    }
    if (jitterFactor < 0 || jitterFactor > 1 || Double.isNaN(jitterFactor)) {
      throw new IllegalArgumentException(
          "jitterFactor must be between 0 and 1, not " + jitterFactor);
    }
    nonRetryable = List.copyOf(nonRetryable);
  }

  /**
   * Reads the annotation form.
   *
   * @param retry the annotation
   * @return the policy
   */
  public static RetryPolicy of(Retry retry) {
    return new RetryPolicy(
        retry.maxRetries(),
        retry.initialDelay(),
        retry.maxDelay(),
        retry.backoffMultiplier(),
        retry.jitter(),
        retry.jitterFactor(),
        List.of(retry.nonRetryable()));
  }

  /**
   * The delay before a retry, without jitter.
   *
   * @param attempt 0 for the first retry, 1 for the second, ...
   * @return {@code min(initialDelay * backoffMultiplier^attempt, maxDelay)}
   */
  public Duration baseDelay(int attempt) {
    double seconds =
        Math.min(initialDelaySeconds * Math.pow(backoffMultiplier, attempt), maxDelaySeconds);
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  /**
   * The delay before a retry, with jitter when the policy has it.
   *
   * @param attempt 0 for the first retry, 1 for the second, ...
   * @param random the source of randomness
   * @return the delay, never negative
   */
  public Duration delay(int attempt, RandomGenerator random) {
    Duration base = baseDelay(attempt);
    if (!jitter || jitterFactor == 0) {
      return base;
    }
    double shift = (random.nextDouble() * 2 - 1) * jitterFactor;
    return Duration.ofNanos(Math.max(0, (long) (base.toNanos() * (1 + shift))));
  }

  /**
   * Tells whether a failure may be retried after {@code failedAttempts} attempts.
   *
   * @param failure what the last attempt threw
   * @param failedAttempts how many attempts have failed so far, the last one included
   * @return {@code true} when another attempt is allowed
   */
  public boolean allowsRetry(Throwable failure, int failedAttempts) {
    return failedAttempts <= maxRetries && !isNonRetryable(failure);
  }

  /**
   * Tells whether a failure is of a non-retryable type. An activity's failure, as a workflow sees
   * it ({@link io.tinyworkflow.api.failure.ActivityFailedException}), is also matched by the type
   * of the exception the activity threw, so that a workflow's {@code nonRetryable} list names the
   * same types as its activities'.
   *
   * @param failure the failure
   * @return {@code true} when it must not be retried
   */
  public boolean isNonRetryable(Throwable failure) {
    return nonRetryable.stream()
        .anyMatch(
            type ->
                type.isInstance(failure)
                    || failure instanceof io.tinyworkflow.api.failure.ActivityFailedException a
                        && isOfType(a.errorType(), type));
  }

  private static boolean isOfType(String className, Class<? extends Throwable> type) {
    if (type.getName().equals(className)) {
      return true;
    }
    try {
      return type.isAssignableFrom(Class.forName(className, false, type.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
