package io.tinyworkflow.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every Java sample of the README is compiled code: a region of {@link ReadmeSamples}. */
class ReadmeSamplesTest {

  private static final Path README = Path.of("README.md");
  private static final Path SAMPLES =
      Path.of("src/test/java/io/tinyworkflow/readme/ReadmeSamples.java");

  @Test
  void everyJavaSampleOfTheReadmeIsARegionOfTheCompiledSamples() throws IOException {
    String readme = Files.readString(README);
    Map<String, String> regions = regions(Files.readAllLines(SAMPLES));
    Matcher tagged =
        Pattern.compile("<!-- snippet: ([\\w-]+) -->\\n```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    List<String> seen = new ArrayList<>();
    while (tagged.find()) {
      String name = tagged.group(1);
      assertTrue(regions.containsKey(name), "no region '" + name + "' in " + SAMPLES);
      assertEquals(regions.get(name), tagged.group(2), "README sample '" + name + "'");
      seen.add(name);
    }
    long javaBlocks = Pattern.compile("```java\\n").matcher(readme).results().count();
    assertEquals(
        javaBlocks, seen.size(), "a ```java block of the README has no <!-- snippet: --> tag");
    assertEquals(regions.keySet().stream().sorted().toList(), seen.stream().sorted().toList());
  }

  /** The regions by name, each dedented and without trailing blank lines, lines ending in \n. */
  private static Map<String, String> regions(List<String> lines) {
    Map<String, String> regions = new LinkedHashMap<>();
    String name = null;
    List<String> body = new ArrayList<>();
    for (String line : lines) {
      String stripped = line.strip();
      if (stripped.startsWith("// snippet: ")) {
        name = stripped.substring("// snippet: ".length());
        body = new ArrayList<>();
      } else if (stripped.equals("// end snippet")) {
        while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
          body.remove(body.size() - 1);
        }
        int indent =
            body.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder text = new StringBuilder();
        for (String l : body) {
          text.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        regions.put(name, text.toString());
        name = null;
      } else if (name != null) {
        body.add(line);
      }
    }
    return regions;
  }
}
