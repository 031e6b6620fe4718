package io.tinyworkflow.persistence;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Tells what a database failure means for the caller, from the SQL state and vendor codes of
 * PostgreSQL, MySQL/MariaDB and SQLite found in its causes.
 */
public final class DatabaseErrors {

  /** What a failure means. */
  public enum Kind {
    /** The row exists already: another execution or request wrote it first. */
    DUPLICATE,
    /** The database cannot be reached or has no connection to give: try again later. */
    UNAVAILABLE,
    /** The database refused the data itself (too long, too large, malformed): never retry. */
    REFUSED_DATA,
    /** Anything else. */
    OTHER
  }

  private DatabaseErrors() {}

  /**
   * Classifies a failure by the first database error among its causes.
   *
   * @param failure the failure
   * @return what it means
   */
  public static Kind kind(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException
          || t.getClass().getSimpleName().contains("ConnectionWaitTimeout")) {
        return Kind.UNAVAILABLE;
      }
      if (t instanceof SQLException e) {
        Kind kind = kind(e);
        if (kind != Kind.OTHER) {
          return kind;
        }
      }
    }
    return Kind.OTHER;
  }

  /**
   * Returns the database's own message, the first among the causes.
   *
   * @param failure the failure
   * @return the message of its first {@link SQLException}, or of the failure itself
   */
  public static String message(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof SQLException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return String.valueOf(failure.getMessage());
  }

  private static Kind kind(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    int code = e.getErrorCode();
    // PostgreSQL unique_violation; MySQL ER_DUP_ENTRY; SQLite's constraint messages.
    if ("23505".equals(state)
        || code == 1062
        || message.contains("unique constraint failed")
        || message.contains("primary key must be unique")) {
      return Kind.DUPLICATE;
    }
    // MySQL's packet limit, before the connection state it comes with.
    if (code == 1153
        || e.getClass().getSimpleName().equals("PacketTooBigException")
        || message.contains("max_allowed_packet")) {
      return Kind.REFUSED_DATA;
    }
    if (state.startsWith("08")) {
      return Kind.UNAVAILABLE;
    }
    // Data exceptions (22xxx: too long, bad encoding such as U+0000 in PostgreSQL text), limits
    // exceeded (54xxx), other integrity errors (23xxx), MySQL's data too long and row size limits,
    // SQLite's too big.
    if (state.startsWith("22")
        || state.startsWith("54")
        || state.startsWith("23")
        || code == 1301
        || code == 1406
        || message.contains("string or blob too big")) {
      return Kind.REFUSED_DATA;
    }
    return Kind.OTHER;
  }
}
