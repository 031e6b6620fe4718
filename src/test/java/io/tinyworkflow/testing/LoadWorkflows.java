package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A workflow to run by the thousand: it holds its execution a moment, then answers at once. */
public final class LoadWorkflows {

  private LoadWorkflows() {}

  /** How long {@code hold} keeps its execution busy, so that many executions overlap. */
  public static final long HOLD_MILLIS = 50;

  /** The activities, each counting its executions under "batch:activity". */
  @ApplicationScoped
  public static class LoadActivities {
    @Inject Counters counters;

    @Activity(name = "load_hold", retry = @Retry(maxRetries = 0))
    public int hold(String batch, int n) throws InterruptedException {
      counters.increment(batch + ":load_hold");
      Thread.sleep(HOLD_MILLIS);
      return n;
    }

    /** Returns at once, with a timeout that a queued attempt would pass. */
    @Activity(name = "load_quick", timeoutSeconds = 5, retry = @Retry(maxRetries = 0))
    public int quick(String batch, int n) {
      counters.increment(batch + ":load_quick");
      return n + 1;
    }
  }

  /**
   * Activities that meet: each waits until all of its batch are inside their activity at once, so a
   * batch larger than the connection pool meets only if no execution keeps a connection meanwhile.
   */
  @ApplicationScoped
  public static class Meeting {
    private final java.util.Map<String, java.util.concurrent.CountDownLatch> batches =
        new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Waits until "size" activities of the batch are in here, for 60 s at most.
     *
     * @param batch the batch
     * @param size how many meet
     * @return whether all of them met
     * @throws InterruptedException when interrupted
     */
    @Activity(name = "load_meet", retry = @Retry(maxRetries = 0))
    public boolean meet(String batch, int size) throws InterruptedException {
      var latch =
          batches.computeIfAbsent(batch, b -> new java.util.concurrent.CountDownLatch(size));
      latch.countDown();
      return latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** A gate per batch: activities wait at it until the test opens it, for 60 s at most. */
  @ApplicationScoped
  public static class Gate {
    private final java.util.Map<String, java.util.concurrent.CountDownLatch> gates =
        new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Waits until the batch's gate is open.
     *
     * @param batch the batch
     * @return whether it opened in time
     * @throws InterruptedException when interrupted
     */
    @Activity(name = "load_gate", retry = @Retry(maxRetries = 0))
    public boolean pass(String batch) throws InterruptedException {
      return latch(batch).await(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Opens a batch's gate.
     *
     * @param batch the batch
     */
    public void open(String batch) {
      latch(batch).countDown();
    }

    private java.util.concurrent.CountDownLatch latch(String batch) {
      return gates.computeIfAbsent(batch, b -> new java.util.concurrent.CountDownLatch(1));
    }
  }

  /** Waits at its batch's gate: input "batch". */
  @Workflow(name = "load_gate")
  public static class LoadGate implements WorkflowDefinition {
    @Inject Gate gate;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return gate.pass(ctx.getInput("batch", String.class));
    }
  }

  /** Meets the rest of its batch in an activity: input "batch" and "size". */
  @Workflow(name = "load_meet")
  public static class LoadMeet implements WorkflowDefinition {
    @Inject Meeting meeting;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return meeting.meet(ctx.getInput("batch", String.class), ctx.getInput("size", Integer.class));
    }
  }

  /** Holds, then answers quickly: input "batch" and "n", output n + 1. */
  @Workflow(name = "load_probe")
  public static class LoadProbe implements WorkflowDefinition {
    @Inject LoadActivities activities;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      String batch = ctx.getInput("batch", String.class);
      int n = ctx.getInput("n", Integer.class);
      return activities.quick(batch, activities.hold(batch, n));
    }
  }
}
