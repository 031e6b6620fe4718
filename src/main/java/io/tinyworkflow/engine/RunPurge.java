package io.tinyworkflow.engine;

import io.tinyworkflow.persistence.AttributeStore;
import io.tinyworkflow.persistence.EventLog;
import io.tinyworkflow.persistence.PublishedStateStore;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.SignalStore;
import io.tinyworkflow.persistence.StepJournal;
import io.tinyworkflow.persistence.WaitStore;
import io.tinyworkflow.persistence.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Deletes ended runs with everything recorded of them, a batch in one short transaction of its own:
 * each table's owner deletes its rows, the run's row goes last.
 */
@ApplicationScoped
public class RunPurge {

  @Inject StepJournal journal;
  @Inject EventLog events;
  @Inject WaitStore waits;
  @Inject SignalStore signals;
  @Inject PublishedStateStore published;
  @Inject AttributeStore attributes;
  @Inject WebhookOutbox webhooks;
  @Inject RunTable runs;
  @Inject io.tinyworkflow.persistence.RunTotals totals;

  /**
   * Deletes a batch of ended runs.
   *
   * @param runIds the runs, ended
   * @return how many runs were deleted
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int delete(List<String> runIds) {
    if (runIds.isEmpty()) {
      return 0;
    }
    totals.forget(runIds); // first: it locks the totals' mark, as their counting does
    journal.deleteRuns(runIds);
    events.deleteRuns(runIds);
    waits.deleteRuns(runIds);
    signals.deleteRuns(runIds);
    published.deleteRuns(runIds);
    attributes.deleteRuns(runIds);
    webhooks.deleteRuns(runIds);
    return runs.deleteEnded(runIds);
  }
}
