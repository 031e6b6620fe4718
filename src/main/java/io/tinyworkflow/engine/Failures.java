package io.tinyworkflow.engine;

import io.tinyworkflow.api.failure.NonDeterminismException;

/** How failures are described in journals, events and errors, and how they propagate. */
final class Failures {

  private Failures() {}

  /**
   * Picks the failure that wins when two are raised in one execution (by parallel branches, or by
   * code that runs while the body unwinds): an abort first, then a passed deadline, then a replay
   * mismatch, then a cancel that waits for compensations, then a suspension (two suspensions for
   * activities' next attempts join), then the earlier of two ordinary failures.
   *
   * @param current the failure raised so far, or {@code null}
   * @param candidate the new one
   * @return the one to raise
   */
  static Throwable precedence(Throwable current, Throwable candidate) {
    if (current == null) {
      return candidate;
    }
    if (current instanceof Suspension a && candidate instanceof Suspension b && a != b) {
      return a.join(b);
    }
    return rank(candidate) > rank(current) ? candidate : current;
  }

  /**
   * Whether a failure unwinds the body rather than being one of its outcomes: the body cannot catch
   * it for good.
   *
   * @param failure the failure
   * @return {@code true} for a suspension, an abort, a passed deadline, a replay mismatch and a
   *     cancel that stops the replay
   */
  static boolean unwinds(Throwable failure) {
    return rank(failure) > 0;
  }

  private static int rank(Throwable failure) {
    if (failure instanceof RunAborted) {
      return 5;
    }
    if (failure instanceof DeadlineExceeded) {
      return 4;
    }
    if (failure instanceof NonDeterminismException) {
      return 3;
    }
    if (failure instanceof CancelRequested) {
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
    return failure.getMessage() == null ? "" : clean(failure.getMessage());
  }

  /** The longest error text kept, in characters; a longer one is cut and says how much. */
  static final int MAX_ERROR = 4000;

  /**
   * Makes text fit to be stored as an error on every database: U+0000 (which PostgreSQL text
   * refuses) becomes U+FFFD, and text over {@link #MAX_ERROR} characters is cut.
   *
   * @param text the text
   * @return the cleaned text
   */
  static String clean(String text) {
    String cleaned = text.replace('\u0000', '\uFFFD');
    if (cleaned.length() <= MAX_ERROR) {
      return cleaned;
    }
    int cut = MAX_ERROR;
    if (Character.isLowSurrogate(cleaned.charAt(cut))) {
      cut--; // keep a surrogate pair whole
    }
    return cleaned.substring(0, cut) + "... (" + (cleaned.length() - cut) + " more characters)";
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
