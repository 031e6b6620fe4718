package io.tinyworkflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The FFDC incidents a Liberty server wrote: each one is a stack trace an operator must read. */
public final class Incidents {

  private Incidents() {}

  /**
   * Counts the incidents in a server's log folder.
   *
   * @param logs the server's {@code logs} folder
   * @return how many FFDC incident files it holds
   * @throws IOException when the folder cannot be read
   */
  public static long count(Path logs) throws IOException {
    Path ffdc = logs.resolve("ffdc");
    if (!Files.isDirectory(ffdc)) {
      return 0;
    }
    try (var files = Files.list(ffdc)) {
      return files.filter(f -> f.getFileName().toString().startsWith("ffdc_")).count();
    }
  }

  /**
   * Counts the incidents of the server this code runs in.
   *
   * @return how many FFDC incident files its log folder holds
   * @throws IOException when the folder cannot be read
   */
  public static long ofThisServer() throws IOException {
    String output = System.getProperty("server.output.dir");
    if (output == null) {
      throw new IllegalStateException("not in a Liberty server: no server.output.dir");
    }
    return count(Path.of(output, "logs"));
  }
}
