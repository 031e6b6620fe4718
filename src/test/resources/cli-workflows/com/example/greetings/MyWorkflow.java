package com.example.greetings;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import java.util.Map;

/** The guide's {@code my_workflow}: answers what it was given under {@code received}. */
@Workflow(name = "my_workflow")
public class MyWorkflow implements WorkflowDefinition {

  @Override
  public Object run(WorkflowContext ctx) {
    return Map.of("received", ctx.getInput("key", String.class));
  }
}
