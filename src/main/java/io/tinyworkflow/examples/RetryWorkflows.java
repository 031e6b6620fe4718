package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Queue;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The guide's retry pattern: a flaky API call retried with exponential backoff (1 s, 2 s, 4 s...,
 * at most 10 s, with jitter). The stand-in fails a given number of times per request before it
 * answers; a real one would call the endpoint.
 */
public final class RetryWorkflows {

  private RetryWorkflows() {}

  /** The flaky API. */
  @ApplicationScoped
  public static class FlakyApi {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /**
     * Calls the API; fails the first {@code failures} calls of a request.
     *
     * @param endpoint the endpoint
     * @param requestId the request, counted across its attempts
     * @param failures how many attempts fail
     * @return the response
     * @throws IllegalStateException for a failing attempt
     */
    @Activity(
        name = "flaky_api",
        retry =
            @Retry(
                maxRetries = 5,
                initialDelay = 1.0,
                maxDelay = 10.0,
                backoffMultiplier = 2.0,
                jitter = true))
    public Map<String, Object> call(String endpoint, String requestId, int failures) {
      int attempt = attempts.computeIfAbsent(requestId, k -> new AtomicInteger()).incrementAndGet();
      if (attempt <= failures) {
        throw new IllegalStateException(
            "503 Service Unavailable from " + endpoint + " (attempt " + attempt + ")");
      }
      attempts.remove(requestId);
      return Map.of("endpoint", endpoint, "data", "ok", "attempts", attempt);
    }
  }

  /**
   * Calls the flaky API at {@code endpoint} (default {@code /api/data}), which fails {@code
   * failures} times (default 2) before it answers. Its runs share the queue {@code external_api},
   * which keeps the API from more than 10 calls in flight and 20 new ones per second, however many
   * runs are started at once.
   */
  @Workflow(
      name = "api_workflow",
      queue = @Queue(name = "external_api", concurrency = 10, startsPerSecond = 20))
  public static class ApiWorkflow implements WorkflowDefinition {
    @Inject FlakyApi api;

    @Override
    public Object run(WorkflowContext ctx) {
      String endpoint = (String) ctx.getInput("endpoint", "/api/data");
      int failures = ((Number) ctx.getInput("failures", 2)).intValue();
      Map<String, Object> result = api.call(endpoint, ctx.runId(), failures);
      return Map.of("status", "completed", "result", result);
    }
  }
}
