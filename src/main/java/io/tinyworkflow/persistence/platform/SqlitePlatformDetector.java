package io.tinyworkflow.persistence.platform;

import java.sql.SQLException;
import org.eclipse.persistence.internal.databaseaccess.DatabaseAccessor;
import org.eclipse.persistence.platform.database.DatabasePlatform;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * Installs {@link SqlitePlatform} when EclipseLink connects to SQLite, and leaves its own detection
 * of PostgreSQL and MySQL alone.
 *
 * <p>EclipseLink detects the platform from the connection's product name and falls back to the
 * generic {@link DatabasePlatform} for names it does not know. Its detection runs after session
 * customizers, so the swap happens on the first connection ({@code postConnect}), before
 * descriptors and sequencing are initialized. Registered through {@code
 * eclipselink.session-event-listener} in {@code persistence.xml}.
 */
public class SqlitePlatformDetector extends SessionEventAdapter {

  @Override
  public void postConnect(SessionEvent event) {
    DatasourceLogin login = (DatasourceLogin) event.getSession().getDatasourceLogin();
    if (login.getDatasourcePlatform().getClass() != DatabasePlatform.class) {
      return;
    }
    if (!(event.getResult() instanceof DatabaseAccessor accessor)) {
      return;
    }
    try {
      String product = accessor.getConnection().getMetaData().getDatabaseProductName();
      if ("SQLite".equalsIgnoreCase(product)) {
        SqlitePlatform platform = new SqlitePlatform();
        login.usePlatform(platform);
        accessor.setDatasourcePlatform(platform);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the database product name", e);
    }
  }
}
