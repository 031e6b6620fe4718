package io.tinyworkflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @TempDir Path home;

  private void generated(String server, String password, Instant at) throws Exception {
    Path file =
        home.resolve("target/liberty/wlp/usr/servers/" + server).resolve(Credentials.GENERATED);
    Files.createDirectories(file.getParent());
    Files.writeString(file, password + "\n");
    Files.setLastModifiedTime(file, FileTime.from(at));
  }

  @Test
  void givenCredentialsWin() throws Exception {
    generated("defaultServer", "generated", Instant.now());
    Credentials c =
        Credentials.choose("ops", "secret", URI.create("http://localhost:8080/"), home)
            .orElseThrow();
    assertEquals("ops", c.user());
    assertEquals("secret", c.password());
    assertFalse(c.toString().contains("secret"), c.toString());
  }

  @Test
  void aLocalServerIsSignedInToWithTheNewestGeneratedPassword() throws Exception {
    generated("older", "old-one", Instant.now().minusSeconds(600));
    generated("defaultServer", "new-one", Instant.now());
    Credentials c =
        Credentials.choose(null, null, URI.create("http://127.0.0.1:9080/"), home).orElseThrow();
    assertEquals("admin", c.user());
    assertEquals("new-one", c.password());
    assertTrue(c.basic().startsWith("Basic "));
  }

  @Test
  void theServerAtThePortWinsOverANewerOne() throws Exception {
    generated("server-9496", "its-own", Instant.now().minusSeconds(600));
    generated("worker-9497", "the-worker's", Instant.now());
    generated("defaultServer", "the-default's", Instant.now().minusSeconds(60));
    assertEquals(
        "its-own",
        Credentials.choose(null, null, URI.create("http://localhost:9496"), home)
            .orElseThrow()
            .password());
    assertEquals(
        "the-default's",
        Credentials.choose(null, null, URI.create("http://localhost:8080"), home)
            .orElseThrow()
            .password());
  }

  @Test
  void aRemoteServerGetsNoGeneratedPassword() throws Exception {
    generated("defaultServer", "local-only", Instant.now());
    assertTrue(
        Credentials.choose(null, null, URI.create("http://workflows.example.com/"), home)
            .isEmpty());
    assertTrue(
        Credentials.choose(null, null, URI.create("http://localhost:8080/"), null).isEmpty());
  }
}
