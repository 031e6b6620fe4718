package io.tinyworkflow.security;

import io.tinyworkflow.api.failure.NotAllowedException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;

/**
 * Enforces {@link RequiresRole} on the operations of the client: a request of a signed-in user
 * needs one of the roles; a request from the web without a sign-in is refused; the application's
 * own calls (no HTTP request on the thread) pass. Whatever way a user comes in (the pages, the API,
 * a bean of the application serving a request), the client refuses what the role does not allow,
 * with {@link NotAllowedException}.
 */
@RequiresRole
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class RoleCheck {

  @Inject SecurityContext security;

  /**
   * Checks the caller's roles, then calls the operation.
   *
   * @param invocation the call
   * @return what the operation returns
   * @throws Exception what the operation throws, or {@link NotAllowedException}
   */
  @AroundInvoke
  public Object check(InvocationContext invocation) throws Exception {
    RequiresRole required = invocation.getMethod().getAnnotation(RequiresRole.class);
    if (required == null) {
      required = invocation.getMethod().getDeclaringClass().getAnnotation(RequiresRole.class);
    }
    if (required == null || !WebRequests.onThisThread()) {
      return invocation.proceed();
    }
    String user = caller();
    if (user == null) {
      throw new NotAllowedException("Sign in to " + required.action());
    }
    for (String role : required.value()) {
      if (security.isCallerInRole(role)) {
        return invocation.proceed();
      }
    }
    throw new NotAllowedException(
        user
            + " may not "
            + required.action()
            + ": it needs the role "
            + String.join(" or ", required.value()));
  }

  private String caller() {
    try {
      Principal principal = security.getCallerPrincipal();
      String name = principal == null ? null : principal.getName();
      return name == null || name.isBlank() || "UNAUTHENTICATED".equals(name) ? null : name;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
