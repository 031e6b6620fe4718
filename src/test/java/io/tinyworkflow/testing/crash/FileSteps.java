package io.tinyworkflow.testing.crash;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import io.tinyworkflow.api.failure.WaitTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * An activity that records each completed execution as a line in a file, so that a test in another
 * process can count executions across a server crash.
 */
@ApplicationScoped
public class FileSteps {

  /** The steps of {@link FiveSlowSteps}. */
  public static final List<String> STEPS = List.of("one", "two", "three", "four", "five");

  @Activity(name = "file_step", retry = @Retry(maxRetries = 0))
  public String step(String file, String name, long millis)
      throws IOException, InterruptedException {
    Thread.sleep(millis);
    Files.writeString(
        Path.of(file),
        name + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
    return name;
  }

  /**
   * Fails, without retries.
   *
   * @param file the counter file
   * @return never
   * @throws IOException when the file cannot be written
   */
  @Activity(name = "file_fail", retry = @Retry(maxRetries = 0))
  public String fail(String file) throws IOException {
    Files.writeString(
        Path.of(file),
        "fail\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
    throw new IllegalStateException("the booking fails");
  }

  /**
   * A saga: "hotel" and "card", each undone by a compensation, then a step that fails. The
   * compensations run newest first: "refund_card", then "cancel_hotel", which does not finish
   * before the file "gate" exists. Input: "file" (the counter file) and "gate".
   */
  @Workflow(name = "saga_with_gate")
  public static class SagaWithGate implements WorkflowDefinition {
    @Inject FileSteps steps;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String file = ctx.getInput("file", String.class);
      Path gate = Path.of(ctx.getInput("gate", String.class));
      steps.step(file, "hotel", 0);
      ctx.onFailure(
          "cancel_hotel",
          () -> {
            try {
              for (int i = 0; i < 1200 && !Files.exists(gate); i++) {
                Thread.sleep(100);
              }
              steps.step(file, "cancel_hotel", 0);
            } catch (IOException | InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
      steps.step(file, "card", 0);
      ctx.onFailure(
          "refund_card",
          () -> {
            try {
              steps.step(file, "refund_card", 0);
            } catch (IOException | InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
      return steps.fail(file);
    }
  }

  /** Five steps of about a second each; input: "file" (the counter file) and "millis". */
  @Workflow(name = "five_slow_steps")
  public static class FiveSlowSteps implements WorkflowDefinition {
    @Inject FileSteps steps;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String file = ctx.getInput("file", String.class);
      long millis = ((Number) ctx.getInput("millis", 1000)).longValue();
      for (String name : STEPS) {
        steps.step(file, name, millis);
      }
      return STEPS;
    }
  }

  /** A step, a durable sleep, a step; input: "file" (the counter file) and "sleep_ms". */
  @Workflow(name = "sleep_between_steps")
  public static class SleepBetweenSteps implements WorkflowDefinition {
    @Inject FileSteps steps;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String file = ctx.getInput("file", String.class);
      steps.step(file, "before", 0);
      ctx.sleep(Duration.ofMillis(((Number) ctx.getInput("sleep_ms", 0)).longValue()));
      return steps.step(file, "after", 0);
    }
  }

  /**
   * A step, an approval nobody gives within "timeout_ms", and a step that records the timeout;
   * input: "file" (the counter file) and "timeout_ms".
   */
  @Workflow(name = "approval_times_out_between_steps")
  public static class ApprovalTimesOutBetweenSteps implements WorkflowDefinition {
    @Inject FileSteps steps;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String file = ctx.getInput("file", String.class);
      steps.step(file, "before", 0);
      try {
        ctx.waitForApproval(
            "nobody_decides",
            Duration.ofMillis(ctx.getInput("timeout_ms", Number.class).longValue()));
        return steps.step(file, "decided", 0);
      } catch (WaitTimeoutException e) {
        return steps.step(file, "timed_out", 0);
      }
    }
  }

  /**
   * Starts sleep_between_steps as its child (same input) and waits for it; then a step. Input:
   * "file" (the child's counter file), "parent_file" (its own) and "sleep_ms".
   */
  @Workflow(name = "parent_of_sleeper")
  public static class ParentOfSleeper implements WorkflowDefinition {
    @Inject FileSteps steps;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String child = ctx.startChildWorkflow("sleep_between_steps", ctx.input());
      String result = ctx.awaitChildWorkflow(child, String.class, null);
      return steps.step(ctx.getInput("parent_file", String.class), "parent_" + result, 0);
    }
  }
}
