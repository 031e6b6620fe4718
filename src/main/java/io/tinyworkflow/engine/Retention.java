package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.persistence.RunTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps the database small: runs that ended longer ago than their workflow's retention ({@code
 * tinyworkflow.retention.days}, 30 by default; {@code tinyworkflow.retention.days.<workflow>} for
 * one workflow; 0 keeps them) are deleted with their steps, events, waits, signals, published
 * values, search attributes and webhook deliveries, in batches of {@link #BATCH} runs, each its own
 * short transaction, so that running work never waits long for them.
 */
@ApplicationScoped
public class Retention {

  private static final Logger LOG = Logger.getLogger(Retention.class.getName());

  /** How many runs one transaction deletes at most. */
  static final int BATCH = 500;

  /** How many batches one scheduled pass deletes at most, so that a backlog goes in steps. */
  static final int BATCHES_PER_PASS = 20;

  static final String DAYS = "tinyworkflow.retention.days";

  @Inject RunTable runs;
  @Inject RunPurge purge;
  @Inject DefaultWorkflowRegistry registry;
  @Inject Clock clock;

  /** The values already reported as invalid, so that each is logged once. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /**
   * Deletes the runs that ended before a time.
   *
   * @param endedBefore the time
   * @param workflowName only runs of this workflow; {@code null} for all
   * @return how many runs were deleted
   */
  public int purge(Instant endedBefore, String workflowName) {
    return purge(workflowName, List.of(), endedBefore, Integer.MAX_VALUE).runs();
  }

  /** One scheduled pass: each workflow's runs past its retention, a bounded number of batches. */
  public void pass() {
    Config config = ConfigProvider.getConfig();
    Instant now = clock.instant();
    int standard = days(config, DAYS, 30);
    Map<String, Integer> own = new TreeMap<>();
    for (WorkflowInfo workflow : registry.workflows()) {
      String key = DAYS + "." + workflow.name();
      if (config.getOptionalValue(key, String.class).isPresent()) {
        own.put(workflow.name(), days(config, key, standard));
      }
    }
    int batches = BATCHES_PER_PASS;
    int purged = 0;
    for (Map.Entry<String, Integer> workflow : own.entrySet()) {
      if (workflow.getValue() > 0 && batches > 0) {
        Instant before = now.minus(Duration.ofDays(workflow.getValue()));
        Purged done = purge(workflow.getKey(), List.of(), before, batches);
        purged += done.runs();
        batches -= done.batches();
      }
    }
    if (standard > 0 && batches > 0) {
      purged += purge(null, own.keySet(), now.minus(Duration.ofDays(standard)), batches).runs();
    }
    if (purged > 0) {
      LOG.info("Purged " + purged + " runs past their retention");
    }
  }

  /** What a purge did: the runs deleted, in how many batches. */
  private record Purged(int runs, int batches) {}

  private Purged purge(
      String workflowName, Collection<String> except, Instant before, int maxBatches) {
    int purged = 0;
    int batches = 0;
    while (batches < maxBatches) {
      List<String> ids = runs.purgeable(workflowName, except, before, BATCH);
      if (ids.isEmpty()) {
        break;
      }
      batches++;
      purged += purge.delete(ids);
      if (ids.size() < BATCH) {
        break;
      }
    }
    return new Purged(purged, batches);
  }

  private int days(Config config, String key, int defaultValue) {
    String value = config.getOptionalValue(key, String.class).orElse(null);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int days = Integer.parseInt(value.strip());
      if (days >= 0) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    if (reported.add(key + "=" + value)) {
      LOG.warning(
          key
              + " must be a whole number of days, 0 to keep runs: '"
              + value
              + "'; using "
              + defaultValue);
    }
    return defaultValue;
  }
}
