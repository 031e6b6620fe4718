package io.tinyworkflow.testing.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinyworkflow.testing.TestDeployments;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * A Liberty server of the build's runtime, laid out by a test with the application WAR and the test
 * workflows, on a database of the test's choice, and started, stopped or killed with {@code kill
 * -9} as a separate process.
 */
public final class LibertyServer {

  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path WLP = TARGET.resolve("liberty/wlp");

  /** The Authorization header of the admin of every server the tests start. */
  public static final String ADMIN =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  ("admin:" + System.getProperty("tinyworkflow.it.admin.password"))
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private final String name;
  private final Path dir;
  private final Path log;
  private int port;

  /**
   * Names a server.
   *
   * @param name the server's name under {@code usr/servers}
   * @param log the file its start and stop commands' output is appended to
   */
  public LibertyServer(String name, Path log) {
    this.name = name;
    this.dir = WLP.resolve("usr/servers/" + name);
    this.log = log;
  }

  /**
   * Lays the server out afresh: the project's server.xml, ports that are free now (so that no other
   * process on the machine answers in its place), the database, 3-second leases, and the
   * application WAR with the test workflows.
   *
   * @param databaseUrl its {@code TINYWORKFLOW_DATABASE_URL}
   * @throws IOException when the files cannot be written
   */
  public void layOut(String databaseUrl) throws IOException {
    layOut(databaseUrl, 3);
  }

  /**
   * Lays the server out afresh, as {@link #layOut(String)} does, with leases of another length.
   *
   * @param databaseUrl its {@code TINYWORKFLOW_DATABASE_URL}
   * @param leaseSeconds its {@code TINYWORKFLOW_LEASE_SECONDS}
   * @throws IOException when the files cannot be written
   */
  public void layOut(String databaseUrl, int leaseSeconds) throws IOException {
    int httpsPort;
    try (ServerSocket http = new ServerSocket(0);
        ServerSocket https = new ServerSocket(0)) {
      port = http.getLocalPort();
      httpsPort = https.getLocalPort();
    }
    deleteTree(dir);
    Files.createDirectories(dir.resolve("apps"));
    Files.copy(Path.of("server.xml"), dir.resolve("server.xml"));
    Files.writeString(
        dir.resolve("bootstrap.properties"),
        "tinyworkflow.lib.dir="
            + TARGET.resolve("liberty-lib")
            + "\nhttp.port="
            + port
            + "\nhttps.port="
            + httpsPort
            + "\n");
    Files.writeString(
        dir.resolve("server.env"),
        "TINYWORKFLOW_DATABASE_URL="
            + databaseUrl
            + "\nTINYWORKFLOW_LEASE_SECONDS="
            + leaseSeconds
            // the rate of QueueWorkflows.RatedProbe's queue, set as an operator would
            + "\nTINYWORKFLOW_QUEUE_RATED_STARTS_PER_SECOND=10"
            + "\n");
    TestDeployments.application(LibertyServer.class)
        .addPackage(FileSteps.class.getPackage())
        .as(ZipExporter.class)
        .exportTo(dir.resolve("apps/tinyworkflow.war").toFile(), true);
  }

  /**
   * Starts the server and waits until it is ready.
   *
   * @throws Exception when it does not become ready within 90 s
   */
  public void start() throws Exception {
    launch();
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://localhost:" + port + "/health/ready");
    await(
        "server " + name + " is ready",
        () -> {
          try {
            return http.send(
                        HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          }
        });
  }

  /**
   * Starts the server without waiting for it to be ready.
   *
   * @throws Exception when the start command fails
   */
  public void launch() throws Exception {
    int exit = command("start");
    if (exit != 0) {
      throw new AssertionError(
          "server start " + name + " exited with " + exit + ": see " + log + " and " + dir);
    }
  }

  /**
   * Stops the server, if it runs.
   *
   * @throws Exception when the command cannot run
   */
  public void stop() throws Exception {
    int exit = command("stop");
    if (exit != 0 && exit != 1) { // 1: it was not running
      throw new AssertionError("server stop " + name + " exited with " + exit + ": see " + log);
    }
  }

  /**
   * Kills the server's process with {@code kill -9} and waits until it is gone.
   *
   * @throws Exception when it cannot be killed
   */
  public void kill9() throws Exception {
    Path pidFile = WLP.resolve("usr/servers/.pid/" + name + ".pid");
    String pid = Files.readString(pidFile).trim();
    Process kill = new ProcessBuilder("kill", "-9", pid).inheritIO().start();
    assertEquals(0, kill.waitFor());
    await(
        "the process of server " + name + " is gone",
        () -> ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true));
  }

  /**
   * Stops the server as an orchestrator does, with {@code SIGTERM}, and waits until its process is
   * gone.
   *
   * @throws Exception when it is still there after 90 s
   */
  public void terminate() throws Exception {
    String pid = Files.readString(WLP.resolve("usr/servers/.pid/" + name + ".pid")).trim();
    Process kill = new ProcessBuilder("kill", "-TERM", pid).inheritIO().start();
    assertEquals(0, kill.waitFor());
    await(
        "the process of server " + name + " is gone",
        () -> ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true));
  }

  /**
   * Sends the server's process a signal: {@code STOP} freezes it (as a long GC pause or a stalled
   * host would), {@code CONT} lets it go on.
   *
   * @param signal the signal's name
   * @throws Exception when it cannot be sent
   */
  public void signal(String signal) throws Exception {
    String pid = Files.readString(WLP.resolve("usr/servers/.pid/" + name + ".pid")).trim();
    Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
    assertEquals(0, kill.waitFor());
  }

  /**
   * Returns the server's HTTP port, chosen when it was laid out.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  private int command(String command) throws Exception {
    Files.createDirectories(log.getParent());
    Process p =
        new ProcessBuilder(WLP.resolve("bin/server").toString(), command, name)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return p.waitFor();
  }

  /** A condition a test waits for. */
  public interface Check {
    /**
     * Tells whether the condition holds.
     *
     * @return {@code true} when it holds
     * @throws Exception when it cannot be checked
     */
    boolean ok() throws Exception;
  }

  /**
   * Waits up to 90 s for a condition.
   *
   * @param what the condition, for the failure message
   * @param check the condition
   * @throws Exception when it does not hold within 90 s
   */
  public static void await(String what, Check check) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!check.ok()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * Deletes a directory tree, if it exists.
   *
   * @param dir the directory
   * @throws IOException when it cannot be deleted
   */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
