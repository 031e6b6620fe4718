package io.tinyworkflow.engine;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which execution, if any, the current thread works for: the workflow thread of a run, or one
 * branch of {@code WorkflowContext.executeParallel}. Activity calls on a thread without a frame, or
 * made from inside another activity, are ordinary calls.
 */
@ApplicationScoped
public class RunFrames {

  /** One thread's role in an execution. */
  static final class Frame {
    final Execution execution;
    final int reservedStep;
    boolean used;
    boolean inActivity;

    Frame(Execution execution, int reservedStep) {
      this.execution = execution;
      this.reservedStep = reservedStep;
    }

    /**
     * Takes the step number of the next durable call on this thread.
     *
     * @return the step number
     */
    int takeStep() {
      if (reservedStep < 0) {
        return execution.nextStepNumber();
      }
      if (used) {
        throw new IllegalStateException(
            "A parallel branch may make one durable call (step "
                + reservedStep
                + " is already used): put several calls in one activity");
      }
      used = true;
      return reservedStep;
    }
  }

  private final ThreadLocal<Frame> current = new ThreadLocal<>();

  Frame current() {
    return current.get();
  }

  void enter(Execution execution, int reservedStep) {
    current.set(new Frame(execution, reservedStep));
  }

  void exit() {
    current.remove();
  }
}
