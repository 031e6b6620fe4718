package io.tinyworkflow.scheduling;

import java.time.Instant;

/**
 * A CDI event, fired when a schedule was created, changed, paused, resumed or deleted: after the
 * change commits, this server sets (or cancels) its timer for the schedule's next occurrence.
 *
 * @param scheduleId the schedule
 * @param nextFireAt its next occurrence, or {@code null} when it fires nothing now
 */
public record ScheduleChanged(String scheduleId, Instant nextFireAt) {}
