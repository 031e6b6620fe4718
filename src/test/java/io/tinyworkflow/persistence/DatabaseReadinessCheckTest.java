package io.tinyworkflow.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DatabaseReadinessCheckTest {

  @Test
  void isDownWithTheMaskedCauseWhileTheDatabaseIsUnreachable() {
    DatabaseReadinessCheck check = new DatabaseReadinessCheck();
    check.dataSource = unreachable("postgresql://tw:hunter2@db:5432/tw");
    check.migrator = new SchemaMigrator();

    DatabaseReadinessCheck.Probe probe = check.probe();

    assertFalse(probe.up());
    String error = probe.data().get("error");
    assertEquals("Cannot connect to postgresql://tw:***@db:5432/tw", error);
    assertFalse(error.contains("hunter2"));
  }

  private static DataSource unreachable(String url) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new SQLException("Cannot connect to " + url, "08001");
            });
  }
}
