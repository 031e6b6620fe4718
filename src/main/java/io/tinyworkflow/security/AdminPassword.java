package io.tinyworkflow.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The password of the server's own {@code admin} user: {@code TINYWORKFLOW_ADMIN_PASSWORD} when
 * set; otherwise one generated on the first start, printed once in the log and kept in a file under
 * the server's folder that only its owner can read, where the CLI finds it. No install shares a
 * password with another.
 */
@ApplicationScoped
public class AdminPassword {

  private static final Logger LOG = Logger.getLogger(AdminPassword.class.getName());

  /** The user name of the server's own admin. */
  public static final String USER = "admin";

  /** Where the generated password is kept, under the server's output folder. */
  public static final String FILE = "resources/security/tinyworkflow-admin.password";

  @Inject
  @ConfigProperty(name = "tinyworkflow.admin.password")
  Optional<String> configured;

  private volatile byte[] password;

  /** Makes the password when the application starts, so that the first start prints it. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    password();
  }

  /**
   * Checks the credentials of the server's own admin, in time that does not depend on how much of
   * the password matched.
   *
   * @param user the user name given
   * @param given the password given
   * @return {@code true} when they are the admin's
   */
  public boolean matches(String user, String given) {
    byte[] expected = password();
    return USER.equals(user)
        && given != null
        && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] password() {
    byte[] known = password;
    if (known == null) {
      synchronized (this) {
        if (password == null) {
          password = load().getBytes(StandardCharsets.UTF_8);
        }
        known = password;
      }
    }
    return known;
  }

  private String load() {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return configured.get();
    }
    Path file = file();
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.getParent());
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      } catch (FileAlreadyExistsException raced) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
      LOG.warning(
          () ->
              "Generated the password of the user '"
                  + USER
                  + "', shown this once: "
                  + generated
                  + " . It is kept in "
                  + file
                  + " (readable by this user only), where the CLI on this machine finds it."
                  + " Set TINYWORKFLOW_ADMIN_PASSWORD to choose it instead.");
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the admin password in " + file, e);
    }
  }

  /**
   * The file of the generated password.
   *
   * @return its path, under the server's output folder
   */
  static Path file() {
    String output = System.getProperty("server.output.dir", ".");
    return Path.of(output).resolve(FILE);
  }
}
