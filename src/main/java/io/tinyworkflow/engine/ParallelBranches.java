package io.tinyworkflow.engine;

import io.tinyworkflow.persistence.StepEntity;
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
      futures.add(services.executor().submit(() -> runBranch(step, branch)));
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
        throw new RunAborted("interrupted while waiting for parallel branches");
      }
    }
    if (first != null) {
      throw Failures.sneaky(first);
    }
    return results;
  }

  private Object runBranch(int step, Callable<?> branch) throws Exception {
    services.frames().enter(execution, step);
    try {
      RunFrames.Frame frame = services.frames().current();
      StepEntity recorded = execution.journalled(step);
      if (recorded != null && Execution.BRANCH.equals(recorded.getStepKind())) {
        frame.used = true;
        return services.json().read(recorded.getOutput(), Object.class);
      }
      Object result = branch.call();
      if (!frame.used) {
        // The branch made no durable call: record its result as the branch's step.
        return execution.branchStep(frame, result);
      }
      return result;
    } finally {
      services.frames().exit();
    }
  }
}
