package io.tinyworkflow.web;

import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.StartOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowRegistry;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.WorkflowException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The start page: a workflow from the registry, its input as JSON (the last run's input, or the
 * input of the run to start "like"), and how to start it: now, waiting for the result, or later.
 */
@Named("startPage")
@ViewScoped
public class StartPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject WorkflowClient client;
  @Inject WorkflowRegistry registry;
  @Inject Formats formats;
  @Inject Messages messages;

  private String workflow;
  private String like;
  private String input = "{}";
  private String workflowId;
  private String idempotencyKey;
  private LocalDateTime startAt;
  private boolean waitForResult;
  private WorkflowExecution result;

  /** Fills the input in: from the run named by {@code like}, or from the workflow's last run. */
  public void load() {
    if (workflow == null && !getWorkflowNames().isEmpty()) {
      workflow = getWorkflowNames().get(0);
    }
    prefill();
  }

  /** Another workflow was picked: its last run's input replaces the input. */
  public void workflowChanged() {
    like = null;
    prefill();
  }

  private void prefill() {
    WorkflowExecution from = null;
    if (like != null) {
      try {
        from = client.getWorkflowStatus(like);
        workflow = from.workflowName();
      } catch (RunNotFoundException e) {
        messages.warn("No run has the id " + like + "; the input is the last run's.");
        like = null;
      }
    }
    if (from == null && workflow != null) {
      from =
          client.findWorkflowExecutions(RunFilter.ALL.withWorkflowName(workflow), 1, 0).stream()
              .findFirst()
              .orElse(null);
    }
    input = from == null || from.input() == null ? "{}" : formats.json(from.input());
  }

  /**
   * Starts the run: now, now and waiting for its end, or at the chosen time.
   *
   * @return the run's page, or {@code null} to stay and show the result or the error
   */
  public String start() {
    result = null;
    Map<String, Object> values = JsonText.parseObject(input);
    try {
      String runId;
      if (startAt != null) {
        if (blank(workflowId) != null || blank(idempotencyKey) != null) {
          messages.error("A run started later takes no workflow id or idempotency key.");
          return null;
        }
        runId = client.scheduleWorkflowAt(workflow, startAt.toInstant(ZoneOffset.UTC), values);
        messages.info(
            "Scheduled "
                + workflow
                + " for "
                + formats.time(startAt.toInstant(ZoneOffset.UTC))
                + " UTC.");
      } else {
        runId =
            client.startWorkflow(
                workflow,
                values,
                StartOptions.DEFAULTS
                    .withWorkflowId(blank(workflowId))
                    .withIdempotencyKey(blank(idempotencyKey)));
        if (waitForResult) {
          result = client.awaitWorkflow(runId, WAIT);
          if (!result.status().isTerminal()) {
            messages.warn("The run has not ended after " + WAIT.toSeconds() + " s; it goes on.");
          }
          return null;
        }
        messages.info("Started " + workflow + ".");
      }
      return "/run?faces-redirect=true&id=" + runId;
    } catch (WorkflowException e) {
      messages.error(e.getMessage());
      return null;
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * The workflows one may start.
   *
   * @return their names, sorted
   */
  public List<String> getWorkflowNames() {
    return registry.workflows().stream().map(WorkflowInfo::name).sorted().toList();
  }

  public String getWorkflow() {
    return workflow;
  }

  public void setWorkflow(String workflow) {
    this.workflow = blank(workflow);
  }

  public String getLike() {
    return like;
  }

  public void setLike(String like) {
    this.like = blank(like);
  }

  public String getInput() {
    return input;
  }

  public void setInput(String input) {
    this.input = input;
  }

  public String getWorkflowId() {
    return workflowId;
  }

  public void setWorkflowId(String workflowId) {
    this.workflowId = workflowId;
  }

  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  public void setIdempotencyKey(String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
  }

  public LocalDateTime getStartAt() {
    return startAt;
  }

  public void setStartAt(LocalDateTime startAt) {
    this.startAt = startAt;
  }

  public boolean isWaitForResult() {
    return waitForResult;
  }

  public void setWaitForResult(boolean waitForResult) {
    this.waitForResult = waitForResult;
  }

  public WorkflowExecution getResult() {
    return result;
  }
}
