package io.tinyworkflow.web;

import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowRegistry;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.WorkflowException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The executions page: runs filtered by status, workflow, creation time, id and a search attribute
 * (all in the URL, so a filtered list can be shared), paged and sorted by the database, with a bulk
 * cancel.
 */
@Named("executions")
@ViewScoped
public class ExecutionsPage implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject WorkflowClient client;
  @Inject WorkflowRegistry registry;
  @Inject Messages messages;

  private List<String> statuses = new ArrayList<>();
  private String workflow;
  private LocalDateTime from;
  private LocalDateTime to;
  private String id;
  private String attribute;
  private final Runs runs = new Runs();
  private boolean more;

  /**
   * The runs a list counts and pages through at most: past them, the list says "10,000+" and a
   * narrower filter (a time range) reaches older runs. Counting and skipping a million runs would
   * read them all.
   */
  static final long MOST_COUNTED = 10_000;

  private List<WorkflowExecution> selected = new ArrayList<>();

  /** The runs of the table, read a page at a time. */
  public final class Runs extends LazyDataModel<WorkflowExecution> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      long counted = client.countWorkflowExecutions(filter(), MOST_COUNTED);
      more = counted > MOST_COUNTED;
      return (int) Math.min(counted, MOST_COUNTED);
    }

    @Override
    public List<WorkflowExecution> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      RunFilter filter = filter();
      for (SortMeta sort : sortBy.values()) {
        if (sort.getOrder() != SortOrder.UNSORTED) {
          filter =
              filter.sortedBy(sortOf(sort.getField()), sort.getOrder() == SortOrder.DESCENDING);
        }
      }
      return client.findWorkflowExecutions(filter, pageSize, first);
    }

    @Override
    public String getRowKey(WorkflowExecution run) {
      return run.runId();
    }

    @Override
    public WorkflowExecution getRowData(String rowKey) {
      return getWrappedData().stream()
          .filter(r -> r.runId().equals(rowKey))
          .findFirst()
          .orElse(null);
    }
  }

  private static RunFilter.Sort sortOf(String field) {
    return switch (field == null ? "" : field) {
      case "workflowName" -> RunFilter.Sort.WORKFLOW_NAME;
      case "status" -> RunFilter.Sort.STATUS;
      case "startedAt" -> RunFilter.Sort.STARTED_AT;
      case "completedAt" -> RunFilter.Sort.COMPLETED_AT;
      case "updatedAt" -> RunFilter.Sort.UPDATED_AT;
      default -> RunFilter.Sort.CREATED_AT;
    };
  }

  /**
   * The total the paginator shows.
   *
   * @return {@code 1,234}, or {@code 10,000+} when more runs match than the list counts
   */
  public String getTotal() {
    long shown = runs.getRowCount();
    return String.format(Locale.ROOT, "%,d", shown) + (more ? "+" : "");
  }

  /**
   * The filter the page's fields make.
   *
   * @return the filter
   */
  RunFilter filter() {
    Set<WorkflowStatus> only = EnumSet.noneOf(WorkflowStatus.class);
    for (String s : statuses) {
      only.add(WorkflowStatus.valueOf(s.toUpperCase(Locale.ROOT)));
    }
    RunFilter filter =
        RunFilter.ALL
            .withStatuses(only)
            .withWorkflowName(workflow)
            .createdBetween(
                from == null ? null : from.toInstant(ZoneOffset.UTC),
                to == null ? null : to.toInstant(ZoneOffset.UTC))
            .withId(id);
    int eq = attribute == null ? -1 : attribute.indexOf('=');
    return eq > 0
        ? filter.withAttribute(
            attribute.substring(0, eq).strip(), attribute.substring(eq + 1).strip())
        : filter;
  }

  /**
   * Applies the filter: the page reloads with it in its URL.
   *
   * @return the page, redirected with its view parameters
   */
  public String search() {
    return "/executions?faces-redirect=true&includeViewParams=true";
  }

  /**
   * Clears the filter.
   *
   * @return the page without parameters
   */
  public String clear() {
    return "/executions?faces-redirect=true";
  }

  /**
   * Cancels the selected runs that are still going; says how many were cancelled and which could
   * not be.
   */
  public void cancelSelected() {
    int cancelled = 0;
    List<String> refused = new ArrayList<>();
    for (WorkflowExecution run : selected) {
      try {
        client.cancelWorkflow(run.runId());
        cancelled++;
      } catch (WorkflowException e) {
        refused.add(run.runId() + ": " + e.getMessage());
      }
    }
    if (cancelled > 0) {
      messages.info("Cancelled " + cancelled + (cancelled == 1 ? " run." : " runs."));
    }
    refused.forEach(messages::warn);
    selected = new ArrayList<>();
  }

  /**
   * The workflows of the registry, for the workflow filter.
   *
   * @return the names, sorted
   */
  public List<String> getWorkflowNames() {
    return registry.workflows().stream().map(WorkflowInfo::name).sorted().toList();
  }

  /**
   * Every status, for the status filter.
   *
   * @return the names in lower case, in the order of a run's life
   */
  public List<String> getStatusNames() {
    return Arrays.stream(WorkflowStatus.values()).map(WorkflowStatus::wireName).toList();
  }

  public Runs getRuns() {
    return runs;
  }

  public List<String> getStatuses() {
    return statuses;
  }

  public void setStatuses(List<String> statuses) {
    this.statuses = statuses == null ? new ArrayList<>() : new ArrayList<>(statuses);
  }

  /**
   * The status filter as the URL holds it.
   *
   * @return the statuses joined with commas, or {@code null} for all
   */
  public String getStatusParam() {
    return statuses.isEmpty() ? null : String.join(",", statuses);
  }

  /**
   * Reads the status filter from the URL; names that are not statuses are left out.
   *
   * @param param statuses joined with commas
   */
  public void setStatusParam(String param) {
    Set<String> known = Set.copyOf(getStatusNames());
    statuses =
        param == null
            ? new ArrayList<>()
            : Arrays.stream(param.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(known::contains)
                .distinct()
                .collect(Collectors.toCollection(ArrayList::new));
  }

  public String getWorkflow() {
    return workflow;
  }

  public void setWorkflow(String workflow) {
    this.workflow = workflow == null || workflow.isBlank() ? null : workflow;
  }

  public LocalDateTime getFrom() {
    return from;
  }

  public void setFrom(LocalDateTime from) {
    this.from = from;
  }

  public LocalDateTime getTo() {
    return to;
  }

  public void setTo(LocalDateTime to) {
    this.to = to;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id == null || id.isBlank() ? null : id.strip();
  }

  /**
   * The search attribute filter.
   *
   * @return {@code key=value}, or {@code null} for none
   */
  public String getAttribute() {
    return attribute;
  }

  public void setAttribute(String attribute) {
    this.attribute = attribute == null || attribute.isBlank() ? null : attribute.strip();
  }

  public List<WorkflowExecution> getSelected() {
    return selected;
  }

  public void setSelected(List<WorkflowExecution> selected) {
    this.selected = selected == null ? new ArrayList<>() : selected;
  }
}
