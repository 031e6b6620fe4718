package io.tinyworkflow.security;

/**
 * The roles of the product, mapped to users and groups in server.xml's {@code application-bnd} (or,
 * without a binding, to groups of the same name).
 */
public final class Roles {

  private Roles() {}

  /** Reads everything: runs, events, steps, schedules, approvals, the registry. */
  public static final String VIEWER = "viewer";

  /** Starts, cancels and signals runs, and manages schedules. */
  public static final String OPERATOR = "operator";

  /** Decides approvals. */
  public static final String APPROVER = "approver";

  /** Everything the other roles may do. */
  public static final String ADMIN = "admin";
}
