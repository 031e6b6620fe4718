package io.tinyworkflow.api;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Stereotype;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link WorkflowDefinition} as a workflow, found by CDI when the application deploys.
 *
 * <pre>{@code
 * @Workflow(name = "simple_etl", timeoutSeconds = 300, retry = @Retry(maxRetries = 3))
 * public class SimpleEtl implements WorkflowDefinition {
 *   @Inject EtlActivities activities;
 *
 *   public Object run(WorkflowContext ctx) {
 *     var data = activities.fetchData(ctx.getInput("url", String.class));
 *     return Map.of("status", "completed", "data", data);
 *   }
 * }
 * }</pre>
 *
 * <p>A workflow class is a dependent-scoped bean: each execution gets a new instance.
 */
@Documented
@Stereotype
@Dependent
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Workflow {

  /**
   * The workflow's name, unique in the application.
   *
   * @return the name
   */
  String name();

  /**
   * The version of the workflow's code; each run records the version it started on.
   *
   * @return the version
   */
  String version() default "1";

  /**
   * How long a run may take from its start to its end, in seconds, across retries and restarts; 0
   * for no limit. A run past its deadline fails.
   *
   * @return seconds
   */
  double timeoutSeconds() default 0;

  /**
   * How a run whose body throws is retried, from its failure point.
   *
   * @return the retry policy; by default none
   */
  Retry retry() default @Retry(maxRetries = 0);

  /**
   * The queue the workflow's runs wait in, and its limits: how many execute at once and how many
   * start per second.
   *
   * @return the queue; by default the workflow's own, without limits
   */
  Queue queue() default @Queue;
}
