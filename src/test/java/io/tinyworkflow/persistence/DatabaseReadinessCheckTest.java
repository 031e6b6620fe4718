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
    DataSource unreachable = unreachable("postgresql://tw:hunter2@db:5432/tw");
    SchemaMigrator migrator = new SchemaMigrator();
    migrator.dataSource = unreachable;
    migrator.start(); // the application starts; the schema waits for the database

    assertFalse(migrator.ready());
    DatabaseReadinessCheck check = new DatabaseReadinessCheck();
    check.dataSource = unreachable;
    check.migrator = migrator;
    DatabaseReadinessCheck.Probe probe = check.probe();

    assertFalse(probe.up());
    String error = probe.data().get("error");
    assertEquals(
        "the database schema could not be brought up to date (Cannot connect to"
            + " postgresql://tw:***@db:5432/tw); trying again every 5 s",
        error);
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
