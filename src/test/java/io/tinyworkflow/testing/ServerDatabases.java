package io.tinyworkflow.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database of the suites that start servers of their own (crash, outage, two servers, CLI).
 * They run beside the suites of the test server, so they must not share its tables: a server of
 * theirs would claim the test server's runs, and the test server theirs. Theirs is the test
 * database's name with {@code _servers} added, on the same database server, created when missing.
 */
public final class ServerDatabases {

  private static final Pattern URL =
      Pattern.compile("(jdbc:(?:postgresql|mysql|mariadb)://[^/]+/)([A-Za-z0-9_]+)(.*)");

  private static final Map<String, String> CREATED = new ConcurrentHashMap<>();

  private ServerDatabases() {}

  /**
   * The database beside the one a JDBC URL names, created when it does not exist yet.
   *
   * @param testUrl the test server's database, e.g. {@code
   *     jdbc:postgresql://127.0.0.1:5432/tinyworkflow_it?user=postgres}
   * @return the same URL naming {@code tinyworkflow_it_servers}
   */
  public static String beside(String testUrl) {
    return CREATED.computeIfAbsent(testUrl, ServerDatabases::create);
  }

  private static String create(String testUrl) {
    Matcher m = URL.matcher(testUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("no database name in " + testUrl);
    }
    String name = m.group(2) + "_servers";
    try (Connection c = DriverManager.getConnection(testUrl)) {
      if (testUrl.startsWith("jdbc:postgresql:")) {
        boolean exists;
        try (PreparedStatement s =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
          s.setString(1, name);
          try (ResultSet r = s.executeQuery()) {
            exists = r.next();
          }
        }
        if (!exists) {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
          }
        }
      } else {
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE DATABASE IF NOT EXISTS "
                  + name
                  + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the database " + name + ": " + e, e);
    }
    return m.group(1) + name + m.group(3);
  }
}
