package io.tinyworkflow.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A retry policy in annotation form, used by {@link Activity#retry()} and {@link Workflow#retry()}.
 * The delay before retry {@code n} (counting from 0) is {@code min(initialDelay *
 * backoffMultiplier^n, maxDelay)}, shifted by up to {@code ±jitterFactor} of itself when {@code
 * jitter} is on. See {@link RetryPolicy}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Retry {

  /**
   * How many times a failed attempt is retried; 0 means never.
   *
   * @return the number of retries
   */
  int maxRetries() default 3;

  /**
   * The delay before the first retry, in seconds.
   *
   * @return seconds
   */
  double initialDelay() default 1.0;

  /**
   * The longest delay between two attempts, in seconds.
   *
   * @return seconds
   */
  double maxDelay() default 60.0;

  /**
   * The factor by which the delay grows after each retry.
   *
   * @return a factor of at least 1
   */
  double backoffMultiplier() default 2.0;

  /**
   * Whether delays are randomized, so that many failing runs do not retry in step.
   *
   * @return {@code true} to randomize
   */
  boolean jitter() default true;

  /**
   * How much a delay may be shifted either way, as a fraction of it.
   *
   * @return a fraction between 0 and 1
   */
  double jitterFactor() default 0.1;

  /**
   * Exception types that fail at once, without retries (subtypes included).
   *
   * @return the non-retryable types
   */
  Class<? extends Throwable>[] nonRetryable() default {};
}
