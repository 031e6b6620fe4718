package io.tinyworkflow.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The engine's settings (MicroProfile Config: a server.xml variable or an environment variable such
 * as {@code TINYWORKFLOW_LEASE_SECONDS}) and this server's identity.
 */
@ApplicationScoped
public class EngineSettings {

  @Inject
  @ConfigProperty(name = "tinyworkflow.lease.seconds", defaultValue = "30")
  int leaseSeconds;

  @Inject
  @ConfigProperty(name = "tinyworkflow.poll.batch", defaultValue = "50")
  int pollBatch;

  @Inject
  @ConfigProperty(name = "tinyworkflow.executions.max", defaultValue = "100")
  int maxExecutions;

  @Inject
  @ConfigProperty(name = "tinyworkflow.shutdown.grace.seconds", defaultValue = "10")
  int shutdownGraceSeconds;

  private final String serverId = createServerId();

  /**
   * How long a stopping server lets its running steps finish before it interrupts them.
   *
   * @return the grace period, zero or more
   */
  public Duration shutdownGrace() {
    return Duration.ofSeconds(Math.max(0, shutdownGraceSeconds));
  }

  /**
   * How long a run's lease holds without renewal: a dead server's runs are claimed after it.
   *
   * @return the lease duration
   */
  public Duration lease() {
    return Duration.ofSeconds(leaseSeconds);
  }

  /**
   * How many due runs one poll claims at most.
   *
   * @return the batch size
   */
  public int pollBatch() {
    return pollBatch;
  }

  /**
   * How many runs this server executes at once at most: it claims no more, so that a backlog waits
   * in the database, where idle servers take it, rather than in this server's queue.
   *
   * @return the capacity, at least 1
   */
  public int maxExecutions() {
    return Math.max(1, maxExecutions);
  }

  /**
   * This server's identity in leases: host, process and a random part, new at every start.
   *
   * @return the identity
   */
  public String serverId() {
    return serverId;
  }

  private static String createServerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    long pid = ManagementFactory.getRuntimeMXBean().getPid();
    return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
  }
}
