package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.WebhookOutbox;
import io.tinyworkflow.testing.Runs;
import io.tinyworkflow.testing.TestDeployments;
import io.tinyworkflow.testing.WebhookWorkflows;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outgoing webhooks in the server against each database: the runs of a workflow with a URL are
 * posted there once they end, signed, once each when the receiver accepts them, retried when it
 * fails, given up after the attempts configured; a workflow without a URL is not posted.
 */
public abstract class WebhooksSuite {

  /** The webhook settings of the suite's deployment. */
  static final String SECRET = "s3cret-for-tests";

  @Inject WorkflowClient client;
  @Inject WebhookWorkflows.Received received;
  @Inject WebhookOutbox outbox;
  @Inject JsonCodec json;

  /**
   * The test application with its webhooks configured to the receiver of the test server.
   *
   * @param testClass the suite's class
   * @return the WAR
   */
  static WebArchive deployment(Class<?> testClass) {
    String base =
        "http://localhost:"
            + System.getProperty("tinyworkflow.it.http.port", "9480")
            + "/tinyworkflow-it/webhook-probe/";
    String config =
        WebhookWorkflows.RECEIVERS.entrySet().stream()
                .map(e -> "tinyworkflow.webhook." + e.getKey() + "=" + base + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\ntinyworkflow.webhook.max-attempts=3"
            + "\ntinyworkflow.webhook.retry-seconds=1"
            + "\ntinyworkflow.webhook.secret="
            + SECRET
            + "\n";
    return TestDeployments.application(testClass)
        .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
  }

  /** Waits until the server has seen each configured URL: runs that end from then on are posted. */
  @BeforeEach
  void subscribed() throws Exception {
    for (String workflow : WebhookWorkflows.RECEIVERS.keySet()) {
      await(
          "the subscription of " + workflow,
          () ->
              outbox.subscription(Webhooks.subscriptionId(workflow, urlOf(workflow))).isPresent());
    }
  }

  @Test
  void completedFailedAndCancelledRunsArePostedOnceSignedWithTheirState() throws Exception {
    String key = Runs.key();
    String completed = client.startWorkflow("hooked", Map.of("key", key), true);
    String failed = client.startWorkflow("hooked", Map.of("key", key + "-f", "then", "fail"), true);
    String cancelled =
        client.startWorkflow("hooked", Map.of("key", key + "-c", "then", "approval"));
    Runs.awaitStatus(client, cancelled, WorkflowStatus.PAUSED);
    client.cancelWorkflow(cancelled);
    String unhooked = client.startWorkflow("observed_run", Map.of("key", key), true);

    Map<String, Object> done = delivered(completed);
    assertEquals("workflow_completed", done.get("event"));
    assertEquals("completed", done.get("status"));
    assertEquals("hooked", done.get("workflow_name"));
    assertEquals(Map.of("key", key, "mark", "✓"), done.get("output"));
    Map<String, Object> fail = delivered(failed);
    assertEquals("workflow_failed", fail.get("event"));
    assertTrue(
        String.valueOf(fail.get("error")).contains("no flight to Atlantis"), fail.toString());
    assertEquals("workflow_cancelled", delivered(cancelled).get("event"));

    WebhookWorkflows.Post post = received.mentioning(completed).get(0);
    assertEquals("application/json", post.contentType());
    assertEquals(done.get("delivery_id"), post.deliveryId());
    assertEquals("1", post.attempt());
    assertEquals("sha256=" + Webhooks.sign(SECRET, post.body()), post.signature());
    WorkflowEvent event = only(completed, "webhook_delivered");
    assertEquals(urlOf("hooked"), event.data().get("url"));
    assertEquals(1, ((Number) event.data().get("attempts")).intValue());
    assertEquals(204, ((Number) event.data().get("http_status")).intValue());

    // Later runs were swept and posted: an earlier run without a URL would have been too.
    assertEquals(List.of(), outbox.ofRun(unhooked), "a workflow without a URL is not posted");
    Thread.sleep(1500); // another tick or two: nothing is posted twice
    for (String run : List.of(completed, failed, cancelled)) {
      assertEquals(1, received.mentioning(run).size(), "the posts of " + run);
      assertEquals(1, outbox.ofRun(run).size(), "the deliveries of " + run);
    }
  }

  @Test
  void aFailingReceiverIsRetriedWithTheSameDeliveryUntilItAccepts() throws Exception {
    String run = client.startWorkflow("hooked_flaky", Map.of("key", Runs.key()), true);
    await(
        "the delivery",
        () -> outbox.ofRun(run).stream().anyMatch(d -> d.status().equals("delivered")));
    List<WebhookWorkflows.Post> posts = received.mentioning(run);
    assertEquals(
        List.of(500, 500, 200), posts.stream().map(WebhookWorkflows.Post::answered).toList());
    assertEquals(
        List.of("1", "2", "3"), posts.stream().map(WebhookWorkflows.Post::attempt).toList());
    assertEquals(1, posts.stream().map(WebhookWorkflows.Post::deliveryId).distinct().count());
    WebhookOutbox.DeliveryState delivery = outbox.ofRun(run).get(0);
    assertEquals(3, delivery.attempts());
    assertEquals(3, ((Number) only(run, "webhook_delivered").data().get("attempts")).intValue());
  }

  @Test
  void aReceiverThatStaysDownFailsTheDeliveryAndNotTheRun() throws Exception {
    String run = client.startWorkflow("hooked_down", Map.of("key", Runs.key()), true);
    await(
        "the delivery fails for good",
        () -> outbox.ofRun(run).stream().anyMatch(d -> d.status().equals("failed")));
    WebhookOutbox.DeliveryState delivery = outbox.ofRun(run).get(0);
    assertEquals(3, delivery.attempts());
    assertEquals("HTTP 503", delivery.lastError());
    assertEquals(3, received.mentioning(run).size());
    WorkflowEvent event = only(run, "webhook_failed");
    assertEquals("HTTP 503", event.data().get("error"));
    WorkflowExecution ended = client.getWorkflowStatus(run);
    assertEquals(WorkflowStatus.COMPLETED, ended.status(), "a webhook never changes its run");
  }

  /** A workflow's URL, as the deployment configured it. */
  private static String urlOf(String workflow) {
    return ConfigProvider.getConfig().getValue("tinyworkflow.webhook." + workflow, String.class);
  }

  /** The body of a run's delivery, once the receiver accepted it. */
  private Map<String, Object> delivered(String runId) throws Exception {
    await(
        "the webhook of run " + runId,
        () -> received.mentioning(runId).stream().anyMatch(p -> p.answered() / 100 == 2));
    return json.readObject(received.mentioning(runId).get(0).body());
  }

  private WorkflowEvent only(String runId, String type) throws Exception {
    await(
        type + " of run " + runId,
        () ->
            client.getWorkflowEvents(runId, 100).stream()
                .anyMatch(e -> e.eventType().equals(type)));
    List<WorkflowEvent> events =
        client.getWorkflowEvents(runId, 100).stream()
            .filter(e -> e.eventType().equals(type))
            .toList();
    assertEquals(1, events.size(), type + " events of run " + runId);
    return events.get(0);
  }

  private static void await(String what, Supplier<Boolean> condition) throws Exception {
    long until = System.currentTimeMillis() + 30_000;
    while (!condition.get()) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError(what + ": not within 30 s");
      }
      Thread.sleep(100);
    }
  }
}
