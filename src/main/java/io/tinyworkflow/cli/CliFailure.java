package io.tinyworkflow.cli;

/** A command that cannot do what was asked: its message is printed, and its exit code returned. */
final class CliFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The request was refused by the server, or a waited-for run did not complete. */
  static final int REFUSED = 1;

  /** The command line or its input is wrong (also when the server answers 400 or 413). */
  static final int BAD_INPUT = 2;

  /** No server answered. */
  static final int UNREACHABLE = 3;

  /** Not signed in, or signed in without a role that may do this. */
  static final int NOT_ALLOWED = 4;

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
