package io.tinyworkflow.testing;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workflows whose runs are posted to webhooks, and the receiver they are posted to: a servlet of
 * the test application, at {@code /webhook-probe/ok} (answers 204), {@code /webhook-probe/flaky}
 * (answers 500 to the first two attempts of each delivery, then 200) and {@code
 * /webhook-probe/down} (always 503).
 */
public final class WebhookWorkflows {

  private WebhookWorkflows() {}

  /** The workflows and where their webhooks go, as the suites configure them. */
  public static final Map<String, String> RECEIVERS =
      Map.of("hooked", "ok", "hooked_flaky", "flaky", "hooked_down", "down");

  /**
   * Ends as the input's "then" says: {@code complete} (the default, with the output {@code {"key":
   * key, "mark": "✓"}}), {@code fail}, or {@code approval} (waits for the approval {@code
   * hooked_<key>}).
   */
  @Workflow(name = "hooked")
  public static class Hooked implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      String key = ctx.getInput("key", String.class);
      switch (String.valueOf(ctx.getInput("then", "complete"))) {
        case "fail" -> throw new IllegalStateException("no flight to Atlantis for " + key);
        case "approval" -> ctx.waitForApproval("hooked_" + key, null);
        default -> {}
      }
      return Map.of("key", key, "mark", "✓");
    }
  }

  /** Completes at once; its webhook goes to the flaky receiver. */
  @Workflow(name = "hooked_flaky")
  public static class HookedFlaky implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return ctx.getInput("key", String.class);
    }
  }

  /** Completes at once; its webhook goes to the receiver that is down. */
  @Workflow(name = "hooked_down")
  public static class HookedDown implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return ctx.getInput("key", String.class);
    }
  }

  /**
   * One post as received.
   *
   * @param receiver ok, flaky or down
   * @param deliveryId the X-TinyWorkflow-Delivery header
   * @param attempt the X-TinyWorkflow-Attempt header
   * @param signature the X-TinyWorkflow-Signature header
   * @param contentType the Content-Type header
   * @param body the body
   * @param answered the status answered
   */
  public record Post(
      String receiver,
      String deliveryId,
      String attempt,
      String signature,
      String contentType,
      String body,
      int answered) {}

  /** What the receiver got. */
  @ApplicationScoped
  public static class Received {
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    int answer(String receiver, String deliveryId) {
      return switch (receiver) {
        case "ok" -> 204;
        case "flaky" ->
            attempts.computeIfAbsent(deliveryId, d -> new AtomicInteger()).incrementAndGet() <= 2
                ? 500
                : 200;
        default -> 503;
      };
    }

    void add(Post post) {
      posts.add(post);
    }

    /**
     * The posts whose body mentions a text (a run id), in the order received.
     *
     * @param text the text
     * @return the posts
     */
    public List<Post> mentioning(String text) {
      return posts.stream().filter(p -> p.body().contains(text)).toList();
    }
  }

  /** The receiver. */
  @WebServlet("/webhook-probe/*")
  public static class Probe extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject Received received;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String receiver = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
      String deliveryId = request.getHeader("X-TinyWorkflow-Delivery");
      int status = received.answer(receiver, deliveryId);
      received.add(
          new Post(
              receiver,
              deliveryId,
              request.getHeader("X-TinyWorkflow-Attempt"),
              request.getHeader("X-TinyWorkflow-Signature"),
              request.getContentType(),
              new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
              status));
      response.setStatus(status);
    }
  }
}
