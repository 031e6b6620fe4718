package io.tinyworkflow.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Runs {@code bin/tinyworkflow} as a user does: commands as processes, and servers started with
 * {@code tinyworkflow server} or {@code worker}, waited for until ready, stopped as Ctrl+C would.
 */
final class CliProcesses {

  static final Path HOME =
      Path.of(System.getProperty("tinyworkflow.it.home", ".")).toAbsolutePath();
  static final Path BIN = HOME.resolve("bin/tinyworkflow");

  /** A finished command: its exit code and output. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private CliProcesses() {}

  /**
   * Runs one command against a server.
   *
   * @param url the server, as TINYWORKFLOW_URL
   * @param args the command line
   * @return what it did
   */
  static Result run(String url, String... args) throws Exception {
    return run(url, Map.of(), args);
  }

  /**
   * Runs one command against a server, with changes to the environment.
   *
   * @param url the server, as TINYWORKFLOW_URL
   * @param env variables to set; an empty value removes the variable
   * @param args the command line
   * @return what it did
   */
  static Result run(String url, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(BIN.toString()));
    command.addAll(Arrays.asList(args));
    Path out = Files.createTempFile("tinyworkflow-cli", ".out");
    Path err = Files.createTempFile("tinyworkflow-cli", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().put("TINYWORKFLOW_URL", url);
      env.forEach(
          (name, value) -> {
            if (value.isEmpty()) {
              builder.environment().remove(name);
            } else {
              builder.environment().put(name, value);
            }
          });
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("tinyworkflow " + args[0] + " did not end within 120 s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Starts {@code tinyworkflow server} or {@code worker} and waits until it is ready.
   *
   * @param log where its output goes
   * @param port its HTTP port
   * @param env environment variables to add
   * @param args the command line, from {@code server} or {@code worker}
   * @return the running command
   */
  static Process startServer(Path log, int port, Map<String, String> env, String... args)
      throws Exception {
    try (java.net.ServerSocket free = new java.net.ServerSocket(port)) {
      free.setReuseAddress(true);
    } catch (IOException e) {
      fail("Port " + port + " is taken, by a server left from an earlier run? " + e.getMessage());
    }
    List<String> command = new ArrayList<>(List.of(BIN.toString()));
    command.addAll(Arrays.asList(args));
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("TINYWORKFLOW_DATABASE_URL");
    builder.environment().putAll(env);
    Process process = builder.start();
    HttpClient http = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        fail("tinyworkflow " + args[0] + " ended with " + process.exitValue() + ":\n" + tail(log));
      }
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    stop(process);
    fail("tinyworkflow " + args[0] + " was not ready within 3 minutes:\n" + tail(log));
    return process;
  }

  /** Stops a server command as a terminal's Ctrl+C or a service manager would: SIGTERM. */
  static void stop(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    List<ProcessHandle> liberty = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (ProcessHandle p : liberty) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * Compiles the test's own workflow (src/test/resources/cli-workflows) against the API jar alone,
   * as a user would, into a class folder.
   *
   * @param into the class folder
   */
  static void compileUserWorkflow(Path into) throws IOException {
    Path sources = HOME.resolve("src/test/resources/cli-workflows");
    List<String> files;
    try (var walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    String jakarta =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> e.contains("jakarta.jakartaee-api"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("jakarta.jakartaee-api not on the path"));
    Files.createDirectories(into);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                into.toString(),
                "-cp",
                HOME.resolve("target/tinyworkflow-api.jar") + File.pathSeparator + jakarta));
    args.addAll(files);
    int exit = javac.run(null, null, null, args.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("javac failed on " + files);
    }
  }

  /**
   * Packs a class folder into a jar.
   *
   * @param classes the folder
   * @param jar the jar to write
   */
  static void jar(Path classes, Path jar) throws IOException {
    try (var out =
            new java.util.jar.JarOutputStream(
                Files.newOutputStream(jar), new java.util.jar.Manifest());
        var walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString()));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }

  static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no output)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
