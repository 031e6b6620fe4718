package io.tinyworkflow.engine;

import java.time.Instant;

/**
 * A CDI event, fired after a run paused with a deadline committed: the run becomes due then, and
 * this server sets an EJB timer for that moment. The stored deadline is what counts; the timer only
 * makes this server punctual, and after a restart the poll finds the run.
 *
 * @param runId the run
 * @param at when it is due
 */
public record RunDue(String runId, Instant at) {}
