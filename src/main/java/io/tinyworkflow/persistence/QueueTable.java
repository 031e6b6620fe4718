package io.tinyworkflow.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The owner of {@code workflow_queues}: a row per queue with limits, which the servers lock while
 * they claim the queue's runs, so that two servers never both take its last free place; it holds
 * the tokens of the queue's start rate.
 */
@ApplicationScoped
public class QueueTable {

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  /**
   * A queue's start-rate tokens.
   *
   * @param tokens the executions it may begin now
   * @param refilledAt when they were counted, in epoch milliseconds (0: never)
   */
  public record Bucket(double tokens, long refilledAt) {}

  /**
   * Makes a queue's row, unless it exists, in a transaction of its own: no claim holds a lock then,
   * so servers that do this at once do not deadlock.
   *
   * @param queue the queue
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void create(String queue) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      String insert =
          product.contains("SQLite")
              ? "INSERT OR IGNORE INTO workflow_queues (queue_name, tokens, refilled_at)"
                  + " VALUES (?, 0, 0)"
              : product.contains("PostgreSQL")
                  ? "INSERT INTO workflow_queues (queue_name, tokens, refilled_at) VALUES (?, 0, 0)"
                      + " ON CONFLICT (queue_name) DO NOTHING"
                  : "INSERT IGNORE INTO workflow_queues (queue_name, tokens, refilled_at)"
                      + " VALUES (?, 0, 0)";
      try (PreparedStatement s = c.prepareStatement(insert)) {
        s.setString(1, queue);
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot make the row of queue '" + queue + "'", e);
    }
  }

  /**
   * Locks a queue's row until the transaction ends ({@link #create} made it).
   *
   * @param queue the queue
   * @return its tokens
   * @throws PersistenceFailure when its row is missing or cannot be locked
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Bucket lock(String queue) {
    try (Connection c = dataSource.getConnection()) {
      boolean sqlite = c.getMetaData().getDatabaseProductName().contains("SQLite");
      Bucket bucket = select(c, queue, !sqlite);
      if (bucket == null) {
        throw new PersistenceFailure("The queue '" + queue + "' has no row", null);
      }
      return bucket;
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot lock the queue '" + queue + "'", e);
    }
  }

  /**
   * Stores a queue's tokens, in the transaction that locked it.
   *
   * @param queue the queue
   * @param bucket its tokens now
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void update(String queue, Bucket bucket) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_queues SET tokens = ?, refilled_at = ? WHERE queue_name = ?")) {
      s.setDouble(1, bucket.tokens());
      s.setLong(2, bucket.refilledAt());
      s.setString(3, queue);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceFailure("Cannot update the queue '" + queue + "'", e);
    }
  }

  private static Bucket select(Connection c, String queue, boolean forUpdate) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT tokens, refilled_at FROM workflow_queues WHERE queue_name = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      s.setString(1, queue);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new Bucket(r.getDouble(1), r.getLong(2)) : null;
      }
    }
  }
}
