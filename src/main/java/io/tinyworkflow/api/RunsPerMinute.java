package io.tinyworkflow.api;

import java.time.Instant;

/**
 * How many runs were created, completed and failed in one minute: a point of the dashboard's chart.
 *
 * @param minute the start of the minute
 * @param started runs created in it (started or scheduled)
 * @param completed runs that completed in it
 * @param failed runs that failed in it
 */
public record RunsPerMinute(Instant minute, long started, long completed, long failed) {}
