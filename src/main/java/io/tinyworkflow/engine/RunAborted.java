package io.tinyworkflow.engine;

/**
 * Stops an execution that must record nothing more: its run was cancelled, timed out or claimed by
 * another server. An {@link Error}, so that workflow code catching {@code Exception} cannot swallow
 * it.
 */
final class RunAborted extends Error {

  private static final long serialVersionUID = 1L;

  RunAborted(String reason) {
    super(reason, null, false, false);
  }
}
