package io.tinyworkflow.web;

import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.WorkflowException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.primefaces.PrimeFaces;

/**
 * A run's page: its state, input and output, steps, events, children and published values, and what
 * the signed-in user may do with it (cancel, decide its approval, signal, start another like it).
 */
@Named("runPage")
@ViewScoped
public class RunPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int EVENTS = 1000;

  @Inject WorkflowClient client;
  @Inject Messages messages;
  @Inject java.time.Clock clock;

  private String id;
  private WorkflowExecution run;
  private List<WorkflowStep> steps;
  private List<WorkflowEvent> events;
  private List<WorkflowExecution> children;
  private Map<String, Object> published;
  private Map<String, String> attributes;
  private PendingApproval approval;
  private String comment;
  private String signalName;
  private String signalPayload;

  /**
   * Reads the run named in the URL; a run that does not exist is a 404.
   *
   * @throws IOException when the error cannot be sent
   */
  public void load() throws IOException {
    if (id == null || id.isBlank()) {
      notFound("Which run? The address needs ?id=<run id>.");
      return;
    }
    try {
      refresh();
    } catch (RunNotFoundException e) {
      notFound("No run has the id " + id + ".");
    }
  }

  /** Reads the run again: what the page's poll does while the run is going. */
  public void refresh() {
    run = client.getWorkflowStatus(id);
    steps = client.getWorkflowSteps(id);
    events = client.getWorkflowEvents(id, EVENTS);
    children = client.getChildWorkflows(id);
    published = client.getPublishedState(id);
    attributes = client.getWorkflowAttributes(id);
    approval =
        client.getPendingApprovals().stream()
            .filter(a -> a.runId().equals(id))
            .findFirst()
            .orElse(null);
  }

  private static void notFound(String message) throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    faces.getExternalContext().getRequestMap().put(ErrorPage.NOT_FOUND, message);
    faces.getExternalContext().responseSendError(HttpServletResponse.SC_NOT_FOUND, message);
    faces.responseComplete();
  }

  /**
   * Reads the run again for the page's poll; when its status changed, the actions change too (the
   * comment being typed is kept otherwise).
   */
  public void poll() {
    WorkflowStatus before = run == null ? null : run.status();
    boolean waited = approval != null;
    refresh();
    if (run.status() != before || waited != (approval != null)) {
      PrimeFaces.current().ajax().update("actions");
    }
  }

  /** Cancels the run. */
  public void cancel() {
    act(() -> client.cancelWorkflow(id), "Cancel requested: the run stops at its next step.");
  }

  /** Retries the run now, without the rest of its backoff. */
  public void retryNow() {
    act(() -> client.retryNow(id), "Retrying now.");
  }

  /**
   * Restarts the run from one of its steps, as a new run, and opens the new run's page.
   *
   * @param step the first step to execute again
   * @return the new run's page, or {@code null} to stay when the restart is refused
   */
  public String restartFrom(int step) {
    try {
      String newRun = client.restartWorkflow(id, step);
      messages.info("Restarted from step " + step + " of " + id + ".");
      FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
      return "/run?faces-redirect=true&id=" + newRun;
    } catch (WorkflowException e) {
      messages.error(e.getMessage());
      refresh();
      return null;
    }
  }

  /** Approves the run's approval, with the comment. */
  public void approve() {
    decide(true);
  }

  /** Rejects the run's approval, with the comment. */
  public void reject() {
    decide(false);
  }

  private void decide(boolean approved) {
    String key = approval == null ? null : approval.approvalRequired();
    act(
        () -> client.decideApproval(id, key, approved, blankToNull(comment)),
        (approved ? "Approved" : "Rejected") + (key == null ? "." : " " + key + "."));
    comment = null;
  }

  /** Sends the signal typed in the page. */
  public void signal() {
    Object payload = JsonText.parse(signalPayload);
    act(() -> client.signal(id, signalName.strip(), payload), "Sent " + signalName.strip() + ".");
    signalName = null;
    signalPayload = null;
  }

  private void act(Runnable action, String done) {
    try {
      action.run();
      messages.info(done);
    } catch (WorkflowException e) {
      messages.error(e.getMessage());
    }
    refresh();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * Whether the run still goes on, so the page polls.
   *
   * @return {@code true} until the run ends
   */
  public boolean isActive() {
    return run != null && !run.status().isTerminal();
  }

  /**
   * Where a step lies on the run's timeline, as a bar's CSS position: parallel branches overlap, a
   * long step stands out.
   *
   * @param step the step
   * @return {@code left: N%; width: M%}, or an empty string when its start is not known
   */
  public String bar(WorkflowStep step) {
    if (step.startedAt() == null || steps == null) {
      return "display: none";
    }
    Instant first =
        steps.stream()
            .map(WorkflowStep::startedAt)
            .filter(java.util.Objects::nonNull)
            .min(Instant::compareTo)
            .orElse(step.startedAt());
    Instant now = clock.instant();
    Instant last = run.completedAt() != null ? run.completedAt() : now;
    for (WorkflowStep s : steps) {
      if (s.endedAt() != null && s.endedAt().isAfter(last)) {
        last = s.endedAt();
      }
    }
    double span = Math.max(1, Duration.between(first, last).toMillis());
    Instant end =
        step.endedAt() != null ? step.endedAt() : (run.completedAt() != null ? last : now);
    double left = Duration.between(first, step.startedAt()).toMillis() / span * 100;
    double width = Math.max(0.8, Duration.between(step.startedAt(), end).toMillis() / span * 100);
    left = Math.min(99.2, Math.max(0, left));
    width = Math.min(100 - left, width);
    return String.format(java.util.Locale.ROOT, "left: %.2f%%; width: %.2f%%", left, width);
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public WorkflowExecution getRun() {
    return run;
  }

  /**
   * The run's search attributes.
   *
   * @return {@code key=value} pairs, by key
   */
  public List<String> getAttributes() {
    return attributes == null
        ? List.of()
        : attributes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  public List<WorkflowStep> getSteps() {
    return steps;
  }

  public List<WorkflowEvent> getEvents() {
    return events;
  }

  public List<WorkflowExecution> getChildren() {
    return children;
  }

  public Map<String, Object> getPublished() {
    return published;
  }

  /**
   * One published value.
   *
   * @param name its name
   * @param value its latest value
   */
  public record Published(String name, Object value) {}

  /**
   * The published values as a list, for a table.
   *
   * @return the values by name
   */
  public List<Published> getPublishedValues() {
    return published == null
        ? List.of()
        : published.entrySet().stream().map(e -> new Published(e.getKey(), e.getValue())).toList();
  }

  public PendingApproval getApproval() {
    return approval;
  }

  public String getComment() {
    return comment;
  }

  public void setComment(String comment) {
    this.comment = comment;
  }

  public String getSignalName() {
    return signalName;
  }

  public void setSignalName(String signalName) {
    this.signalName = signalName;
  }

  public String getSignalPayload() {
    return signalPayload;
  }

  public void setSignalPayload(String signalPayload) {
    this.signalPayload = signalPayload;
  }
}
