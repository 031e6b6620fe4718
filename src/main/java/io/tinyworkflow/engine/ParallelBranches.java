package io.tinyworkflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Fan-out and fan-in for {@code executeParallel}: each branch has the step number reserved for it
 * in call order and runs on the executor in a frame of its own; the results come back in argument
 * order, and the first failure (by precedence) is raised once every branch has settled.
 */
final class ParallelBranches {

  private final Execution execution;
  private final ExecutionServices services;

  ParallelBranches(Execution execution, ExecutionServices services) {
    this.execution = execution;
    this.services = services;
  }

  /**
   * Runs the branches.
   *
   * @param base the step number of the first branch; the others follow it
   * @param branches the branches
   * @return their results, in argument order
   */
  List<Object> run(int base, Callable<?>[] branches) {
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < branches.length; i++) {
      int step = base + i;
      Callable<?> branch = branches[i];
      // The branch's steps are children of the run's execution span, as the body's are.
      Callable<Object> traced =
          io.opentelemetry.context.Context.current().wrap(() -> runBranch(step, branch));
      futures.add(services.executor().submit(traced));
    }
    List<Object> results = new ArrayList<>();
    Throwable first = null;
    for (Future<Object> future : futures) {
      try {
        results.add(future.get());
      } catch (ExecutionException e) {
        results.add(null);
        first = Failures.precedence(first, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw execution
            .liveness()
            .unwind(new RunAborted("interrupted while waiting for parallel branches"));
      }
    }
    if (first != null) {
      // What unwinds the body was gathered as the branches raised it (their suspensions joined).
      Throwable unwinding = execution.liveness().unwinding();
      throw Failures.sneaky(Failures.unwinds(first) && unwinding != null ? unwinding : first);
    }
    return results;
  }

  /**
   * Runs one branch in its frame. A replay runs the branch again, so that a branch that now makes a
   * durable call where a plain result was recorded is caught as a replay mismatch; a branch that
   * makes no durable call gets its recorded result.
   */
  private Object runBranch(int step, Callable<?> branch) throws Exception {
    services.frames().enter(execution, step);
    RunLogFields logged = RunLogFields.of(execution.snapshot());
    try {
      Object result = branch.call();
      RunFrames.Frame frame = services.frames().current();
      // A branch that made no durable call: its result is the branch's own step.
      return frame.used ? result : execution.calls().branchStep(frame, result);
    } finally {
      logged.close();
      services.frames().exit();
    }
  }
}
