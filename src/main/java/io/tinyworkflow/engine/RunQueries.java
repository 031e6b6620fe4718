package io.tinyworkflow.engine;

import io.tinyworkflow.api.RunFilter;
import io.tinyworkflow.api.RunsPerMinute;
import io.tinyworkflow.api.ServerLoad;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.EventLog;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.StepJournal;
import io.tinyworkflow.persistence.WaitStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads runs and their events for the client, the REST API and the UI, without a transaction of
 * their own.
 */
@ApplicationScoped
public class RunQueries {

  @Inject RunTable runs;
  @Inject io.tinyworkflow.persistence.RunTotals totals;
  @Inject EventLog events;
  @Inject StepJournal journal;
  @Inject WaitStore waits;

  /**
   * Lists the children a run started, in the order it started them.
   *
   * @param parentRunId the parent run
   * @return the children
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<RunRecord> children(String parentRunId) {
    return runs.children(parentRunId, false);
  }

  /**
   * Reads a run.
   *
   * @param runId the run
   * @return the run, if any
   */
  public Optional<RunRecord> find(String runId) {
    return runs.read(runId);
  }

  /**
   * Counts the runs in each status.
   *
   * @return the counts; statuses without runs are absent
   */
  Map<WorkflowStatus, Long> countByStatus() {
    return totals.countByStatus(null);
  }

  /**
   * Counts the runs that have not ended by workflow and version.
   *
   * @return by workflow, the counts by version
   */
  Map<String, Map<String, Long>> versionsInFlight() {
    return runs.versionsInFlight();
  }

  /**
   * Lists runs, newest first.
   *
   * @param status only this status, or {@code null}
   * @param workflowName only this workflow, or {@code null}
   * @param limit at most this many
   * @param offset skip this many
   * @return the runs
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<RunRecord> list(WorkflowStatus status, String workflowName, int limit, int offset) {
    RunFilter filter =
        RunFilter.ALL
            .withStatuses(status == null ? Set.of() : Set.of(status))
            .withWorkflowName(workflowName);
    return runs.page(filter, limit, offset);
  }

  /**
   * Lists a page of the runs a filter selects.
   *
   * @param filter which runs and in what order
   * @param limit at most this many
   * @param offset skip this many
   * @return the runs
   */
  List<RunRecord> find(RunFilter filter, int limit, int offset) {
    return runs.page(filter, limit, offset);
  }

  /**
   * Lists the page of the runs a filter selects that follows a run.
   *
   * @param filter which runs, ordered by creation time
   * @param afterRunId the previous page's last run
   * @param limit at most this many
   * @return the runs, or nothing when that run is not found
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  Optional<List<RunRecord>> findAfter(RunFilter filter, String afterRunId, int limit) {
    return runs.read(afterRunId).map(after -> runs.pageAfter(filter, after, limit));
  }

  /**
   * Counts the runs a filter selects.
   *
   * @param filter which runs
   * @return how many
   */
  long count(RunFilter filter) {
    return runs.count(filter);
  }

  /**
   * Counts the runs a filter selects, up to a bound.
   *
   * @param filter which runs
   * @param atMost the bound
   * @return how many, or {@code atMost + 1} when there are more
   */
  long count(RunFilter filter, long atMost) {
    return runs.count(filter, atMost);
  }

  /**
   * Counts the runs created, completed and failed per minute.
   *
   * @param since the start of the first minute
   * @return the minutes that have any
   */
  List<RunsPerMinute> perMinute(Instant since) {
    return runs.perMinute(since);
  }

  /**
   * Lists the servers holding running runs.
   *
   * @param now the current time
   * @return the servers
   */
  List<ServerLoad> servers(Instant now) {
    return runs.servers(now);
  }

  /**
   * Finds the run started with an idempotency key.
   *
   * @param key the key
   * @return the run, if any
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunRecord> findByIdempotencyKey(String key) {
    return runs.findByIdempotencyKey(key);
  }

  /**
   * Reads what a run's audit trail is made of, in one transaction.
   *
   * @param runId the run
   * @param limit at most this many events
   * @return the run, its events and its journal; empty when no such run exists
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<AuditTrail.Rows> audit(String runId, int limit) {
    return runs.find(runId)
        .map(run -> new AuditTrail.Rows(run, events.read(runId, limit), journal.outcomes(runId)));
  }

  /**
   * Reads what a run's step history is made of (three reads: a step may change between them).
   *
   * @param runId the run
   * @return its journal, failed attempts and open waits; empty when no such run exists
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<StepHistory.Rows> steps(String runId) {
    return runs.find(runId)
        .map(
            run ->
                new StepHistory.Rows(
                    run.retryCount(),
                    journal.outcomes(runId),
                    events.read(runId, List.of(RunLifecycle.ATTEMPT_FAILED)),
                    waits.openWaits(runId)));
  }
}
