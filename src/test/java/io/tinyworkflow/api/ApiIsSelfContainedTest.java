package io.tinyworkflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Users import only {@code io.tinyworkflow.api}, so it must not depend on the internals. */
class ApiIsSelfContainedTest {

  @Test
  void apiImportsNothingInternal() throws IOException {
    Path api = Path.of("src/main/java/io/tinyworkflow/api");
    List<String> offending;
    try (Stream<Path> files = Files.walk(api)) {
      offending =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .flatMap(ApiIsSelfContainedTest::internalImports)
              .toList();
    }
    assertFalse(Files.notExists(api));
    assertEquals(List.of(), offending);
  }

  private static Stream<String> internalImports(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> line.matches("import (static )?io\\.tinyworkflow\\..*"))
          .filter(line -> !line.matches("import (static )?io\\.tinyworkflow\\.api[.;].*"))
          .map(line -> file.getFileName() + ": " + line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
