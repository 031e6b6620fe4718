package io.tinyworkflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the application depend on each other in one direction only: a package that uses
 * another (by an import or a qualified name) is never used by it, directly or through others. A new
 * cycle fails this test, naming it.
 */
class PackageCyclesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(io\\.tinyworkflow(?:\\.[a-z]\\w*)+)\\.[A-Z]");

  @Test
  void theApplicationsPackagesHaveNoCycle() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertTrue(uses.containsKey("io.tinyworkflow.engine"), "no sources read: " + uses.keySet());
    assertTrue(
        uses.get("io.tinyworkflow.scheduling").contains("io.tinyworkflow.engine"),
        "scheduling uses the engine");
    assertEquals(List.of(), cycles(uses));
  }

  @Test
  void onlyThePersistencePackageSeesEntities() throws IOException {
    Pattern entity = Pattern.compile("\\b(RunEntity|StepEntity|EventEntity)\\b");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        if (f.startsWith(SOURCES.resolve("io/tinyworkflow/persistence"))) {
          continue;
        }
        Matcher m = entity.matcher(Files.readString(f));
        if (m.find()) {
          found.add(SOURCES.relativize(f) + " uses " + m.group(1));
        }
      }
    }
    assertEquals(List.of(), found, "the engine and the edges receive records, never entities");
  }

  @Test
  void theCheckFindsACycleThroughSeveralPackages() {
    Map<String, Set<String>> uses =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertEquals(List.of("a -> b -> c -> a"), cycles(uses));
  }

  /** Each package and the packages of the application that it uses. */
  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                String text;
                try {
                  text = Files.readString(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) {
                  return;
                }
                String own = p.group(1);
                Set<String> used = uses.computeIfAbsent(own, k -> new TreeSet<>());
                Matcher r = REFERENCE.matcher(text);
                while (r.find()) {
                  if (!r.group(1).equals(own)) {
                    used.add(r.group(1));
                  }
                }
              });
    }
    return uses;
  }

  /** The cycles of a dependency graph, each once, as "a -> b -> a" from its smallest package. */
  static List<String> cycles(Map<String, Set<String>> uses) {
    Set<String> found = new TreeSet<>();
    for (String start : new TreeSet<>(uses.keySet())) {
      walk(start, start, new ArrayList<>(List.of(start)), uses, found);
    }
    return new ArrayList<>(found);
  }

  private static void walk(
      String start,
      String at,
      List<String> path,
      Map<String, Set<String>> uses,
      Set<String> found) {
    for (String next : uses.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        if (path.stream().allMatch(p -> p.compareTo(start) >= 0)) {
          found.add(String.join(" -> ", path) + " -> " + start);
        }
      } else if (!path.contains(next) && next.compareTo(start) > 0) {
        path.add(next);
        walk(start, next, path, uses, found);
        path.remove(path.size() - 1);
      }
    }
  }
}
