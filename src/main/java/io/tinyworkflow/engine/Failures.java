package io.tinyworkflow.engine;

import io.tinyworkflow.api.failure.NonDeterminismException;

/** How failures are described in journals, events and errors, and how they propagate. */
final class Failures {

  private Failures() {}

  /**
   * Picks the failure that wins when two are raised in one execution (by parallel branches, or by
   * code that runs while the body unwinds): an abort first, then a passed deadline, then a replay
   * mismatch, then a suspension, then the earlier of two ordinary failures.
   *
   * @param current the failure raised so far, or {@code null}
   * @param candidate the new one
   * @return the one to raise
   */
  static Throwable precedence(Throwable current, Throwable candidate) {
    if (current == null) {
      return candidate;
    }
    return rank(candidate) > rank(current) ? candidate : current;
  }

  /**
   * Whether a failure unwinds the body rather than being one of its outcomes: the body cannot catch
   * it for good.
   *
   * @param failure the failure
   * @return {@code true} for a suspension, an abort, a passed deadline and a replay mismatch
   */
  static boolean unwinds(Throwable failure) {
    return rank(failure) > 0;
  }

  private static int rank(Throwable failure) {
    if (failure instanceof RunAborted) {
      return 4;
    }
    if (failure instanceof DeadlineExceeded) {
      return 3;
    }
    if (failure instanceof NonDeterminismException) {
      return 2;
    }
    return failure instanceof Suspension ? 1 : 0;
  }

  static String describe(String kind, String name) {
    return kind.replace('_', ' ') + " '" + name + "'";
  }

  static String errorText(Throwable failure) {
    return failure.getClass().getName() + ": " + message(failure);
  }

  static String message(Throwable failure) {
    return failure.getMessage() == null ? "" : failure.getMessage();
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
