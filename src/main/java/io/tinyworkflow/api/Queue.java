package io.tinyworkflow.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The queue a workflow's runs wait in, and its limits: how many of its runs may execute at once
 * across all servers and on each server, and how many may start per second. Runs beyond a limit
 * wait, due, and start in the order of their priority, then of their due time, as room frees.
 * Several workflows that name the same queue share its limits (declare them once).
 *
 * <pre>{@code
 * @Workflow(name = "sync_invoice", queue = @Queue(name = "erp", concurrency = 5, startsPerSecond = 10))
 * }</pre>
 *
 * <p>Operators change a queue's limits without rebuilding, in server.xml or the environment: {@code
 * tinyworkflow.queue.<name>.concurrency}, {@code .concurrency-per-server} and {@code
 * .starts-per-second} (as variables, or {@code TINYWORKFLOW_QUEUE_ERP_CONCURRENCY} and so on); 0
 * lifts a limit.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Queue {

  /**
   * The queue's name; by default the workflow's own.
   *
   * @return the name
   */
  String name() default "";

  /**
   * How many runs of the queue may execute at once, across all servers; 0 for no limit.
   *
   * @return the limit
   */
  int concurrency() default 0;

  /**
   * How many runs of the queue may execute at once on one server; 0 for no limit.
   *
   * @return the limit
   */
  int concurrencyPerServer() default 0;

  /**
   * How many runs of the queue may begin executing per second, across all servers (each execution:
   * a first start or a resume); 0 for no limit. Up to a second's worth start at once after a quiet
   * spell.
   *
   * @return the rate
   */
  double startsPerSecond() default 0;
}
