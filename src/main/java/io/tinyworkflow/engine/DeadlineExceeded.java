package io.tinyworkflow.engine;

import java.time.Instant;

/** Ends an execution whose run passed its deadline; the run fails as timed out. */
final class DeadlineExceeded extends Error {

  private static final long serialVersionUID = 1L;

  DeadlineExceeded(Instant deadline) {
    super("The run passed its deadline of " + deadline, null, false, false);
  }
}
