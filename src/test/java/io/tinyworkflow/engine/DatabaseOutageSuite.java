package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.FormSignIn;
import io.tinyworkflow.testing.ServerSuite;
import io.tinyworkflow.testing.crash.LibertyServer;
import io.tinyworkflow.testing.crash.TcpProxy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Takes the database away from a real Liberty server (a proxy between them cuts every connection
 * and refuses new ones) and brings it back: meanwhile every request that needs the database is a
 * 503 with {@code Retry-After} and a JSON message naming the cause, never a 500; afterwards the
 * server serves again by itself, and a run that waited through the outage goes on.
 */
@ServerSuite
public abstract class DatabaseOutageSuite {

  private static final Path WORK = Path.of("target").toAbsolutePath().resolve("it-outage");
  private static final LibertyServer SERVER =
      new LibertyServer("outageServer", WORK.resolve("server-commands.log"));
  private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

  private final HttpClient http = HttpClient.newHttpClient();
  private TcpProxy proxy;

  /**
   * The database, as a JDBC URL with a host and a port.
   *
   * @return the JDBC URL
   */
  protected abstract String databaseUrl();

  /** Lays out the server behind a proxy to the database; each test starts it as it needs. */
  @BeforeEach
  void layOutServerBehindAProxy() throws Exception {
    LibertyServer.deleteTree(WORK);
    Files.createDirectories(WORK);
    Matcher m = HOST_PORT.matcher(databaseUrl());
    assertTrue(m.find(), "no host:port in " + databaseUrl());
    proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
    SERVER.layOut(m.replaceFirst("//127.0.0.1:" + proxy.port() + "/"));
  }

  @AfterEach
  void stopServer() throws Exception {
    SERVER.stop();
    proxy.close();
  }

  @Test
  void requestsAre503WhileTheDatabaseIsAwayAndTheServerRecoversByItself() throws Exception {
    SERVER.start();
    String waiting =
        startRun("{\"workflow_name\": \"needs_approval\", \"input_data\": {\"key\": \"k\"}}");
    LibertyServer.await("the run waits", () -> status(waiting).equals("paused"));

    proxy.cut();
    for (String[] request :
        new String[][] {
          {"GET", "workflows?limit=5", null},
          {"GET", "workflows/" + waiting, null},
          {"POST", "workflows/start", "{\"workflow_name\": \"echo\", \"wait\": true}"},
          {"POST", "workflows/" + waiting + "/approve", "{\"approved\": true}"},
          {"GET", "approvals", null},
          {"GET", "schedules", null},
        }) {
      HttpResponse<String> reply = send(request[0], request[1], request[2]);
      assertEquals(503, reply.statusCode(), request[1] + ": " + reply.body());
      assertTrue(reply.headers().firstValue("Retry-After").isPresent(), request[1]);
      JsonObject error = Json.createReader(new StringReader(reply.body())).readObject();
      assertTrue(error.getString("error").contains("database is unavailable"), error.toString());
    }
    assertEquals(503, ready().statusCode(), "ready while the database is away");

    proxy.restore();
    LibertyServer.await("the server is ready again", () -> ready().statusCode() == 200);
    LibertyServer.await(
        "the API answers again", () -> send("GET", "workflows?limit=5", null).statusCode() == 200);
    HttpResponse<String> approved =
        send("POST", "workflows/" + waiting + "/approve", "{\"approved\": true}");
    assertEquals(200, approved.statusCode(), approved.body());
    LibertyServer.await("the waiting run completes", () -> status(waiting).equals("completed"));
    String after = startRun("{\"workflow_name\": \"echo\", \"wait\": true}");
    assertEquals("completed", status(after));
  }

  @Test
  void aServerStartedWithoutItsDatabaseSaysWhyAndServesOnceItComes() throws Exception {
    proxy.cut();
    SERVER.launch();
    LibertyServer.await(
        "the API answers 503 while the schema cannot be brought up to date",
        () -> {
          try {
            return send("GET", "workflows?limit=5", null).statusCode() == 503;
          } catch (java.io.IOException e) {
            return false; // not listening yet
          }
        });
    HttpResponse<String> refused = send("GET", "workflows?limit=5", null);
    assertTrue(refused.headers().firstValue("Retry-After").isPresent(), refused.body());
    String error =
        Json.createReader(new StringReader(refused.body())).readObject().getString("error");
    assertTrue(error.contains("could not be brought up to date"), error);
    HttpResponse<String> readiness = ready();
    assertEquals(503, readiness.statusCode(), readiness.body());
    assertTrue(readiness.body().contains("could not be brought up to date"), readiness.body());
    assertTrue(readiness.body().contains("trying again every"), readiness.body());
    // An admin who signs in meanwhile is told that the database is away, not that all broke.
    HttpResponse<String> page = signedInPage("/");
    assertEquals(503, page.statusCode(), page.body());
    assertTrue(page.body().contains("Waiting for the database"), page.body());

    proxy.restore();
    LibertyServer.await(
        "the server is ready once the database is there", () -> ready().statusCode() == 200);
    String run = startRun("{\"workflow_name\": \"echo\", \"wait\": true}");
    assertEquals("completed", status(run));
  }

  /** Signs in on the sign-in page, as a browser does, and asks for a page. */
  private HttpResponse<String> signedInPage(String path) throws Exception {
    String site = "http://localhost:" + SERVER.port() + "/";
    return FormSignIn.signIn(site, "admin", System.getProperty("tinyworkflow.it.admin.password"))
        .send(
            HttpRequest.newBuilder(URI.create(site).resolve(path.substring(1)))
                .header("Accept", "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String startRun(String body) throws Exception {
    HttpResponse<String> reply = send("POST", "workflows/start", body);
    assertEquals(200, reply.statusCode(), reply.body());
    return Json.createReader(new StringReader(reply.body())).readObject().getString("run_id");
  }

  private String status(String runId) throws Exception {
    HttpResponse<String> reply = send("GET", "workflows/" + runId, null);
    return reply.statusCode() != 200
        ? "http " + reply.statusCode()
        : Json.createReader(new StringReader(reply.body())).readObject().getString("status");
  }

  private HttpResponse<String> ready() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + SERVER.port() + "/health/ready"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + SERVER.port() + "/api/" + path))
            .timeout(java.time.Duration.ofSeconds(60))
            .header("Authorization", LibertyServer.ADMIN)
            .header("Accept", "application/json");
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
