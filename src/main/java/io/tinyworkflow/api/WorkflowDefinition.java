package io.tinyworkflow.api;

/**
 * The body of a workflow. It may run many times for one run (after a restart, a retry or a wait)
 * and must then make the same durable calls in the same order: see {@link WorkflowContext} for the
 * rules.
 */
@FunctionalInterface
public interface WorkflowDefinition {

  /**
   * Runs the workflow.
   *
   * @param ctx the run's context
   * @return the result, stored as JSON (a map, a list, a string, a number, a record...)
   * @throws Exception to fail this attempt of the run (retried per the workflow's policy)
   */
  Object run(WorkflowContext ctx) throws Exception;
}
