package io.tinyworkflow.persistence.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Gives SQLite connections the transactions a pool of concurrent writers needs: a transaction takes
 * the database's write lock with {@code BEGIN IMMEDIATE} when its first statement is created, and
 * releases it at commit or rollback.
 *
 * <p>Two things go wrong without it. A deferred transaction that reads and then writes fails at
 * once with {@code SQLITE_BUSY} when another connection wrote in between (the busy timeout does not
 * apply to that upgrade). And the driver's own immediate mode begins the next transaction as soon
 * as one commits, so an idle pooled connection would hold the write lock.
 *
 * <p>The driver's connection stays in auto-commit mode; this handler issues {@code BEGIN IMMEDIATE}
 * before the first statement of a transaction executes (statements are wrapped too, as the server's
 * statement cache reuses them across transactions), and {@code COMMIT} and {@code ROLLBACK} itself.
 */
final class SqliteTransactions implements InvocationHandler {

  private final Connection connection;
  private boolean autoCommit = true;
  private boolean begun;

  private SqliteTransactions(Connection connection) {
    this.connection = connection;
  }

  /**
   * Wraps a SQLite connection.
   *
   * @param connection a connection of the SQLite driver, in auto-commit mode
   * @return the wrapped connection
   */
  static Connection wrap(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            SqliteTransactions.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new SqliteTransactions(connection));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "getAutoCommit":
        return autoCommit;
      case "setAutoCommit":
        setAutoCommit((Boolean) args[0]);
        return null;
      case "commit":
        end("COMMIT");
        return null;
      case "rollback":
        if (args == null || args.length == 0) {
          end("ROLLBACK");
          return null;
        }
        break;
      case "close":
        if (begun && !connection.isClosed()) {
          end("ROLLBACK");
        }
        break;
      case "createStatement":
      case "prepareStatement":
      case "prepareCall":
        return wrapStatement(proxy, method, args);
      case "setSavepoint":
        beginIfNeeded();
        break;
      case "unwrap":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
        break;
      case "isWrapperFor":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return true;
        }
        break;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        break;
    }
    try {
      return method.invoke(connection, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Object wrapStatement(Object connectionProxy, Method method, Object[] args)
      throws Throwable {
    Object statement;
    try {
      statement = method.invoke(connection, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    InvocationHandler handler =
        (proxy, m, a) -> {
          if (m.getName().startsWith("execute")) {
            beginIfNeeded();
          } else if (m.getName().equals("getConnection")) {
            return connectionProxy;
          }
          try {
            return m.invoke(statement, a);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return Proxy.newProxyInstance(
        SqliteTransactions.class.getClassLoader(),
        new Class<?>[] {method.getReturnType()},
        handler);
  }

  private void setAutoCommit(boolean value) throws SQLException {
    if (value && begun) {
      end("COMMIT");
    }
    autoCommit = value;
  }

  private void beginIfNeeded() throws SQLException {
    if (!autoCommit && !begun) {
      execute("BEGIN IMMEDIATE");
      begun = true;
    }
  }

  private void end(String command) throws SQLException {
    if (autoCommit) {
      throw new SQLException("The connection is in auto-commit mode: nothing to " + command);
    }
    if (begun) {
      try {
        execute(command);
      } catch (SQLException e) {
        if (command.equals("COMMIT")) {
          try {
            execute("ROLLBACK"); // never leave the write lock behind
          } catch (SQLException rollback) {
            e.addSuppressed(rollback);
          }
        }
        begun = false;
        throw e;
      }
      begun = false;
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
