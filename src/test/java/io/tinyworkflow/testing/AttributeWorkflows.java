package io.tinyworkflow.testing;

import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/** A workflow that sets search attributes, before and after a wait. */
public final class AttributeWorkflows {

  private AttributeWorkflows() {}

  /**
   * Sets {@code customer} to the input's "key", {@code priority} to 2 and {@code vip} to true;
   * waits for the approval {@code attributed_<key>}; then sets {@code stage} to "approved" and
   * {@code priority} to 1. With the input's "bad" set, sets an attribute to a value of another
   * type.
   */
  @Workflow(name = "attributed")
  public static class Attributed implements WorkflowDefinition {
    @Inject TestActivities activities;

    @Override
    public Object run(WorkflowContext ctx) {
      String key = ctx.getInput("key", String.class);
      if (ctx.getInput("bad", (Object) null) != null) {
        ctx.setAttribute("when", new Object());
      }
      ctx.setAttribute("customer", key);
      ctx.setAttribute("priority", 2);
      ctx.setAttribute("vip", true);
      activities.step(key, "one");
      ctx.waitForApproval("attributed_" + key, null);
      ctx.setAttribute("stage", "approved");
      ctx.setAttribute("priority", 1);
      ctx.setAttribute("approved_at", Instant.parse("2026-12-03T10:00:00Z"));
      return Map.of("key", key);
    }
  }
}
