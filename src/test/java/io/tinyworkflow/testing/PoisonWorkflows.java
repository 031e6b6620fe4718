package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** Data that a database may refuse: NUL, emoji, long keys, long errors, 20 MB results. */
public final class PoisonWorkflows {

  private PoisonWorkflows() {}

  /** The text with a NUL and an emoji that runs store and give back. */
  public static final String ODD_TEXT = "a\u0000b \uD83D\uDE80 \u00e9";

  /** A little over 20 MB of text. */
  public static final int HUGE = 20 * 1024 * 1024 + 17;

  /** Activities that return or throw such data; each counts its executions under "key:name". */
  @ApplicationScoped
  public static class PoisonActivities {
    @Inject Counters counters;

    @Activity(name = "odd_text", retry = @Retry(maxRetries = 0))
    public String oddText(String key) {
      counters.increment(key + ":odd_text");
      return ODD_TEXT;
    }

    @Activity(name = "long_error", retry = @Retry(maxRetries = 0))
    public String longError(String key) {
      counters.increment(key + ":long_error");
      throw new IllegalStateException("NUL\u0000here " + "x".repeat(20_000));
    }

    @Activity(name = "huge_text", retry = @Retry(maxRetries = 2, initialDelay = 0.05))
    public String hugeText(String key) {
      counters.increment(key + ":huge_text");
      return "h".repeat(HUGE);
    }
  }

  /** Does what "mode" names with such data. */
  @Workflow(name = "poison")
  public static class Poison implements WorkflowDefinition {
    @Inject PoisonActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String key = ctx.getInput("key", String.class);
      return switch (ctx.getInput("mode", String.class)) {
        case "odd_text" -> activities.oddText(key);
        case "long_error" -> activities.longError(key);
        case "long_key" -> ctx.waitForApproval("k".repeat(300), Duration.ofMinutes(1));
        case "nul_key" -> ctx.awaitSignal("sig\u0000nal", String.class, Duration.ofMinutes(1));
        case "huge_result" -> activities.hugeText(key).length();
        case "huge_output" -> "o".repeat(HUGE);
        case "body_error" -> throw new IllegalStateException("body\u0000fails " + "y".repeat(9000));
        default -> throw new IllegalArgumentException("unknown mode");
      };
    }
  }
}
