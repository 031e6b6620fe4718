package io.tinyworkflow.testing.crash;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
      ctx.sleep(java.time.Duration.ofMillis(((Number) ctx.getInput("sleep_ms", 0)).longValue()));
      return steps.step(file, "after", 0);
    }
  }
}
