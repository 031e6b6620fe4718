package io.tinyworkflow.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.failure.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParamsTest {

  @Test
  void readsDaysHoursMinutesAndIsoDurations() {
    assertEquals(Duration.ofDays(30), Params.duration("older_than", "30d"));
    assertEquals(Duration.ofHours(12), Params.duration("older_than", " 12h "));
    assertEquals(Duration.ofMinutes(90), Params.duration("older_than", "90m"));
    assertEquals(Duration.ofDays(7), Params.duration("older_than", "P7D"));
    assertEquals(Duration.ofSeconds(10), Params.duration("older_than", "PT10S"));
  }

  @Test
  void refusesWhatIsNotADurationNamingTheParameter() {
    for (String bad : new String[] {"soon", "30", "30 days", "-5d", "", "d"}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Params.duration("older_than", bad));
      assertTrue(e.getMessage().startsWith("'older_than' must be a duration"), e.getMessage());
    }
    assertThrows(InvalidInputException.class, () -> Params.duration("older_than", null));
  }
}
