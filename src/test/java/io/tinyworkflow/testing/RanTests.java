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
      write(m.getClassName() + " " + m.getMethodName() + " " + result.getStatus());
    }
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (file != null && test.getSource().orElse(null) instanceof MethodSource m) {
      write(m.getClassName() + " " + m.getMethodName() + " SKIPPED");
    }
  }

  private synchronized void write(String line) {
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
