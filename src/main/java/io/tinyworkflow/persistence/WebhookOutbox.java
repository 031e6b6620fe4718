package io.tinyworkflow.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The owner of {@code workflow_webhook_subscriptions} and {@code workflow_webhooks}: the URLs
 * configured per workflow, and the outbox of their deliveries. Each statement commits on its own,
 * so that servers that sweep or deliver at once never wait for each other's transactions; the
 * conditional updates and the unique index decide who wins.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class WebhookOutbox {

  /** A delivery waiting in the outbox. */
  public static final String PENDING = "pending";

  /** A delivery the URL accepted. */
  public static final String DELIVERED = "delivered";

  /** A delivery whose attempts are used up. */
  public static final String FAILED = "failed";

  /**
   * A URL configured for a workflow.
   *
   * @param subscriptionId its id
   * @param workflowName the workflow
   * @param url the URL
   * @param sweptUntil the runs that ended before it have their delivery
   * @param createdAt when it was made: runs that ended before it have none
   */
  public record Subscription(
      String subscriptionId,
      String workflowName,
      String url,
      Instant sweptUntil,
      Instant createdAt) {}

  /**
   * A delivery claimed for an attempt.
   *
   * @param deliveryId its id
   * @param runId the run it reports
   * @param url where it goes
   * @param payload the JSON body
   * @param attempt the attempt's number, from 1
   */
  public record Delivery(
      String deliveryId, String runId, String url, String payload, int attempt) {}

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * The subscription of a workflow's URL, made when it is new: it then covers the runs that end
   * from {@code now} on.
   *
   * @param subscriptionId its id
   * @param workflowName the workflow
   * @param url the URL
   * @param now the current time
   * @return the subscription
   */
  public Subscription subscribe(
      String subscriptionId, String workflowName, String url, Instant now) {
    Optional<Subscription> known = subscription(subscriptionId);
    if (known.isPresent()) {
      return known.get();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO workflow_webhook_subscriptions (subscription_id, workflow_name, url,"
                    + " swept_until, created_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, subscriptionId);
      s.setString(2, workflowName);
      s.setString(3, url);
      s.setLong(4, now.toEpochMilli());
      s.setLong(5, now.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      if (DatabaseErrors.kind(e) != DatabaseErrors.Kind.DUPLICATE) {
        throw new PersistenceFailure("Cannot subscribe " + url + " to " + workflowName, e);
      }
      // another server made it first
    }
    return subscription(subscriptionId)
        .orElseThrow(
            () -> new IllegalStateException("The subscription " + subscriptionId + " is gone"));
  }

  /**
   * A subscription, if it was made.
   *
   * @param subscriptionId its id
   * @return the subscription
   */
  public Optional<Subscription> subscription(String subscriptionId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT workflow_name, url, swept_until, created_at"
                    + " FROM workflow_webhook_subscriptions"
                    + " WHERE subscription_id = ?")) {
      s.setString(1, subscriptionId);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(
                new Subscription(
                    subscriptionId,
                    r.getString(1),
                    r.getString(2),
                    Sql.instant(r, 3),
                    Sql.instant(r, 4)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read the subscription " + subscriptionId, e);
    }
  }

  /**
   * The runs of a subscription's workflow that ended from a time on and have no delivery for it
   * yet, in the order they ended.
   *
   * @param subscription the subscription
   * @param from the earliest end
   * @param limit at most this many
   * @return the runs' ids and end times
   */
  public List<EndedRun> endedWithoutDelivery(Subscription subscription, Instant from, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT r.run_id, r.completed_at FROM workflow_runs r
                WHERE r.workflow_name = ? AND r.completed_at >= ?
                  AND r.status IN ('completed', 'failed', 'cancelled')
                  AND NOT EXISTS (SELECT 1 FROM workflow_webhooks w
                    WHERE w.run_id = r.run_id AND w.subscription_id = ?)
                ORDER BY r.completed_at""")) {
      s.setString(1, subscription.workflowName());
      s.setLong(2, from.toEpochMilli());
      s.setString(3, subscription.subscriptionId());
      s.setMaxRows(limit);
      List<EndedRun> runs = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          runs.add(new EndedRun(r.getString(1), Sql.instant(r, 2)));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw new PersistenceFailure(
          "Cannot find the ended runs of " + subscription.workflowName(), e);
    }
  }

  /**
   * A run that ended.
   *
   * @param runId the run
   * @param endedAt when
   */
  public record EndedRun(String runId, Instant endedAt) {}

  /**
   * Puts a delivery in the outbox, due now, unless the run has one for the subscription already.
   *
   * @param subscription the subscription
   * @param deliveryId the delivery's id
   * @param runId the run
   * @param payload the JSON body
   * @param now the current time
   * @return {@code false} when the run had one (another server made it)
   */
  public boolean enqueue(
      Subscription subscription, String deliveryId, String runId, String payload, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO workflow_webhooks (delivery_id, subscription_id, run_id, url, payload,"
                    + " status, attempts, next_attempt_at, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
      s.setString(1, deliveryId);
      s.setString(2, subscription.subscriptionId());
      s.setString(3, runId);
      s.setString(4, subscription.url());
      s.setString(5, payload);
      s.setString(6, PENDING);
      s.setLong(7, now.toEpochMilli());
      s.setLong(8, now.toEpochMilli());
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (DatabaseErrors.kind(e) == DatabaseErrors.Kind.DUPLICATE) {
        return false;
      }
      throw new PersistenceFailure("Cannot queue the webhook of run " + runId, e);
    }
  }

  /**
   * Moves a subscription's sweep forward (never back).
   *
   * @param subscriptionId the subscription
   * @param until the runs that ended before it have their delivery
   */
  public void swept(String subscriptionId, Instant until) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_webhook_subscriptions SET swept_until = ?"
                    + " WHERE subscription_id = ? AND swept_until < ?")) {
      s.setLong(1, until.toEpochMilli());
      s.setString(2, subscriptionId);
      s.setLong(3, until.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot move the sweep of " + subscriptionId, e);
    }
  }

  /**
   * Claims the due deliveries for an attempt each, up to a limit: a claimed delivery is not due
   * again before {@code claimUntil}, so no other server posts it meanwhile.
   *
   * @param now the current time
   * @param claimUntil until when the claim holds
   * @param limit at most this many
   * @return the claimed deliveries
   */
  public List<Delivery> claimDue(Instant now, Instant claimUntil, int limit) {
    List<String> due = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT delivery_id FROM workflow_webhooks WHERE status = ? AND next_attempt_at <= ?"
                  + " ORDER BY next_attempt_at")) {
        s.setString(1, PENDING);
        s.setLong(2, now.toEpochMilli());
        s.setMaxRows(limit);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            due.add(r.getString(1));
          }
        }
      }
      List<Delivery> claimed = new ArrayList<>();
      for (String id : due) {
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_webhooks SET next_attempt_at = ?, attempts = attempts + 1"
                    + " WHERE delivery_id = ? AND status = ? AND next_attempt_at <= ?")) {
          s.setLong(1, claimUntil.toEpochMilli());
          s.setString(2, id);
          s.setString(3, PENDING);
          s.setLong(4, now.toEpochMilli());
          if (s.executeUpdate() == 1) {
            claimed.add(read(c, id));
          }
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot claim the due webhooks", e);
    }
  }

  private static Delivery read(Connection c, String deliveryId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT run_id, url, payload, attempts FROM workflow_webhooks WHERE delivery_id = ?")) {
      s.setString(1, deliveryId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("The webhook delivery " + deliveryId + " is gone");
        }
        return new Delivery(
            deliveryId, r.getString(1), r.getString(2), r.getString(3), r.getInt(4));
      }
    }
  }

  /**
   * Ends a delivery's attempt: delivered, failed for good, or due again at a time.
   *
   * @param deliveryId the delivery
   * @param status {@link #DELIVERED}, {@link #FAILED} or {@link #PENDING}
   * @param nextAttemptAt when it is due again, for {@link #PENDING}
   * @param error why the attempt failed, or {@code null}
   * @param now the current time
   */
  public void attempted(
      String deliveryId, String status, Instant nextAttemptAt, String error, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_webhooks SET status = ?, next_attempt_at = ?, last_error = ?,"
                    + " delivered_at = ? WHERE delivery_id = ?")) {
      s.setString(1, status);
      Sql.setInstant(s, 2, PENDING.equals(status) ? nextAttemptAt : null);
      s.setString(3, error == null ? null : truncate(error, 2000));
      Sql.setInstant(s, 4, DELIVERED.equals(status) ? now : null);
      s.setString(5, deliveryId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot record the attempt of webhook " + deliveryId, e);
    }
  }

  /**
   * The deliveries of a run, oldest first: each one's URL, status, attempts and last error.
   *
   * @param runId the run
   * @return the deliveries
   */
  public List<DeliveryState> ofRun(String runId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT delivery_id, url, status, attempts, last_error, delivered_at"
                    + " FROM workflow_webhooks WHERE run_id = ? ORDER BY created_at")) {
      s.setString(1, runId);
      List<DeliveryState> deliveries = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          deliveries.add(
              new DeliveryState(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getInt(4),
                  r.getString(5),
                  Sql.instant(r, 6)));
        }
      }
      return deliveries;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot read the webhooks of run " + runId, e);
    }
  }

  /**
   * A delivery as it stands.
   *
   * @param deliveryId its id
   * @param url where it goes
   * @param status pending, delivered or failed
   * @param attempts the attempts made
   * @param lastError why the last attempt failed, or {@code null}
   * @param deliveredAt when the URL accepted it, or {@code null}
   */
  public record DeliveryState(
      String deliveryId,
      String url,
      String status,
      int attempts,
      String lastError,
      Instant deliveredAt) {}

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /**
   * Deletes the webhook deliveries of runs that are purged, in the caller's transaction.
   *
   * @param runIds the runs, at least one
   * @return how many rows were deleted
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int deleteRuns(List<String> runIds) {
    return Sql.deleteRuns(dataSource, "workflow_webhooks", runIds);
  }
}
