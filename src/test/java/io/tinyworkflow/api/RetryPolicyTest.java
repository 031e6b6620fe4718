package io.tinyworkflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.failure.ActivityFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final RetryPolicy GUIDE =
      new RetryPolicy(5, 1.0, 60.0, 2.0, true, 0.1, List.of(IllegalArgumentException.class));

  @Test
  void delayGrowsByTheMultiplierUpToTheMaximum() {
    assertEquals(Duration.ofSeconds(1), GUIDE.baseDelay(0));
    assertEquals(Duration.ofSeconds(2), GUIDE.baseDelay(1));
    assertEquals(Duration.ofSeconds(16), GUIDE.baseDelay(4));
    assertEquals(Duration.ofSeconds(60), GUIDE.baseDelay(10));
  }

  @Test
  void jitterStaysWithinItsFactor() {
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      long millis = GUIDE.delay(3, random).toMillis();
      assertTrue(millis >= 7200 && millis <= 8800, "8 s ± 10%: " + millis);
    }
  }

  @Test
  void retriesUpToMaxRetriesExceptNonRetryableTypes() {
    RuntimeException failure = new IllegalStateException("boom");
    assertTrue(GUIDE.allowsRetry(failure, 1));
    assertTrue(GUIDE.allowsRetry(failure, 5));
    assertFalse(GUIDE.allowsRetry(failure, 6));
    assertFalse(GUIDE.allowsRetry(new NumberFormatException("a subtype"), 1));
  }

  @Test
  void anActivityFailureMatchesByTheTypeTheActivityThrew() {
    assertFalse(
        GUIDE.allowsRetry(
            new ActivityFailedException("charge", IllegalArgumentException.class.getName(), "no"),
            1));
    assertFalse(
        GUIDE.allowsRetry(
            new ActivityFailedException("charge", NumberFormatException.class.getName(), "sub"), 1),
        "a subtype of a non-retryable type");
    assertTrue(
        GUIDE.allowsRetry(
            new ActivityFailedException("charge", IllegalStateException.class.getName(), "x"), 1));
    assertTrue(
        GUIDE.allowsRetry(new ActivityFailedException("charge", "com.example.Gone", "x"), 1),
        "a type that cannot be loaded is not a match");
  }

  @Test
  void rejectsInvalidSettingsNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RetryPolicy(-1, 1, 60, 2, false, 0, List.of()));
    assertTrue(e.getMessage().startsWith("maxRetries"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new RetryPolicy(1, 5, 1, 2, false, 0, List.of()));
    assertTrue(e.getMessage().startsWith("maxDelay"), e.getMessage());
  }
}
