package io.tinyworkflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Records each test that ended, with its own class and how it ended, one line each, in the file
 * that the system property {@code tinyworkflow.it.ran} names (one per database's run of the
 * integration tests). {@code .ci/run} reads it to check that every suite class written for a
 * database ran there: the XML reports cannot tell, since the suites that start servers of their own
 * run beside the others and the report writer may file their tests under another class.
 */
public class RanTests implements TestExecutionListener {

  private final Path file = file();

  private static Path file() {
    String name = System.getProperty("tinyworkflow.it.ran");
    return name == null || name.isBlank() ? null : Path.of(name);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (file != null && test.isTest() && test.getSource().orElse(null) instanceof MethodSource m) {
      write(
          m.getClassName(), m.getClassName() + " " + m.getMethodName() + " " + result.getStatus());
    }
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (file != null && test.getSource().orElse(null) instanceof MethodSource m) {
      write(m.getClassName(), m.getClassName() + " " + m.getMethodName() + " SKIPPED");
    }
  }

  /**
   * The file of a test's database: a suite with servers of its own may run while another database's
   * test server runs (failsafe's executions share them out), so a class written for PostgreSQL or
   * MariaDB is filed under its own database, whichever run it was part of.
   */
  private Path fileOf(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    if (simple.startsWith("Postgres")) {
      return file.resolveSibling("postgres.txt");
    }
    if (simple.startsWith("MariaDb")) {
      return file.resolveSibling("mariadb.txt");
    }
    if (simple.startsWith("Sqlite")) {
      return file.resolveSibling("sqlite.txt");
    }
    return file;
  }

  private synchronized void write(String className, String line) {
    Path file = fileOf(className);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
