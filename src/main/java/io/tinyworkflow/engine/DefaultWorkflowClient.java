package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.persistence.EventEntity;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@link WorkflowClient} of this server. */
@ApplicationScoped
public class DefaultWorkflowClient implements WorkflowClient {

  private static final Duration WAIT_POLL = Duration.ofMillis(500);

  @Inject DefaultWorkflowRegistry registry;
  @Inject RunLifecycle lifecycle;
  @Inject RunQueries queries;
  @Inject Dispatcher dispatcher;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject Completions completions;

  @Override
  public String startWorkflow(
      String workflowName,
      Map<String, ?> input,
      String workflowId,
      String idempotencyKey,
      boolean wait) {
    if (workflowName == null || workflowName.isBlank()) {
      throw new InvalidInputException("A workflow name is required");
    }
    WorkflowInfo workflow =
        registry
            .workflow(workflowName)
            .orElseThrow(() -> new UnknownWorkflowException("workflow", workflowName));
    String inputJson = json.write(input == null ? Map.of() : input);
    String runId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    RunEntity run =
        new RunEntity(
            runId,
            blankToNull(workflowId) == null ? runId : workflowId,
            workflowName,
            inputJson,
            now);
    run.setWorkflowVersion(workflow.version());
    run.setMaxRetries(workflow.retryPolicy().maxRetries());
    run.setIdempotencyKey(blankToNull(idempotencyKey));
    if (workflow.timeoutSeconds() > 0) {
      run.setDeadlineAt(now.plusMillis((long) (workflow.timeoutSeconds() * 1000)));
    }
    RunEntity stored;
    try {
      stored = lifecycle.create(run);
    } catch (RuntimeException e) {
      // Another caller stored the same idempotency key first.
      if (run.getIdempotencyKey() == null) {
        throw e;
      }
      stored = lifecycle.create(run);
    }
    if (stored == run) {
      dispatcher.submit(runId);
    }
    if (wait) {
      awaitEnd(stored.getRunId());
    }
    return stored.getRunId();
  }

  @Override
  public WorkflowExecution getWorkflowStatus(String runId) {
    return toExecution(
        queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId)));
  }

  @Override
  public List<WorkflowExecution> listWorkflowExecutions(
      WorkflowStatus status, String workflowName, int limit, int offset) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit must be between 1 and 1000, not " + limit);
    }
    if (offset < 0) {
      throw new InvalidInputException("offset must be 0 or more, not " + offset);
    }
    return queries.list(status, blankToNull(workflowName), limit, offset).stream()
        .map(this::toExecution)
        .toList();
  }

  @Override
  public List<WorkflowEvent> getWorkflowEvents(String runId, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("limit must be between 1 and 10000, not " + limit);
    }
    return queries
        .events(requireId(runId), limit)
        .orElseThrow(() -> new RunNotFoundException(runId))
        .stream()
        .map(this::toEvent)
        .toList();
  }

  @Override
  public void cancelWorkflow(String runId) {
    RunEntity run =
        queries.find(requireId(runId)).orElseThrow(() -> new RunNotFoundException(runId));
    if (run.getStatus().isTerminal()) {
      throw new IllegalRunStateException(
          "Run "
              + runId
              + " is already "
              + run.getStatus().wireName()
              + " and cannot be cancelled");
    }
    if (!lifecycle.cancel(runId)) {
      WorkflowStatus now = queries.find(runId).orElseThrow().getStatus();
      throw new IllegalRunStateException(
          "Run " + runId + " is already " + now.wireName() + " and cannot be cancelled");
    }
    dispatcher.stop(runId, "cancelled");
  }

  private void awaitEnd(String runId) {
    try {
      while (true) {
        // Watch before reading, so that an end between the two is not missed.
        var settled = completions.watch(runId);
        if (queries
            .find(runId)
            .orElseThrow(() -> new RunNotFoundException(runId))
            .getStatus()
            .isTerminal()) {
          return;
        }
        try {
          settled.get(WAIT_POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // the run may execute on another server: read its status again
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for run " + runId, e);
    } finally {
      completions.forget(runId);
    }
  }

  private WorkflowExecution toExecution(RunEntity run) {
    return new WorkflowExecution(
        run.getRunId(),
        run.getWorkflowId(),
        run.getWorkflowName(),
        run.getWorkflowVersion(),
        run.getStatus(),
        json.readObject(run.getInput()),
        json.read(run.getOutput(), Object.class),
        run.getError(),
        run.getRetryCount(),
        run.getMaxRetries(),
        run.getCreatedAt(),
        run.getStartedAt(),
        run.getCompletedAt(),
        run.getUpdatedAt(),
        run.getScheduledAt(),
        run.getParentRunId());
  }

  private WorkflowEvent toEvent(EventEntity event) {
    return new WorkflowEvent(
        event.getEventId(),
        event.getRunId(),
        event.getEventType(),
        event.getStepNumber(),
        json.readObject(event.getData()),
        event.getCreatedAt());
  }

  private static String requireId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw new InvalidInputException("A run id is required");
    }
    return runId;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
