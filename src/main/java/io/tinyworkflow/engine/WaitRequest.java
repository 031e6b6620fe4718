package io.tinyworkflow.engine;

import java.time.Instant;

/**
 * What a run's body waits for when it unwinds: an approval, the end of a sleep, or a signal.
 *
 * @param step the waiting step
 * @param kind {@code approval}, {@code sleep} or {@code signal}
 * @param key the approval key, the signal name, or {@code sleep}
 * @param deadline when the wait ends without an answer, or {@code null} for never
 */
record WaitRequest(int step, String kind, String key, Instant deadline, String approverRole) {}
