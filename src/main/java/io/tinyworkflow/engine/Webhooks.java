package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.WebhookOutbox;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Outgoing webhooks: each workflow whose URL is configured ({@code
 * tinyworkflow.webhook.<workflow>}, e.g. the environment variable {@code
 * TINYWORKFLOW_WEBHOOK_ORDER_PROCESSING}) has each of its runs that ends (completed, failed or
 * cancelled) posted there as JSON, once the URL answers 2xx, retried with a growing delay until it
 * does or the attempts are used up.
 *
 * <p>Durable at both ends: the deliveries are rows of an outbox, written by a sweep of the runs
 * that ended (not by the code that ends them, so no crash in between loses one), and each attempt
 * is claimed in the database before it is made, so servers that share the database post each
 * delivery once at a time. A receiver may still see a delivery twice (a server that dies after the
 * post and before recording it posts it again after the claim lapses): the {@code
 * X-TinyWorkflow-Delivery} header is the same on every attempt, for the receiver to drop repeats.
 */
@ApplicationScoped
public class Webhooks {

  private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());

  /** How far behind a sweep looks again, for runs whose end committed late. */
  static final Duration SWEEP_MARGIN = Duration.ofSeconds(60);

  /** How many runs one sweep of a subscription queues at most. */
  static final int SWEEP_BATCH = 200;

  /** How many deliveries one tick claims at most. */
  static final int DELIVERY_BATCH = 20;

  /** How long one attempt may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** How long a claim keeps other servers off a delivery: longer than any attempt. */
  static final Duration CLAIM = Duration.ofSeconds(60);

  @Inject WebhookOutbox outbox;
  @Inject RunTable runs;
  @Inject RunLifecycle lifecycle;
  @Inject DefaultWorkflowRegistry registry;
  @Inject JsonCodec json;
  @Inject Clock clock;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(REQUEST_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** The configured values already reported as invalid, so that each is logged once. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /**
   * When the outbox was last found with nothing due while no webhook was configured: it is then
   * looked at once a minute (for the retries of a webhook no longer configured), not every second.
   */
  private volatile Instant foundEmpty;

  /** How often an outbox without configured webhooks is looked at. */
  private static final Duration IDLE_CLAIM = Duration.ofMinutes(1);

  /**
   * Queues a delivery for each run of a configured workflow that ended since the last sweep, then
   * posts the deliveries that are due. Called by the engine's clock every second.
   */
  public void tick() {
    Config config = ConfigProvider.getConfig();
    Instant now = clock.instant();
    boolean configured = false;
    for (WorkflowInfo workflow : registry.workflows()) {
      Optional<String> url = url(config, workflow.name());
      if (url.isPresent()) {
        configured = true;
        sweep(workflow.name(), url.get(), now);
      }
    }
    if (!configured && foundEmpty != null && now.isBefore(foundEmpty.plus(IDLE_CLAIM))) {
      return; // no webhook here and none of earlier ones due: no query every second
    }
    int maxAttempts = setting(config, "tinyworkflow.webhook.max-attempts", 10);
    int retrySeconds = setting(config, "tinyworkflow.webhook.retry-seconds", 10);
    String secret = config.getOptionalValue("tinyworkflow.webhook.secret", String.class).orElse("");
    List<WebhookOutbox.Delivery> due = outbox.claimDue(now, now.plus(CLAIM), DELIVERY_BATCH);
    foundEmpty = configured || !due.isEmpty() ? null : now;
    for (WebhookOutbox.Delivery delivery : due) {
      executor.execute(() -> post(delivery, maxAttempts, retrySeconds, secret));
    }
  }

  /** The workflow's URL, when one is configured and is an absolute http(s) URL. */
  private Optional<String> url(Config config, String workflow) {
    Optional<String> value =
        config.getOptionalValue("tinyworkflow.webhook." + workflow, String.class).map(String::trim);
    if (value.isEmpty() || value.get().isEmpty()) {
      return Optional.empty();
    }
    String url = value.get();
    try {
      URI uri = new URI(url);
      if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && url.length() <= 2000) {
        return Optional.of(url);
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    if (reported.add(workflow + " " + url)) {
      LOG.warning(
          "tinyworkflow.webhook."
              + workflow
              + " is not an absolute http or https URL (of at most 2000 characters): "
              + url
              + "; the runs of "
              + workflow
              + " are not posted");
    }
    return Optional.empty();
  }

  private int setting(Config config, String name, int defaultValue) {
    try {
      int value = config.getOptionalValue(name, Integer.class).orElse(defaultValue);
      if (value >= 1) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (reported.add(name)) {
      LOG.warning(name + " must be a whole number of at least 1; using " + defaultValue);
    }
    return defaultValue;
  }

  private void sweep(String workflow, String url, Instant now) {
    WebhookOutbox.Subscription subscription =
        outbox.subscribe(subscriptionId(workflow, url), workflow, url, now);
    Instant from = subscription.sweptUntil().minus(SWEEP_MARGIN);
    if (from.isBefore(subscription.createdAt())) {
      from = subscription.createdAt();
    }
    List<WebhookOutbox.EndedRun> ended =
        outbox.endedWithoutDelivery(subscription, from, SWEEP_BATCH);
    for (WebhookOutbox.EndedRun run : ended) {
      runs.find(run.runId())
          .ifPresent(
              record -> {
                String deliveryId = UUID.randomUUID().toString();
                outbox.enqueue(
                    subscription, deliveryId, record.runId(), payload(record, deliveryId), now);
              });
    }
    outbox.swept(
        subscription.subscriptionId(),
        ended.size() < SWEEP_BATCH ? now : ended.get(ended.size() - 1).endedAt());
  }

  /** The body posted for a run: its state as the REST API shows it, and what happened. */
  private String payload(RunRecord run, String deliveryId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", "workflow_" + run.status().wireName());
    body.put("delivery_id", deliveryId);
    body.put("run_id", run.runId());
    body.put("workflow_id", run.workflowId());
    body.put("workflow_name", run.workflowName());
    body.put("workflow_version", run.workflowVersion());
    body.put("status", run.status().wireName());
    body.put("output", json.read(run.output(), Object.class));
    body.put("error", run.error());
    body.put("created_at", String.valueOf(run.createdAt()));
    body.put("completed_at", String.valueOf(run.completedAt()));
    return json.write(body);
  }

  private void post(
      WebhookOutbox.Delivery delivery, int maxAttempts, int retrySeconds, String secret) {
    String error;
    int status = 0;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(delivery.url()))
              .timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json")
              .header("User-Agent", "TinyWorkflow")
              .header("X-TinyWorkflow-Delivery", delivery.deliveryId())
              .header("X-TinyWorkflow-Attempt", String.valueOf(delivery.attempt()))
              .POST(
                  HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8));
      if (!secret.isEmpty()) {
        request.header("X-TinyWorkflow-Signature", "sha256=" + sign(secret, delivery.payload()));
      }
      HttpRequest built = request.build();
      HttpResponse<Void> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.discarding());
      } catch (java.net.http.HttpTimeoutException e) {
        throw e;
      } catch (IOException e) {
        // A kept-alive connection the receiver closed meanwhile fails before the receiver saw
        // anything: the same attempt goes once more, on a new connection.
        LOG.fine(() -> "Webhook " + delivery.deliveryId() + " is sent again: " + e);
        response = http.send(built, HttpResponse.BodyHandlers.discarding());
      }
      status = response.statusCode();
      error = status / 100 == 2 ? null : "HTTP " + status;
    } catch (IOException | IllegalArgumentException e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // the server stops: the claim lapses and another attempt is made
    }
    try {
      record(delivery, error, status, maxAttempts, retrySeconds);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot record the attempt of webhook " + delivery.deliveryId(), e);
    }
  }

  private void record(
      WebhookOutbox.Delivery delivery,
      String error,
      int httpStatus,
      int maxAttempts,
      int retrySeconds) {
    Instant now = clock.instant();
    if (error == null) {
      outbox.attempted(delivery.deliveryId(), WebhookOutbox.DELIVERED, null, null, now);
      lifecycle.note(
          delivery.runId(),
          "webhook_delivered",
          RunLifecycle.data(
              "url", delivery.url(), "attempts", delivery.attempt(), "http_status", httpStatus));
    } else if (delivery.attempt() >= maxAttempts) {
      outbox.attempted(delivery.deliveryId(), WebhookOutbox.FAILED, null, error, now);
      lifecycle.note(
          delivery.runId(),
          "webhook_failed",
          RunLifecycle.data("url", delivery.url(), "attempts", delivery.attempt(), "error", error));
      LOG.warning(
          "The webhook of run "
              + delivery.runId()
              + " to "
              + delivery.url()
              + " failed for good after "
              + delivery.attempt()
              + " attempts: "
              + error);
    } else {
      // 1, 2, 4, 8... times the delay, at most an hour
      long delay = Math.min(3600L, retrySeconds * (1L << Math.min(20, delivery.attempt() - 1)));
      outbox.attempted(
          delivery.deliveryId(), WebhookOutbox.PENDING, now.plusSeconds(delay), error, now);
    }
  }

  /** The HMAC-SHA256 of a body with the configured secret, in hex. */
  static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The id of a workflow's subscription to a URL: the same on every server. */
  static String subscriptionId(String workflow, String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((workflow + "\n" + url).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
