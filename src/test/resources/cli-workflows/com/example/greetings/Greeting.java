package com.example.greetings;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * A user's own workflow, compiled by CliSuite against target/tinyworkflow-api.jar alone and
 * imported with tinyworkflow server --import-workflows.
 */
@Workflow(name = "greeting")
public class Greeting implements WorkflowDefinition {

  @Inject Greeter greeter;

  @Override
  public Object run(WorkflowContext ctx) {
    String name = ctx.getInput("name", String.class);
    if (name == null) {
      throw new IllegalArgumentException("a name is required");
    }
    return Map.of("greeting", greeter.greet(name));
  }

  /** Its activity. */
  @ApplicationScoped
  public static class Greeter {
    @Activity(name = "greet")
    public String greet(String name) {
      return "Hello, " + name;
    }
  }
}
