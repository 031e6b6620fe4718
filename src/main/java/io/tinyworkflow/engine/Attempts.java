package io.tinyworkflow.engine;

import io.tinyworkflow.api.failure.TimeoutFailure;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the attempts of an execution's durable calls: in the calling thread, or on the executor when
 * the call has a timeout, so that an attempt that takes too long is interrupted and fails. Knows
 * the threads running attempts, so that a cancel can interrupt them.
 */
final class Attempts {

  private final ManagedExecutorService executor;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  Attempts(ManagedExecutorService executor) {
    this.executor = executor;
  }

  void interruptAll() {
    threads.forEach(Thread::interrupt);
  }

  Object call(RunFrames.Frame frame, String name, Callable<?> body, double timeout)
      throws Exception {
    if (timeout <= 0) {
      Thread thread = Thread.currentThread();
      threads.add(thread);
      boolean outer = frame != null && !frame.inActivity;
      if (outer) {
        frame.inActivity = true;
      }
      try {
        return body.call();
      } finally {
        if (outer) {
          frame.inActivity = false;
        }
        threads.remove(thread);
        Thread.interrupted(); // a stop interrupts the activity, not what follows it
      }
    }
    CountDownLatch started = new CountDownLatch(1);
    Future<?> future =
        executor.submit(
            () -> {
              threads.add(Thread.currentThread());
              started.countDown();
              try {
                return body.call();
              } finally {
                threads.remove(Thread.currentThread());
              }
            });
    Thread waiting = Thread.currentThread();
    threads.add(waiting); // a stop while the attempt is queued interrupts the wait
    try {
      // The timeout counts from when the attempt starts, not from when it was queued behind others.
      while (!started.await(100, TimeUnit.MILLISECONDS)) {
        if (future.isDone()) {
          break; // it could not start (cancelled or rejected): get() says why
        }
      }
      threads.remove(waiting);
      return future.get((long) (timeout * 1000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      future.cancel(true); // stopped: the attempt must not start later, nor go on
      throw e;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TimeoutFailure("Activity '" + name + "' timed out after " + timeout + " s");
    } catch (ExecutionException e) {
      throw Failures.sneaky(e.getCause());
    } finally {
      threads.remove(waiting);
    }
  }
}
