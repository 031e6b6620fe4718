package io.tinyworkflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tinyworkflow server}: runs a Liberty server (from the build's runtime) with the
 * application: REST API and worker, the example workflows, and the user's own workflows imported
 * from jars or class folders. The application deployed is the built WAR's content plus those
 * imports in its {@code WEB-INF/lib}; the WAR itself is not changed.
 */
@Command(
    name = "server",
    description =
        "Run a TinyWorkflow server (REST API and worker) in the foreground; Ctrl+C stops it.")
class ServerCommand implements Callable<Integer> {

  @ParentCommand TinyWorkflowCli cli;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The HTTP port (default 8080; 8081 for a worker).")
  Integer port;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "The database, as TINYWORKFLOW_DATABASE_URL takes it (default: that variable, else a"
              + " SQLite file in the server's directory).")
  String db;

  @Option(
      names = "--import-workflows",
      paramLabel = "PATH",
      arity = "1..*",
      description = "Jars or class folders of your own workflows and activities, to register.")
  List<Path> imports = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The Liberty server's name (default: the command and the port).")
  String name;

  /** {@code tinyworkflow worker}: a server that only executes runs from the shared database. */
  @Command(
      name = "worker",
      description =
          "Run a worker: it executes runs from the shared database (--db) and serves no API.")
  static final class Worker extends ServerCommand {
    @Override
    boolean worker() {
      return true;
    }
  }

  boolean worker() {
    return false;
  }

  @Override
  public Integer call() throws Exception {
    String role = worker() ? "worker" : "server";
    int httpPort = port != null ? port : defaultPort();
    if (httpPort < 1 || httpPort > 65535) {
      throw new CliFailure(CliFailure.BAD_INPUT, "--port must be between 1 and 65535");
    }
    if (db != null && db.isBlank()) {
      throw new CliFailure(CliFailure.BAD_INPUT, "--db is empty");
    }
    String fromEnv = System.getenv("TINYWORKFLOW_DATABASE_URL");
    String database =
        absoluteSqlite(db != null ? db : fromEnv == null || fromEnv.isBlank() ? null : fromEnv);
    if (worker() && database == null) {
      throw new CliFailure(
          CliFailure.BAD_INPUT,
          "A worker executes the runs of a shared database: give it with --db URL or"
              + " TINYWORKFLOW_DATABASE_URL, the same as its server's");
    }
    for (Path path : imports) {
      checkImport(path);
    }
    Layout layout = Layout.find();
    String serverName = name != null ? name : role + "-" + httpPort;
    if (!serverName.matches("[A-Za-z0-9_.-]+")) {
      throw new CliFailure(
          CliFailure.BAD_INPUT, "--name may hold letters, digits, '.', '_' and '-' only");
    }
    checkPortFree(httpPort);
    checkNotRunning(layout, serverName);

    Path serverDir = layout.wlp().resolve("usr/servers").resolve(serverName);
    prepare(layout, serverDir, httpPort);

    Output out = cli.out();
    out.line(
        "Starting TinyWorkflow "
            + role
            + " '"
            + serverName
            + "' on http://localhost:"
            + httpPort
            + (worker() ? " (health only; no API)" : "")
            + "\n  database: "
            + (database != null
                ? masked(database)
                : "SQLite, " + serverDir.resolve("tinyworkflow.db"))
            + (imports.isEmpty() ? "" : "\n  imported: " + imports)
            + "\n  logs: "
            + serverDir.resolve("logs/messages.log"));

    ProcessBuilder builder =
        new ProcessBuilder(layout.wlp().resolve("bin/server").toString(), "run", serverName)
            .inheritIO();
    Map<String, String> env = builder.environment();
    env.put("TINYWORKFLOW_ROLE", role);
    if (database != null) {
      env.put("TINYWORKFLOW_DATABASE_URL", database);
    } else {
      env.remove("TINYWORKFLOW_DATABASE_URL"); // an empty one would override the default
    }
    Process liberty = builder.start();
    Thread stopper = new Thread(() -> stop(liberty), "tinyworkflow-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    int exit = liberty.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stopper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
    return exit == 0 ? 0 : CliFailure.REFUSED;
  }

  /** Where the build put the runtime, the application and its JDBC library. */
  record Layout(Path home, Path wlp, Path war, Path lib, Path serverXml) {

    static Layout find() {
      Path home = locateHome();
      String wlpDir = System.getenv("TINYWORKFLOW_WLP_DIR");
      Layout layout =
          new Layout(
              home,
              wlpDir != null
                  ? Path.of(wlpDir).toAbsolutePath().normalize()
                  : home.resolve("target/liberty/wlp"),
              home.resolve("target/tinyworkflow.war"),
              home.resolve("target/liberty-lib"),
              home.resolve("server.xml"));
      for (Path needed :
          List.of(
              layout.wlp().resolve("bin/server"), layout.war(), layout.lib(), layout.serverXml())) {
        if (!Files.exists(needed)) {
          throw new CliFailure(
              CliFailure.REFUSED,
              needed + " is missing: build it first with `mvn package` in " + home);
        }
      }
      return layout;
    }

    private static Path locateHome() {
      String property = System.getProperty("tinyworkflow.home");
      if (property != null) {
        return Path.of(property).toAbsolutePath().normalize();
      }
      try {
        Path jar =
            Path.of(
                ServerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent().toAbsolutePath().normalize();
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The HTTP port when --port is not given: HTTP_PORT, as for the server.xml, else the default. */
  private int defaultPort() {
    String fromEnv = System.getenv("HTTP_PORT");
    if (fromEnv == null || fromEnv.isBlank()) {
      return worker() ? 8081 : 8080;
    }
    try {
      return Integer.parseInt(fromEnv.strip());
    } catch (NumberFormatException e) {
      throw new CliFailure(CliFailure.BAD_INPUT, "HTTP_PORT '" + fromEnv + "' is not a port");
    }
  }

  /**
   * A SQLite URL with a relative path, made absolute from the current directory: the server runs in
   * its own directory, and a worker must open the same file as its server.
   */
  static String absoluteSqlite(String url) {
    if (url == null) {
      return null;
    }
    for (String prefix : List.of("sqlite+aiosqlite:///", "sqlite:///", "jdbc:sqlite:")) {
      if (url.startsWith(prefix)) {
        String rest = url.substring(prefix.length());
        if (rest.isEmpty()
            || rest.startsWith("/")
            || rest.startsWith(":memory:")
            || rest.startsWith("file:")) {
          return url;
        }
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        String suffix = query < 0 ? "" : rest.substring(query);
        return prefix + Path.of(file).toAbsolutePath().normalize() + suffix;
      }
    }
    return url;
  }

  /** Refuses to lay out a server that is running (under another port) with the same name. */
  private static void checkNotRunning(Layout layout, String serverName) throws Exception {
    if (!Files.isDirectory(layout.wlp().resolve("usr/servers").resolve(serverName))) {
      return;
    }
    Process status =
        new ProcessBuilder(layout.wlp().resolve("bin/server").toString(), "status", serverName)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!status.waitFor(60, TimeUnit.SECONDS)) {
      status.destroyForcibly();
      return;
    }
    if (status.exitValue() == 0) {
      throw new CliFailure(
          CliFailure.BAD_INPUT,
          "The server '"
              + serverName
              + "' is running already: stop it, or give this one another --name");
    }
  }

  private static void checkImport(Path path) {
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path.toRealPath())) {
        if (files.noneMatch(f -> f.toString().endsWith(".class"))) {
          throw new CliFailure(
              CliFailure.BAD_INPUT,
              "--import-workflows " + path + ": the folder holds no .class files");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (!Files.isRegularFile(path)) {
      throw new CliFailure(CliFailure.BAD_INPUT, "--import-workflows " + path + ": no such file");
    } else if (!path.toString().endsWith(".jar")) {
      throw new CliFailure(
          CliFailure.BAD_INPUT,
          "--import-workflows " + path + ": give a .jar file or a folder of compiled classes");
    }
  }

  private static void checkPortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new CliFailure(
          CliFailure.BAD_INPUT, "Port " + port + " is in use: choose another with --port");
    }
  }

  /** Lays out the server: configuration, JDBC library, and the application with the imports. */
  private void prepare(Layout layout, Path serverDir, int httpPort) throws IOException {
    Files.createDirectories(serverDir);
    Files.copy(
        layout.serverXml(), serverDir.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        serverDir.resolve("bootstrap.properties"),
        "http.port="
            + httpPort
            + "\nhttps.port=-1\ntinyworkflow.lib.dir="
            + layout.lib().toString().replace("\\", "/")
            + "\n",
        StandardCharsets.UTF_8);
    keystorePassword(serverDir.resolve("server.env"));
    Path app = serverDir.resolve("apps/tinyworkflow.war");
    delete(app);
    unzip(layout.war(), app);
    Path lib = app.resolve("WEB-INF/lib");
    Files.createDirectories(lib);
    int n = 0;
    for (Path source : imports) {
      n++;
      String base = source.toAbsolutePath().normalize().getFileName().toString();
      Path target =
          lib.resolve("imported-" + n + "-" + (base.endsWith(".jar") ? base : base + ".jar"));
      if (Files.isDirectory(source)) {
        zip(source.toRealPath(), target);
      } else {
        Files.copy(source, target);
      }
    }
  }

  /**
   * Gives the server a keystore password of its own, as `server create` does: it encrypts the keys
   * of sign-in cookies. Kept across starts, so that those keys stay readable.
   */
  private static void keystorePassword(Path serverEnv) throws IOException {
    String env = Files.exists(serverEnv) ? Files.readString(serverEnv, StandardCharsets.UTF_8) : "";
    if (env.lines().anyMatch(l -> l.startsWith("keystore_password="))) {
      return;
    }
    byte[] random = new byte[18];
    new java.security.SecureRandom().nextBytes(random);
    String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.writeString(
        serverEnv,
        (env.isEmpty() || env.endsWith("\n") ? env : env + "\n")
            + "keystore_password="
            + password
            + "\n",
        StandardCharsets.UTF_8);
  }

  private static void stop(Process liberty) {
    liberty.descendants().forEach(ProcessHandle::destroy);
    liberty.destroy();
    try {
      if (!liberty.waitFor(30, TimeUnit.SECONDS)) {
        liberty.descendants().forEach(ProcessHandle::destroyForcibly);
        liberty.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String masked(String url) {
    return url.replaceAll("(://[^:/@]+:)[^@]*@", "$1****@")
        .replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("Bad entry in " + zip + ": " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
  }

  private static void zip(Path dir, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream out = new ZipOutputStream(file);
        Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new ZipEntry(dir.relativize(p).toString().replace('\\', '/')));
        try (InputStream in = Files.newInputStream(p)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
