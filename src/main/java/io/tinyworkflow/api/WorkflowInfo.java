package io.tinyworkflow.api;

/**
 * A registered workflow and its settings.
 *
 * @param name the workflow name
 * @param version the code version
 * @param className the implementing class
 * @param timeoutSeconds the run timeout, 0 for none
 * @param retryPolicy how a failing run is retried
 * @param queue the queue its runs wait in, and its limits
 */
public record WorkflowInfo(
    String name,
    String version,
    String className,
    double timeoutSeconds,
    RetryPolicy retryPolicy,
    QueueInfo queue) {}
