package io.tinyworkflow.api;

/**
 * A registered activity and its settings.
 *
 * @param name the activity name
 * @param className the bean class
 * @param methodName the method
 * @param timeoutSeconds the timeout of one attempt, 0 for none
 * @param retryPolicy how failed attempts are retried
 * @param compensation the activity that undoes a completed call of this one, or {@code null}
 * @param transactional whether each attempt and its journal record commit in one JTA transaction
 */
public record ActivityInfo(
    String name,
    String className,
    String methodName,
    double timeoutSeconds,
    RetryPolicy retryPolicy,
    String compensation,
    boolean transactional) {}
