package io.tinyworkflow.engine;

/**
 * Stops the replay of a run whose cancel waits for its compensations, at its first step that is not
 * recorded: nothing new of the body runs, and the compensations it registered run instead. An
 * {@link Error}, so that workflow code catching {@code Exception} cannot swallow it.
 */
final class CancelRequested extends Error {

  private static final long serialVersionUID = 1L;

  CancelRequested(int step) {
    super("the run is being cancelled: step " + step + " does not run", null, false, false);
  }
}
