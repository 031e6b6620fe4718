package io.tinyworkflow.api;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which runs a list shows and in what order: what the executions page and {@code
 * findWorkflowExecutions} filter and sort by, in the database.
 *
 * @param statuses only runs in one of these statuses; empty for all
 * @param workflowName only runs of this workflow; {@code null} for all
 * @param createdFrom only runs created at or after this time; {@code null} for no bound
 * @param createdBefore only runs created before this time; {@code null} for no bound
 * @param id only the run with this run id or the runs with this workflow id; {@code null} for all
 * @param attributes only runs whose search attributes have these values ({@link
 *     WorkflowContext#setAttribute}); empty for all
 * @param sort the order
 * @param descending whether the order is from the largest to the smallest
 */
public record RunFilter(
    Set<WorkflowStatus> statuses,
    String workflowName,
    Instant createdFrom,
    Instant createdBefore,
    String id,
    Map<String, String> attributes,
    Sort sort,
    boolean descending) {

  /** Every run, newest first. */
  public static final RunFilter ALL =
      new RunFilter(Set.of(), null, null, null, null, Map.of(), Sort.CREATED_AT, true);

  /**
   * Checks and copies the filter.
   *
   * @throws NullPointerException when the statuses, the attributes or the sort are missing
   */
  public RunFilter {
    statuses = Set.copyOf(statuses);
    attributes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
    java.util.Objects.requireNonNull(sort, "sort");
  }

  /**
   * Returns this filter for runs in these statuses only.
   *
   * @param only the statuses; none for all
   * @return the filter
   */
  public RunFilter withStatuses(Set<WorkflowStatus> only) {
    return new RunFilter(
        only, workflowName, createdFrom, createdBefore, id, attributes, sort, descending);
  }

  /**
   * Returns this filter for runs of one workflow only.
   *
   * @param name the workflow name; {@code null} for all
   * @return the filter
   */
  public RunFilter withWorkflowName(String name) {
    return new RunFilter(
        statuses, name, createdFrom, createdBefore, id, attributes, sort, descending);
  }

  /**
   * Returns this filter for runs created in a time range.
   *
   * @param from at or after this time; {@code null} for no bound
   * @param before before this time; {@code null} for no bound
   * @return the filter
   */
  public RunFilter createdBetween(Instant from, Instant before) {
    return new RunFilter(statuses, workflowName, from, before, id, attributes, sort, descending);
  }

  /**
   * Returns this filter for one run id or workflow id.
   *
   * @param runOrWorkflowId the id; {@code null} for all
   * @return the filter
   */
  public RunFilter withId(String runOrWorkflowId) {
    return new RunFilter(
        statuses,
        workflowName,
        createdFrom,
        createdBefore,
        runOrWorkflowId,
        attributes,
        sort,
        descending);
  }

  /**
   * Returns this filter in another order.
   *
   * @param by the column
   * @param largestFirst whether the largest comes first
   * @return the filter
   */
  public RunFilter sortedBy(Sort by, boolean largestFirst) {
    return new RunFilter(
        statuses, workflowName, createdFrom, createdBefore, id, attributes, by, largestFirst);
  }

  /**
   * Returns this filter for runs whose search attribute has a value, besides the attributes it
   * filters by already.
   *
   * @param key the attribute
   * @param value its value
   * @return the filter
   */
  public RunFilter withAttribute(String key, String value) {
    Map<String, String> more = new java.util.TreeMap<>(attributes);
    more.put(
        java.util.Objects.requireNonNull(key, "key"),
        java.util.Objects.requireNonNull(value, "value"));
    return new RunFilter(
        statuses, workflowName, createdFrom, createdBefore, id, more, sort, descending);
  }

  /** What runs can be sorted by. */
  public enum Sort {
    /** When the run was created (started or scheduled). Indexed. */
    CREATED_AT,
    /** When the run began to execute. Not indexed: sorts every run that matches. */
    STARTED_AT,
    /** When the run ended. Indexed. */
    COMPLETED_AT,
    /** When the run last changed. Not indexed: sorts every run that matches. */
    UPDATED_AT,
    /** The workflow's name, then the creation time. Indexed. */
    WORKFLOW_NAME,
    /** The status, by name. Not indexed: sorts every run that matches. */
    STATUS
  }
}
