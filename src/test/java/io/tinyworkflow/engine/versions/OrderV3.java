package io.tinyworkflow.engine.versions;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import java.util.Map;

/** {@code versioned_order} once the runs without the fraud check are no longer supported. */
@Workflow(name = "versioned_order", version = "3")
public class OrderV3 implements WorkflowDefinition {

  @Override
  public Object run(WorkflowContext ctx) {
    String key = ctx.getInput("key", String.class);
    ctx.sideEffect("reserve", String.class, () -> "reserved");
    ctx.getVersion("fraud_check", 1, 1);
    ctx.sideEffect("fraud_check", String.class, () -> "clean");
    ctx.waitForApproval("ship_" + key, null);
    return Map.of("code", "v3");
  }
}
