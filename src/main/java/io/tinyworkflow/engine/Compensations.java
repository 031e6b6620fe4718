package io.tinyworkflow.engine;

import io.tinyworkflow.api.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compensations (saga) an execution's body registered, in the order of the steps they follow,
 * so that every replay of the body orders them the same way whatever thread registered them.
 */
final class Compensations {

  /**
   * One registered compensation.
   *
   * @param name its step's name
   * @param policy how its failed attempts are retried
   * @param timeoutSeconds how long one attempt may take, 0 for no limit
   * @param transactional whether each attempt commits in one transaction with its record
   * @param body what undoes the work
   */
  record Compensation(
      String name,
      RetryPolicy policy,
      double timeoutSeconds,
      boolean transactional,
      Runnable body) {}

  /** Registrations after one step, beyond the activity's own compensation. */
  private static final int PER_STEP = 1 << 20;

  private final ConcurrentSkipListMap<Long, Compensation> registered =
      new ConcurrentSkipListMap<>();
  private final Map<Integer, AtomicInteger> afterStep = new ConcurrentHashMap<>();

  /**
   * Registers the compensation an activity declares, for its completed call.
   *
   * @param step the activity's step
   * @param compensation what undoes it
   */
  void addForStep(int step, Compensation compensation) {
    registered.put((long) step * PER_STEP, compensation);
  }

  /**
   * Registers a compensation made by the body after a step.
   *
   * @param step the last step the registering thread took, 0 before any
   * @param compensation what undoes the work
   * @throws IllegalStateException after too many registrations after one step
   */
  void addAfter(int step, Compensation compensation) {
    int n = afterStep.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
    if (n >= PER_STEP) {
      throw new IllegalStateException("Too many compensations registered after step " + step);
    }
    registered.put((long) step * PER_STEP + n, compensation);
  }

  boolean isEmpty() {
    return registered.isEmpty();
  }

  /**
   * Returns the compensations in the order they run: the last registered first.
   *
   * @return the compensations
   */
  List<Compensation> newestFirst() {
    return List.copyOf(registered.descendingMap().values());
  }
}
