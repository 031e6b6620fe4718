package io.tinyworkflow.security;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.io.Serializable;
import java.util.Set;

/**
 * A user whose password was checked: the name, and the registry's realm, unique id and group ids
 * when the user came from the registry (all {@code null} for the server's own admin). Kept in the
 * HTTP session of a sign-in to the pages, so that each later request of the session is the same
 * caller with the same groups, without the password.
 *
 * @param name the user name
 * @param realm the registry's realm, or {@code null} for the server's own admin
 * @param uniqueId the registry's unique id of the user, or {@code null}
 * @param groups the groups: the registry's unique group ids, or {@code admin}
 */
public record Caller(String name, String realm, String uniqueId, Set<String> groups)
    implements Serializable {

  /**
   * The server's own admin user.
   *
   * @return the admin caller, in the {@code admin} group
   */
  static Caller admin() {
    return new Caller(AdminPassword.USER, null, null, Set.of(Roles.ADMIN));
  }

  /** Tells the container that this caller made the request, with its groups for the roles. */
  AuthenticationStatus notifyContainer(HttpMessageContext context) {
    if (realm == null) {
      return context.notifyContainerAboutLogin(name, groups);
    }
    return context.notifyContainerAboutLogin(
        new CredentialValidationResult(realm, new CallerPrincipal(name), null, uniqueId, groups));
  }
}
