package io.tinyworkflow.web;

import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.RunsPerMinute;
import io.tinyworkflow.api.ServerLoad;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowSchedule;
import io.tinyworkflow.api.WorkflowStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard: runs by status (one grouped query), runs per minute over the last hour, recent
 * failures, pending approvals, the next schedule fires and the servers at work.
 */
@Named("dashboard")
@RequestScoped
public class DashboardPage {

  private static final int LISTED = 5;
  private static final Duration CHART = Duration.ofHours(1);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Inject WorkflowClient client;

  private Map<WorkflowStatus, Long> counts;
  private List<PendingApproval> approvals;

  /**
   * One status and its number of runs, as a tile shows it.
   *
   * @param status the status name in lower case, as the API spells it
   * @param count the number of runs
   */
  public record StatusCount(String status, long count) {}

  /**
   * The runs in each status, in the order of a run's life.
   *
   * @return a tile per status
   */
  public List<StatusCount> getCounts() {
    if (counts == null) {
      counts = client.countWorkflowExecutions();
    }
    return counts.entrySet().stream()
        .map(e -> new StatusCount(e.getKey().wireName(), e.getValue()))
        .toList();
  }

  /**
   * All runs.
   *
   * @return the sum of every status
   */
  public long getTotal() {
    return getCounts().stream().mapToLong(StatusCount::count).sum();
  }

  /**
   * The runs started, completed and failed per minute over the last hour, as a Chart.js
   * configuration for {@code p:chart}.
   *
   * @return the chart as JSON
   */
  public String getChart() {
    List<RunsPerMinute> minutes = client.countRunsPerMinute(CHART);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("labels", minutes.stream().map(m -> MINUTE.format(m.minute())).toList());
    data.put(
        "datasets",
        List.of(
            dataset("Started", "#2563eb", minutes.stream().map(RunsPerMinute::started).toList()),
            dataset(
                "Completed", "#16a34a", minutes.stream().map(RunsPerMinute::completed).toList()),
            dataset("Failed", "#dc2626", minutes.stream().map(RunsPerMinute::failed).toList())));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("animation", false);
    options.put("maintainAspectRatio", false);
    options.put("interaction", Map.of("mode", "index", "intersect", false));
    options.put(
        "scales",
        Map.of(
            "y", Map.of("beginAtZero", true, "ticks", Map.of("precision", 0)),
            "x", Map.of("ticks", Map.of("maxTicksLimit", 12))));
    options.put("plugins", Map.of("legend", Map.of("position", "bottom")));
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("type", "line");
    chart.put("data", data);
    chart.put("options", options);
    return JSONB.toJson(chart);
  }

  private static Map<String, Object> dataset(String label, String colour, List<Long> values) {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("label", label);
    set.put("data", values);
    set.put("borderColor", colour);
    set.put("backgroundColor", colour);
    set.put("borderWidth", 2);
    set.put("pointRadius", 0);
    set.put("tension", 0.25);
    return set;
  }

  /**
   * The latest failed runs.
   *
   * @return up to five, the latest first
   */
  public List<WorkflowExecution> getFailures() {
    return client.findWorkflowExecutions(
        RunFilter.ALL
            .withStatuses(Set.of(WorkflowStatus.FAILED))
            .sortedBy(RunFilter.Sort.COMPLETED_AT, true),
        LISTED,
        0);
  }

  /**
   * The approvals the user may decide, the oldest first.
   *
   * @return the pending approvals
   */
  public List<PendingApproval> getApprovals() {
    if (approvals == null) {
      approvals = client.getPendingApprovals();
    }
    return approvals;
  }

  /**
   * The oldest few pending approvals.
   *
   * @return up to five
   */
  public List<PendingApproval> getOldestApprovals() {
    return getApprovals().stream().limit(LISTED).toList();
  }

  /**
   * The schedules that fire next.
   *
   * @return up to five active schedules, the soonest first
   */
  public List<WorkflowSchedule> getNextFires() {
    return client.listSchedules().stream()
        .filter(s -> !s.paused() && s.nextFireAt() != null)
        .sorted(Comparator.comparing(WorkflowSchedule::nextFireAt))
        .limit(LISTED)
        .toList();
  }

  /**
   * The servers running runs now.
   *
   * @return the servers with their runs
   */
  public List<ServerLoad> getServers() {
    return client.getServers();
  }
}
