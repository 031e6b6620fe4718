package io.tinyworkflow.api;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a CDI bean as an activity: a unit of work that a workflow calls as a durable
 * step. Inside a workflow run, each call is journaled; once its result is committed it is never
 * executed again for that run, and a failed attempt is retried per {@link #retry()}. Called outside
 * a workflow (from a REST resource, a test), the method is an ordinary call.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class EtlActivities {
 *   @Activity(name = "fetch_data", timeoutSeconds = 30, retry = @Retry(maxRetries = 5))
 *   public Map<String, Object> fetchData(String url) { ... }
 * }
 * }</pre>
 *
 * <p>Arguments and results must be JSON-serializable (JSON-B): results are stored as JSON and read
 * back as the method's declared return type.
 */
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Activity {

  /**
   * The activity's name, unique in the application; the method name when empty.
   *
   * @return the name
   */
  @Nonbinding
  String name() default "";

  /**
   * How long one attempt may take, in seconds; 0 for no limit. An attempt that takes longer is
   * interrupted and fails, then is retried per {@link #retry()}.
   *
   * @return seconds
   */
  @Nonbinding
  double timeoutSeconds() default 0;

  /**
   * How failed attempts are retried.
   *
   * @return the retry policy
   */
  @Nonbinding
  Retry retry() default @Retry;

  /**
   * The activity that undoes this one (saga): after a call of this activity completed in a run,
   * that activity is called with the same arguments if the run later fails for good or is
   * cancelled. Compensations run in the reverse order of their registration, each a durable step
   * retried per the compensating activity's policy; see {@link WorkflowContext#onFailure}.
   *
   * <pre>{@code
   * @Activity(name = "charge_card", compensation = "refund_card")
   * public Charge charge(String card, long cents) { ... }
   *
   * @Activity(name = "refund_card")
   * public void refund(String card, long cents) { ... }
   * }</pre>
   *
   * @return the compensating activity's name; empty for none
   */
  @Nonbinding
  String compensation() default "";

  /**
   * Whether each attempt runs in a JTA transaction of its own, in which the step's journal record
   * commits too: the activity's writes to a data source that joins the transaction (the engine's
   * {@code jdbc/tinyworkflow}, or any XA data source) and the record that it completed commit
   * together or not at all, so they happen exactly once, even across a crash between the write and
   * the record. A failed attempt rolls its writes back, and so does one that outlived its {@link
   * #timeoutSeconds()}. Each attempt must end within the server's transaction timeout (Liberty's
   * {@code <transaction totalTranLifetimeTimeout>}, 120 s by default).
   *
   * <p>An activity method (or bean) annotated {@code @jakarta.transaction.Transactional} with the
   * type {@code REQUIRED}, {@code MANDATORY} or {@code SUPPORTS} is transactional too.
   *
   * <pre>{@code
   * @Activity(name = "book_payment", transactional = true)
   * public long book(String account, long cents) {
   *   // INSERT INTO payments ... on a data source of the application
   * }
   * }</pre>
   *
   * @return {@code true} for a transactional step
   */
  @Nonbinding
  boolean transactional() default false;
}
