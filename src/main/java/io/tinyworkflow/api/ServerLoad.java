package io.tinyworkflow.api;

import java.time.Instant;

/**
 * A server that holds runs: it renewed their leases lately, so it is alive.
 *
 * @param server the server's name, as its runs' lease owner
 * @param runs how many runs it holds
 * @param leaseUntil the latest of their leases: a server that stops renewing loses them then
 */
public record ServerLoad(String server, long runs, Instant leaseUntil) {}
