package io.tinyworkflow.persistence.jdbc;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source behind {@code jdbc/tinyworkflow}: it takes one database URL (see {@link
 * DatabaseUrl}) and connects through whichever driver of the server's JDBC library accepts it.
 * Liberty pools the connections it returns.
 *
 * <p>Configured in {@code server.xml} as the {@code javax.sql.DataSource} of the {@code
 * jdbcDriver}, with the URL in the {@code url} property. A malformed URL or an unreachable database
 * fails {@link #getConnection()} with a message that names the URL, password masked.
 */
public class UrlDataSource implements DataSource {

  private static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

  private volatile String url;
  private volatile String user;
  private volatile String password;
  private volatile int loginTimeout;
  private volatile PrintWriter logWriter;
  private volatile Resolved resolved;

  private record Resolved(String url, DatabaseUrl database, Driver driver) {}

  /**
   * Sets the database URL: a JDBC URL or one of the guide's forms.
   *
   * @param url the database URL
   */
  public void setUrl(String url) {
    this.url = url;
    this.resolved = null;
  }

  /**
   * Returns the configured database URL.
   *
   * @return the URL as configured
   */
  public String getUrl() {
    return url;
  }

  /**
   * Sets a user that overrides the one in the URL.
   *
   * @param user the user name
   */
  public void setUser(String user) {
    this.user = user;
  }

  /**
   * Returns the user that overrides the one in the URL.
   *
   * @return the user name, or {@code null}
   */
  public String getUser() {
    return user;
  }

  /**
   * Sets a password that overrides the one in the URL.
   *
   * @param password the password
   */
  public void setPassword(String password) {
    this.password = password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    Resolved r = resolve();
    Properties info = new Properties();
    String u = username != null ? username : r.database().user();
    String p = pass != null ? pass : r.database().password();
    if (u != null) {
      info.setProperty("user", u);
    }
    if (p != null) {
      info.setProperty("password", p);
    }
    int timeout = loginTimeout > 0 ? loginTimeout : DEFAULT_CONNECT_TIMEOUT_SECONDS;
    switch (r.database().kind()) {
      case POSTGRESQL -> info.setProperty("connectTimeout", Integer.toString(timeout));
      case MYSQL -> info.setProperty("connectTimeout", Integer.toString(timeout * 1000));
      case SQLITE -> {}
    }
    try {
      Connection connection = r.driver().connect(r.database().jdbcUrl(), info);
      if (connection == null) {
        throw new SQLException("The JDBC driver refused the URL");
      }
      return r.database().kind() == DatabaseUrl.Kind.SQLITE
          ? SqliteTransactions.wrap(connection)
          : connection;
    } catch (SQLException e) {
      throw new SQLException(
          "Cannot connect to the database '" + r.database().masked() + "': " + e.getMessage(),
          e.getSQLState(),
          e.getErrorCode(),
          e);
    }
  }

  private Resolved resolve() throws SQLException {
    String current = url;
    Resolved r = resolved;
    if (r != null && r.url().equals(current)) {
      return r;
    }
    DatabaseUrl database;
    try {
      database = DatabaseUrl.parse(current);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "08001", e);
    }
    r = new Resolved(current, database, driverFor(database));
    createSqliteDirectory(database);
    resolved = r;
    return r;
  }

  private Driver driverFor(DatabaseUrl database) throws SQLException {
    for (Driver driver : ServiceLoader.load(Driver.class, getClass().getClassLoader())) {
      if (driver.acceptsURL(database.jdbcUrl())) {
        return driver;
      }
    }
    throw new SQLException(
        "No JDBC driver in the server's library accepts the database '"
            + database.masked()
            + "' ("
            + database.kind()
            + ")",
        "08001");
  }

  private static void createSqliteDirectory(DatabaseUrl database) throws SQLException {
    String file = database.sqliteFile();
    if (file == null) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new SQLException(
          "Cannot create the directory of the SQLite database '"
              + database.masked()
              + "': "
              + e.getMessage(),
          "08001",
          e);
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("No parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("Not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
