package io.tinyworkflow.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordTest {

  @TempDir Path serverDir;

  @AfterEach
  void forgetTheServer() {
    System.clearProperty("server.output.dir");
  }

  private AdminPassword onFreshServer() {
    System.setProperty("server.output.dir", serverDir.toString());
    AdminPassword admin = new AdminPassword();
    admin.configured = Optional.empty();
    return admin;
  }

  @Test
  void theFirstStartGeneratesAPasswordOnlyTheOwnerCanRead() throws Exception {
    AdminPassword admin = onFreshServer();
    assertFalse(admin.matches("admin", "")); // generates it
    Path file = serverDir.resolve(AdminPassword.FILE);
    String generated = Files.readString(file).strip();
    assertTrue(generated.length() >= 20, generated);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(admin.matches("admin", generated));
    assertFalse(admin.matches("Admin", generated));
    assertFalse(admin.matches("admin", generated + "x"));
    assertFalse(admin.matches("admin", null));

    AdminPassword restarted = onFreshServer();
    assertTrue(restarted.matches("admin", generated), "a restart keeps the password");
  }

  @Test
  void twoInstallsGetTwoPasswords(@TempDir Path other) throws Exception {
    onFreshServer().matches("admin", "");
    String first = Files.readString(serverDir.resolve(AdminPassword.FILE)).strip();
    System.setProperty("server.output.dir", other.toString());
    AdminPassword second = new AdminPassword();
    second.configured = Optional.empty();
    second.matches("admin", "");
    assertNotEquals(first, Files.readString(other.resolve(AdminPassword.FILE)).strip());
  }

  @Test
  void aConfiguredPasswordWinsAndNothingIsWritten() {
    AdminPassword admin = onFreshServer();
    admin.configured = Optional.of("chosen-by-ops");
    assertTrue(admin.matches("admin", "chosen-by-ops"));
    assertFalse(Files.exists(serverDir.resolve(AdminPassword.FILE)));
  }

  @Test
  void basicCredentialsAreSplitAtTheFirstColon() {
    String encoded =
        java.util.Base64.getEncoder()
            .encodeToString(
                "ops:pa:ss \uD83D\uDE80".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String[] parts = SignInMechanism.decode(encoded);
    assertEquals("ops", parts[0]);
    assertEquals("pa:ss \uD83D\uDE80", parts[1]);
    assertEquals(null, SignInMechanism.decode("%%%"));
    assertEquals(
        null,
        SignInMechanism.decode(java.util.Base64.getEncoder().encodeToString("nocolon".getBytes())));
  }
}
