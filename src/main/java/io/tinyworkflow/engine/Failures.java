package io.tinyworkflow.engine;

/** How failures are described in journals, events and errors, and how they propagate. */
final class Failures {

  private Failures() {}

  /**
   * Picks the failure to raise from parallel branches: an abort first, then a suspension, then the
   * first failure in argument order.
   */
  static Throwable precedence(Throwable current, Throwable candidate) {
    if (current == null) {
      return candidate;
    }
    if (candidate instanceof RunAborted) {
      return candidate;
    }
    if (candidate instanceof Suspension && !(current instanceof RunAborted)) {
      return current instanceof Suspension ? current : candidate;
    }
    return current;
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
