package io.tinyworkflow.engine.versions;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import java.util.Map;

/**
 * {@code versioned_order} redeployed with a fraud check before the approval: runs that passed that
 * place under version 1 keep going without it.
 */
@Workflow(name = "versioned_order", version = "2")
public class OrderV2 implements WorkflowDefinition {

  @Override
  public Object run(WorkflowContext ctx) {
    String key = ctx.getInput("key", String.class);
    ctx.sideEffect("reserve", String.class, () -> "reserved");
    int fraudCheck = ctx.getVersion("fraud_check", WorkflowContext.DEFAULT_VERSION, 1);
    if (fraudCheck >= 1) {
      ctx.sideEffect("fraud_check", String.class, () -> "clean");
    }
    ctx.waitForApproval("ship_" + key, null);
    return Map.of("code", "v2", "fraud_check", fraudCheck >= 1);
  }
}
