package io.tinyworkflow.web;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The dashboard: how many runs are in each status, from one grouped query. */
@Named("dashboard")
@RequestScoped
public class DashboardPage {

  @Inject WorkflowClient client;

  private Map<WorkflowStatus, Long> counts;

  /**
   * One status and its number of runs, as a tile shows it.
   *
   * @param status the status name in lower case, as the API spells it
   * @param count the number of runs
   */
  public record StatusCount(String status, long count) {

    /**
     * The status, for the page (Liberty's Expression Language reads getters, not records).
     *
     * @return the status in lower case
     */
    public String getStatus() {
      return status;
    }

    /**
     * The number of runs, for the page.
     *
     * @return the count
     */
    public long getCount() {
      return count;
    }
  }

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
        .map(e -> new StatusCount(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue()))
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
}
