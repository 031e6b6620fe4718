package io.tinyworkflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The application reads the time from the one injected {@link java.time.Clock} (the database's
 * time), so that servers agree and tests can fix it: only the clock itself and its calibration read
 * the machine's time.
 */
class OneClockTest {

  private static final Pattern MACHINE_TIME =
      Pattern.compile(
          "\\b(Instant|LocalDateTime|LocalDate|ZonedDateTime|OffsetDateTime)\\.now\\(\\)"
              + "|System\\.currentTimeMillis\\(\\)");

  /** The clock, and the calibration that compares the machine's time with the database's. */
  private static final List<String> ALLOWED =
      List.of("engine/DatabaseClock.java", "engine/ClockSync.java");

  @Test
  void onlyTheClockReadsTheMachinesTime() throws IOException {
    List<String> found = new ArrayList<>();
    Path root = Path.of("src/main/java/io/tinyworkflow");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = root.relativize(f).toString();
        if (ALLOWED.contains(name)) {
          continue;
        }
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          boolean comment = line.startsWith("*") || line.startsWith("//");
          if (!comment && MACHINE_TIME.matcher(line).find()) {
            found.add(name + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }
}
