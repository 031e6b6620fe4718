package io.tinyworkflow.persistence.jdbc;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A database location as users write it: a JDBC URL, or one of the guide's forms ({@code
 * sqlite+aiosqlite:///path.db}, {@code postgresql+asyncpg://user:pass@host:5432/db}, {@code
 * mysql+asyncmy://user:pass@host:3306/db?charset=utf8mb4}), translated to the JDBC URL and
 * credentials of the matching driver.
 *
 * <p>This class depends on the JDK only: it is also packaged in the server's JDBC library.
 *
 * @param kind the database product
 * @param jdbcUrl the URL handed to the JDBC driver, credentials removed
 * @param user the user name, or {@code null} when the URL names none
 * @param password the password, or {@code null} when the URL names none
 * @param masked the URL as the user wrote it, with its password replaced by {@code ***}
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password, String masked) {

  /** The database products a URL may name. */
  public enum Kind {
    SQLITE,
    POSTGRESQL,
    MYSQL
  }

  static final String FORMS =
      "use a JDBC URL (jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql:) or one of"
          + " sqlite+aiosqlite:///path.db, postgresql+asyncpg://user:pass@host:5432/db,"
          + " mysql+asyncmy://user:pass@host:3306/db";

  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@]*:)[^/@]*@");
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)([?&;:](password|pwd)=)[^&;]*");

  /**
   * SQLite settings that suit one file shared by a pool: readers beside one writer (WAL), writers
   * that wait for each other (busy timeout). Transactions begin immediately, see {@link
   * SqliteTransactions}.
   */
  private static final Map<String, String> SQLITE_DEFAULTS =
      Map.of(
          "journal_mode", "WAL",
          "busy_timeout", "30000",
          "synchronous", "NORMAL",
          "foreign_keys", "true");

  /**
   * Parses a database URL.
   *
   * @param url the URL as configured
   * @return the parsed URL
   * @throws IllegalArgumentException naming the (masked) URL when it is empty, malformed or of an
   *     unsupported kind
   */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("The database URL is empty: " + FORMS);
    }
    String trimmed = url.trim();
    String masked = mask(trimmed);
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return sqlite(trimmed.substring("jdbc:sqlite:".length()), masked);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(Kind.POSTGRESQL, trimmed, null, null, masked);
    }
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      String jdbc = "jdbc:mysql:" + trimmed.substring(trimmed.indexOf(':', 5) + 1);
      return new DatabaseUrl(Kind.MYSQL, jdbc, null, null, masked);
    }
    int colon = lower.indexOf("://");
    if (colon < 0) {
      throw unsupported(masked);
    }
    String dialect = lower.substring(0, colon);
    int plus = dialect.indexOf('+');
    String product = plus < 0 ? dialect : dialect.substring(0, plus);
    switch (product) {
      case "sqlite":
        return sqliteFromGuide(trimmed.substring(colon + 3), masked);
      case "postgresql":
      case "postgres":
        return server(Kind.POSTGRESQL, "jdbc:postgresql://", 5432, trimmed, masked);
      case "mysql":
      case "mariadb":
        return server(Kind.MYSQL, "jdbc:mysql://", 3306, trimmed, masked);
      default:
        throw unsupported(masked);
    }
  }

  /**
   * Returns the URL with any password replaced by {@code ***}, for messages and logs.
   *
   * @param url a database URL, possibly malformed
   * @return the masked URL
   */
  public static String mask(String url) {
    if (url == null) {
      return "";
    }
    String masked = USER_INFO_PASSWORD.matcher(url).replaceAll("$1***@");
    return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
  }

  /**
   * Returns the SQLite database file, or {@code null} for other kinds and in-memory databases.
   *
   * @return the path of the database file as written in the JDBC URL
   */
  public String sqliteFile() {
    if (kind != Kind.SQLITE) {
      return null;
    }
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    String file = query < 0 ? rest : rest.substring(0, query);
    if (file.startsWith("file:")) {
      file = file.substring("file:".length());
    }
    return file.isEmpty() || file.startsWith(":memory:") ? null : file;
  }

  private static DatabaseUrl sqliteFromGuide(String afterScheme, String masked) {
    // sqlite:///relative.db and sqlite:////absolute/path.db, as SQLAlchemy writes them.
    if (!afterScheme.startsWith("/") || afterScheme.length() < 2) {
      throw new IllegalArgumentException(
          "The database URL '" + masked + "' names no SQLite file: " + FORMS);
    }
    return sqlite(afterScheme.substring(1), masked);
  }

  private static DatabaseUrl sqlite(String fileAndQuery, String masked) {
    int query = fileAndQuery.indexOf('?');
    String file = query < 0 ? fileAndQuery : fileAndQuery.substring(0, query);
    if (file.isBlank() || file.contains(":memory:") || file.contains("mode=memory")) {
      throw new IllegalArgumentException(
          "The database URL '"
              + masked
              + "' names an in-memory SQLite database, which a connection pool cannot share:"
              + " name a file, e.g. sqlite+aiosqlite:///tinyworkflow.db");
    }
    Map<String, String> params = new LinkedHashMap<>(SQLITE_DEFAULTS);
    if (query >= 0) {
      params.putAll(parseQuery(fileAndQuery.substring(query + 1), masked));
    }
    return new DatabaseUrl(
        Kind.SQLITE, "jdbc:sqlite:" + file + "?" + joinQuery(params), null, null, masked);
  }

  private static DatabaseUrl server(
      Kind kind, String jdbcPrefix, int defaultPort, String url, String masked) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "The database URL '" + masked + "' is malformed (" + e.getReason() + "): " + FORMS, e);
    }
    String host = uri.getHost();
    String path = uri.getRawPath();
    if (host == null || path == null || path.length() < 2) {
      throw new IllegalArgumentException(
          "The database URL '" + masked + "' needs a host and a database name: " + FORMS);
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int sep = userInfo.indexOf(':');
      user = decode(sep < 0 ? userInfo : userInfo.substring(0, sep));
      password = sep < 0 ? null : decode(userInfo.substring(sep + 1));
    }
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    Map<String, String> params = new LinkedHashMap<>();
    if (kind == Kind.MYSQL) {
      params.put("characterEncoding", "UTF-8");
    }
    if (uri.getRawQuery() != null) {
      for (Map.Entry<String, String> e : parseQuery(uri.getRawQuery(), masked).entrySet()) {
        if (kind == Kind.MYSQL && e.getKey().equalsIgnoreCase("charset")) {
          continue; // utf8mb4 is what characterEncoding=UTF-8 gives
        }
        params.put(e.getKey(), e.getValue());
      }
    }
    String jdbc = jdbcPrefix + host + ":" + port + path;
    if (!params.isEmpty()) {
      jdbc += "?" + joinQuery(params);
    }
    return new DatabaseUrl(kind, jdbc, user, password, masked);
  }

  private static Map<String, String> parseQuery(String query, String masked) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "The database URL '"
                + masked
                + "' has a malformed parameter '"
                + mask("?" + pair).substring(1)
                + "': parameters are name=value pairs joined by &");
      }
      params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return params;
  }

  private static String joinQuery(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    params.forEach((k, v) -> pairs.add(k + "=" + v));
    return String.join("&", pairs);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException unsupported(String masked) {
    return new IllegalArgumentException(
        "The database URL '" + masked + "' is not a supported database URL: " + FORMS);
  }
}
