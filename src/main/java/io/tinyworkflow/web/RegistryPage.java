package io.tinyworkflow.web;

import io.tinyworkflow.api.ActivityInfo;
import io.tinyworkflow.api.RetryPolicy;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The registry page: the workflows and activities this server runs, with their policies. */
@Named("registryPage")
@RequestScoped
public class RegistryPage {

  @Inject WorkflowRegistry registry;
  @Inject io.tinyworkflow.api.WorkflowClient client;
  @Inject Formats formats;

  private java.util.Map<String, java.util.Map<String, Long>> inFlight;

  /**
   * A workflow's runs that have not ended, by the version they started on.
   *
   * @param workflow the workflow's name
   * @return {@code v1: 2 · v2: 5}, or {@code none}
   */
  public String versionsInFlight(String workflow) {
    if (inFlight == null) {
      inFlight = client.getVersionsInFlight();
    }
    var versions = inFlight.get(workflow);
    if (versions == null || versions.isEmpty()) {
      return "none";
    }
    return versions.entrySet().stream()
        .map(e -> "v" + e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(" · "));
  }

  /**
   * The workflows, by name.
   *
   * @return the workflows
   */
  public List<WorkflowInfo> getWorkflows() {
    return registry.workflows().stream().sorted(Comparator.comparing(WorkflowInfo::name)).toList();
  }

  /**
   * The activities, by name.
   *
   * @return the activities
   */
  public List<ActivityInfo> getActivities() {
    return registry.activities().stream().sorted(Comparator.comparing(ActivityInfo::name)).toList();
  }

  /**
   * A timeout as people say it.
   *
   * @param seconds the timeout in seconds; 0 or less for none
   * @return {@code 5 min 0 s}, or {@code none}
   */
  public String timeout(double seconds) {
    return seconds <= 0
        ? "none"
        : formats.duration(java.time.Duration.ofMillis((long) (seconds * 1000)));
  }

  /**
   * A workflow's queue and its limits in one line.
   *
   * @param workflow the workflow
   * @return {@code erp: 5 at once, 10 starts/s}; {@code none} for its own queue without limits
   */
  public String queue(WorkflowInfo workflow) {
    io.tinyworkflow.api.QueueInfo q = workflow.queue();
    String limits = q.limits();
    boolean own = q.name().equals(workflow.name());
    if (limits.isEmpty()) {
      return own ? "none" : q.name();
    }
    return (own ? "" : q.name() + ": ") + limits;
  }

  /**
   * A retry policy in one line.
   *
   * @param policy the policy, or {@code null}
   * @return {@code 3 retries, 1 s doubling to 60 s, jitter}, or {@code no retries}
   */
  public String retries(RetryPolicy policy) {
    if (policy == null || policy.maxRetries() == 0) {
      return "no retries";
    }
    StringBuilder text =
        new StringBuilder()
            .append(policy.maxRetries())
            .append(policy.maxRetries() == 1 ? " retry, " : " retries, ")
            .append(seconds(policy.initialDelaySeconds()));
    if (policy.backoffMultiplier() > 1) {
      text.append(" ×")
          .append(String.format(Locale.ROOT, "%.3g", policy.backoffMultiplier()))
          .append(" up to ")
          .append(seconds(policy.maxDelaySeconds()));
    }
    if (policy.jitter()) {
      text.append(", jitter");
    }
    if (!policy.nonRetryable().isEmpty()) {
      text.append("; never for ")
          .append(
              policy.nonRetryable().stream()
                  .map(Class::getSimpleName)
                  .collect(Collectors.joining(", ")));
    }
    return text.toString();
  }

  private String seconds(double s) {
    return formats.duration(java.time.Duration.ofMillis((long) (s * 1000)));
  }
}
