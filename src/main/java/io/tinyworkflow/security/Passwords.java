package io.tinyworkflow.security;

import com.ibm.websphere.security.PasswordCheckFailedException;
import com.ibm.websphere.security.UserRegistry;
import com.ibm.wsspi.security.registry.RegistryHelper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks a user name and password: against the server's own {@code admin} user ({@link
 * AdminPassword}) and then the server's user registry (server.xml's basicRegistry or ldapRegistry,
 * with its groups). The one identity store of every way in: the API's Basic credentials and the
 * sign-in page.
 */
@ApplicationScoped
public class Passwords {

  private static final Logger LOG = Logger.getLogger(Passwords.class.getName());

  @Inject AdminPassword admin;

  /**
   * Checks a password.
   *
   * @param user the user name
   * @param password the password
   * @return the caller, or {@code null} when the name or password is wrong
   */
  public Caller check(String user, String password) {
    if (user == null || user.isBlank() || password == null) {
      return null;
    }
    if (admin.matches(user, password)) {
      return Caller.admin();
    }
    return registryUser(user, password);
  }

  /**
   * Checks a password against the server's user registry and returns the user with the registry's
   * unique ids of its groups, in the registry's realm, so that role bindings to registry groups in
   * server.xml match; or {@code null} when the registry refuses it or there is none.
   */
  private static Caller registryUser(String user, String password) {
    try {
      UserRegistry registry = RegistryHelper.getUserRegistry(null);
      if (registry == null) {
        return null;
      }
      String name = registry.checkPassword(user, password);
      if (name == null) {
        return null;
      }
      String uniqueId = registry.getUniqueUserId(name);
      return new Caller(
          name,
          registry.getRealm(),
          uniqueId,
          Set.copyOf(new HashSet<>(registry.getUniqueGroupIds(uniqueId))));
    } catch (PasswordCheckFailedException e) {
      return null;
    } catch (Exception e) {
      LOG.log(Level.WARNING, "The user registry cannot check a password: " + e.getMessage());
      return null;
    }
  }
}
