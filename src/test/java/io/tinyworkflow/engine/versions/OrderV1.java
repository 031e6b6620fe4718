package io.tinyworkflow.engine.versions;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import java.util.Map;

/** {@code versioned_order} as first deployed: reserve, wait for the shipping approval, ship. */
@Workflow(name = "versioned_order", version = "1")
public class OrderV1 implements WorkflowDefinition {

  @Override
  public Object run(WorkflowContext ctx) {
    String key = ctx.getInput("key", String.class);
    ctx.sideEffect("reserve", String.class, () -> "reserved");
    ctx.waitForApproval("ship_" + key, null);
    return Map.of("code", "v1");
  }
}
