package io.tinyworkflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether an execution may go on: not stopped (a cancel, a lease claimed elsewhere), not past the
 * run's deadline, its lease renewed recently enough, and its body not unwinding. Every durable call
 * checks it before it begins; what unwinds the body is gathered here, so that the runner settles
 * the run by it whatever the body does.
 */
final class Liveness {

  private final String runId;
  private final Instant deadline;
  private final Clock clock;
  private final Runnable interruptActivities;
  private final AtomicReference<Throwable> unwinding = new AtomicReference<>();
  private volatile String stopReason;
  private volatile boolean deadlinePassed;
  private volatile Instant leaseUntil;

  /**
   * Starts watching an execution that just began.
   *
   * @param runId the run
   * @param deadline the run's deadline, or {@code null}
   * @param clock the clock
   * @param lease how long the run's lease holds without renewal
   * @param interruptActivities interrupts the execution's running activities
   */
  Liveness(
      String runId, Instant deadline, Clock clock, Duration lease, Runnable interruptActivities) {
    this.runId = runId;
    this.deadline = deadline;
    this.clock = clock;
    this.interruptActivities = interruptActivities;
    this.leaseUntil = clock.instant().plus(lease);
  }

  /**
   * Stops the execution at its next step boundary and interrupts its running activities.
   *
   * @param reason why, for the log
   */
  void stop(String reason) {
    stopReason = reason;
    interruptActivities.run();
  }

  /**
   * Stops the execution at its next step boundary, letting its running activities finish: what they
   * return is still recorded.
   *
   * @param reason why, for the log
   */
  void drain(String reason) {
    stopReason = reason;
  }

  /** Stops the execution because its run passed its deadline: the run fails as timed out. */
  void stopForDeadline() {
    deadlinePassed = true;
    stop("deadline passed");
  }

  /**
   * Notes that this server renewed the leases of its runs, this one's included.
   *
   * @param until the new expiry
   */
  void leaseRenewed(Instant until) {
    leaseUntil = until;
  }

  Instant deadline() {
    return deadline;
  }

  /**
   * Starts (or joins) the unwinding of the body: a suspension, an abort, a passed deadline or a
   * replay mismatch. From here on no durable call runs or is recorded: each one made while the body
   * unwinds (in a {@code finally} block, a {@code catch (Throwable)}, a resource's {@code close()})
   * raises the unwinding signal again, and the runner settles the run by that signal whatever the
   * body does with it.
   *
   * @param signal what unwinds the body
   * @return never returns normally: throws the signal that wins (see {@link Failures#precedence})
   */
  RuntimeException unwind(Throwable signal) {
    throw Failures.sneaky(unwinding.accumulateAndGet(signal, Failures::precedence));
  }

  /**
   * Returns what unwinds the body, if anything.
   *
   * @return the winning signal, or {@code null} while the body goes on
   */
  Throwable unwinding() {
    return unwinding.get();
  }

  /** Lets the execution go on after its replay stopped for a cancel: its compensations run next. */
  void forgetCancelRequest() {
    unwinding.getAndUpdate(signal -> signal instanceof CancelRequested ? null : signal);
  }

  /** Checks that a new durable call may begin: the body does not unwind and was not stopped. */
  void checkLive() {
    Throwable signal = unwinding.get();
    if (signal != null) {
      throw Failures.sneaky(signal);
    }
    checkStopped();
  }

  /** Checks that the run was not stopped, still holds its lease and has not passed its deadline. */
  void checkStopped() {
    if (deadlinePassed) {
      throw unwind(new DeadlineExceeded(deadline));
    }
    if (stopReason != null) {
      throw unwind(new RunAborted(stopReason));
    }
    Instant now = clock.instant();
    if (now.isAfter(leaseUntil)) {
      // Frozen or cut off past the lease: another server may hold the run by now.
      throw unwind(new RunAborted("the lease of run " + runId + " ran out at " + leaseUntil));
    }
    if (deadline != null && now.isAfter(deadline)) {
      throw unwind(new DeadlineExceeded(deadline));
    }
  }
}
