package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.engine.versions.OrderV1;
import io.tinyworkflow.engine.versions.OrderV2;
import io.tinyworkflow.engine.versions.OrderV3;
import io.tinyworkflow.rest.SecuritySuite;
import io.tinyworkflow.testing.TestDeployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Versioning (DESIGN.md 4.10) across real redeploys of the WAR: runs paused under version 1 of a
 * workflow resume under version 2, which added a step guarded by {@code getVersion}, on their old
 * branch; a new run takes the new branch; version 3, which no longer supports the old branch, fails
 * an old run with a message naming the change and both versions. The registry counts the runs in
 * flight by the version they started on.
 */
@RunAsClient
public abstract class VersioningSuite {

  private static final String ADMIN =
      SecuritySuite.basic("admin", System.getProperty("tinyworkflow.it.admin.password"));

  private final HttpClient http = HttpClient.newHttpClient();

  @ArquillianResource Deployer deployer;

  @Deployment(name = "v1", managed = false, testable = false)
  static WebArchive version1() {
    return TestDeployments.versioned("1", OrderV1.class);
  }

  @Deployment(name = "v2", managed = false, testable = false)
  static WebArchive version2() {
    return TestDeployments.versioned("2", OrderV2.class);
  }

  @Deployment(name = "v3", managed = false, testable = false)
  static WebArchive version3() {
    return TestDeployments.versioned("3", OrderV3.class);
  }

  @Test
  void pausedRunsKeepTheirBranchAcrossRedeploysAndNewRunsTakeTheNewOne() throws Exception {
    String keep = UUID.randomUUID().toString();
    String dropped = UUID.randomUUID().toString();
    String kept;
    String old;
    Map<String, Long> before;
    deployer.deploy("v1");
    try {
      before = inFlight(); // runs left by an earlier test run on this database, if any
      kept = start(keep);
      old = start(dropped);
      awaitStatus(kept, "paused");
      awaitStatus(old, "paused");
      assertEquals(plus(before, "1", 2), inFlight(), "the registry's runs in flight by version");
    } finally {
      deployer.undeploy("v1");
    }

    deployer.deploy("v2");
    try {
      approve(kept, keep);
      JsonObject done = awaitStatus(kept, "completed");
      assertEquals(
          "{\"code\":\"v2\",\"fraud_check\":false}", done.get("output_data").toString(), "output");
      assertEquals(
          List.of("version fraud_check", "side_effect reserve", "approval ship_" + keep),
          steps(kept),
          "the paused run kept the branch it was on");

      String key = UUID.randomUUID().toString();
      String fresh = start(key);
      awaitStatus(fresh, "paused");
      assertEquals(plus(plus(before, "1", 1), "2", 1), inFlight());
      approve(fresh, key);
      JsonObject freshDone = awaitStatus(fresh, "completed");
      assertEquals(
          "{\"code\":\"v2\",\"fraud_check\":true}", freshDone.get("output_data").toString());
      assertEquals(
          List.of(
              "version fraud_check",
              "side_effect reserve",
              "side_effect fraud_check",
              "approval ship_" + key),
          steps(fresh),
          "a new run takes the new branch");
    } finally {
      deployer.undeploy("v2");
    }

    deployer.deploy("v3");
    try {
      approve(old, dropped);
      JsonObject failed = awaitStatus(old, "failed");
      String error = failed.getString("error");
      assertTrue(
          error.contains("'fraud_check'")
              && error.contains("version -1")
              && error.contains("supports versions 1 to 1"),
          error);
      assertEquals(before, inFlight(), "the runs of this test are no longer in flight");
    } finally {
      deployer.undeploy("v3");
    }
  }

  private String start(String key) throws Exception {
    JsonObject started =
        send(
            "POST",
            "workflows/start",
            "{\"workflow_name\": \"versioned_order\", \"input_data\": {\"key\": \"" + key + "\"}}");
    return started.getString("run_id");
  }

  private void approve(String runId, String key) throws Exception {
    JsonObject decided = send("POST", "workflows/" + runId + "/approve", "{\"approved\": true}");
    assertEquals("approved", decided.getString("status"), decided.toString() + " " + key);
  }

  private JsonObject awaitStatus(String runId, String status) throws Exception {
    JsonObject run = null;
    for (int i = 0; i < 300; i++) {
      run = send("GET", "workflows/" + runId, null);
      if (status.equals(run.getString("status"))) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " is not " + status + ": " + run);
  }

  private List<String> steps(String runId) throws Exception {
    return send("GET", "workflows/" + runId + "/steps", null).getJsonArray("steps").stream()
        .map(JsonValue::asJsonObject)
        .map(s -> s.getString("step_kind") + " " + s.getString("step_name"))
        .toList();
  }

  private static Map<String, Long> plus(Map<String, Long> counts, String version, long more) {
    Map<String, Long> sum = new java.util.TreeMap<>(counts);
    sum.merge(version, more, Long::sum);
    return sum;
  }

  private Map<String, Long> inFlight() throws Exception {
    return send("GET", "registry/workflows", null).getJsonArray("definitions").stream()
        .map(JsonValue::asJsonObject)
        .filter(d -> d.getString("name").equals("versioned_order"))
        .findFirst()
        .orElseThrow()
        .getJsonObject("versions_in_flight")
        .entrySet()
        .stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> Long.parseLong(e.getValue().toString()),
                Long::sum,
                java.util.TreeMap::new));
  }

  private JsonObject send(String method, String path, String json) throws Exception {
    URI uri =
        URI.create(
            "http://localhost:"
                + System.getProperty("tinyworkflow.it.http.port")
                + "/tinyworkflow-versions/api/"
                + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Accept", "application/json")
            .header("Authorization", ADMIN);
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(
        response.statusCode() < 300,
        method + " " + path + ": " + response.statusCode() + " " + response.body());
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
