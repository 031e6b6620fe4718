package io.tinyworkflow.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.failure.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Next fire times against Unix cron semantics, worked out by hand from a Thursday evening
 * (2026-11-26 22:00 UTC): the guide's examples, Sunday as 0 or 7, the rule that a restricted day of
 * the month and a restricted day of the week fire on either, seconds and time zones.
 */
class CronScheduleTest {

  private static final Instant THURSDAY_EVENING = Instant.parse("2026-11-26T22:00:00Z");

  static Stream<Arguments> expressions() {
    return Stream.of(
        Arguments.of(
            "0 2 * * *", // every day at 2:00
            "UTC",
            List.of("2026-11-27T02:00:00Z", "2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z")),
        Arguments.of(
            "*/5 * * * *", // every 5 minutes
            "UTC",
            List.of("2026-11-26T22:05:00Z", "2026-11-26T22:10:00Z", "2026-11-26T22:15:00Z")),
        Arguments.of(
            "0 9 * * 1", // Mondays at 9:00
            "UTC",
            List.of("2026-11-30T09:00:00Z", "2026-12-07T09:00:00Z", "2026-12-14T09:00:00Z")),
        Arguments.of(
            "0 * * * *", // every hour at minute 0
            "UTC",
            List.of("2026-11-26T23:00:00Z", "2026-11-27T00:00:00Z", "2026-11-27T01:00:00Z")),
        Arguments.of(
            "0 3 1 * *", // the 1st of the month at 3:00
            "UTC",
            List.of("2026-12-01T03:00:00Z", "2027-01-01T03:00:00Z", "2027-02-01T03:00:00Z")),
        Arguments.of(
            "0 0 13 * 5", // the 13th or a Friday: Sunday 13 December counts
            "UTC",
            List.of(
                "2026-11-27T00:00:00Z",
                "2026-12-04T00:00:00Z",
                "2026-12-11T00:00:00Z",
                "2026-12-13T00:00:00Z",
                "2026-12-18T00:00:00Z")),
        Arguments.of("0 0 * * 0", "UTC", List.of("2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z")),
        Arguments.of("0 0 * * 7", "UTC", List.of("2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z")),
        Arguments.of(
            "30 8 * * MON-FRI", // names and ranges
            "UTC",
            List.of("2026-11-27T08:30:00Z", "2026-11-30T08:30:00Z", "2026-12-01T08:30:00Z")),
        Arguments.of(
            "*/10 * * * * *", // six fields: seconds first
            "UTC",
            List.of("2026-11-26T22:00:10Z", "2026-11-26T22:00:20Z", "2026-11-26T22:00:30Z")),
        Arguments.of(
            "0 9 * * *", // 9:00 in Paris is 8:00 UTC in winter
            "Europe/Paris",
            List.of("2026-11-27T08:00:00Z", "2026-11-28T08:00:00Z")),
        Arguments.of(
            "0 9 * * *", // and 14:00 UTC in New York
            "America/New_York",
            List.of("2026-11-27T14:00:00Z", "2026-11-28T14:00:00Z")));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("expressions")
  void nextFireTimesFollowUnixCron(String expression, String zone, List<String> expected) {
    List<Instant> next =
        CronSchedule.parse(expression, zone).next(THURSDAY_EVENING, expected.size());
    assertEquals(expected.stream().map(Instant::parse).toList(), next);
  }

  static Stream<Arguments> daylightSavingTime() {
    return Stream.of(
        // Paris springs forward on 2027-03-28: 02:00 CET becomes 03:00 CEST (01:00Z).
        Arguments.of(
            "30 2 * * *", // in the skipped hour: runs once, right after the jump
            "Europe/Paris",
            "2027-03-27T12:00:00Z",
            List.of("2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z")),
        Arguments.of(
            "0 * * * *", // hourly: the hour that does not exist has no occurrence
            "Europe/Paris",
            "2027-03-27T23:30:00Z",
            List.of("2027-03-28T00:00:00Z", "2027-03-28T01:00:00Z", "2027-03-28T02:00:00Z")),
        // Paris falls back on 2027-10-31: 03:00 CEST becomes 02:00 CET (01:00Z).
        Arguments.of(
            "30 2 * * *", // in the repeated hour: once, at its first occurrence
            "Europe/Paris",
            "2027-10-30T12:00:00Z",
            List.of("2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z")),
        Arguments.of(
            "0 * * * *", // hourly: both 02:00s fire
            "Europe/Paris",
            "2027-10-30T23:30:00Z",
            List.of("2027-10-31T00:00:00Z", "2027-10-31T01:00:00Z", "2027-10-31T02:00:00Z")),
        // New York springs forward on 2027-03-14: 02:00 EST becomes 03:00 EDT (07:00Z).
        Arguments.of(
            "30 2 * * *",
            "America/New_York",
            "2027-03-13T12:00:00Z",
            List.of("2027-03-14T07:00:00Z", "2027-03-15T06:30:00Z")),
        Arguments.of(
            "15 2 * * 0", // weekly, Sundays at 02:15: the skipped Sunday still runs once
            "America/New_York",
            "2027-03-13T12:00:00Z",
            List.of("2027-03-14T07:00:00Z", "2027-03-21T06:15:00Z")),
        // New York falls back on 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00Z).
        Arguments.of(
            "30 1 * * *",
            "America/New_York",
            "2026-10-31T12:00:00Z",
            List.of("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")),
        Arguments.of(
            "0,30 1 * * *", // fixed times in the repeated hour: each once, in the first pass
            "America/New_York",
            "2026-11-01T04:00:00Z",
            List.of(
                "2026-11-01T05:00:00Z",
                "2026-11-01T05:30:00Z",
                "2026-11-02T06:00:00Z",
                "2026-11-02T06:30:00Z")),
        Arguments.of(
            "*/30 1 * * *", // a wildcard minute follows the wall clock: both passes fire
            "America/New_York",
            "2026-11-01T04:00:00Z",
            List.of(
                "2026-11-01T05:00:00Z",
                "2026-11-01T05:30:00Z",
                "2026-11-01T06:00:00Z",
                "2026-11-01T06:30:00Z")));
  }

  @Test
  void previousSeesTheOccurrenceFiredAtTheJump() {
    CronSchedule daily = CronSchedule.parse("30 2 * * *", "Europe/Paris");
    assertEquals(
        Optional.of(Instant.parse("2027-03-28T01:00:00Z")),
        daily.previous(Instant.parse("2027-03-28T09:00:00Z")));
    assertEquals(
        Optional.of(Instant.parse("2027-10-31T00:30:00Z")),
        daily.previous(Instant.parse("2027-10-31T01:45:00Z")),
        "the second pass of 02:30 is not an occurrence");
  }

  @ParameterizedTest(name = "{0} in {1} after {2}")
  @MethodSource("daylightSavingTime")
  void daylightSavingTimeFollowsUnixCron(
      String expression, String zone, String after, List<String> expected) {
    List<Instant> next =
        CronSchedule.parse(expression, zone).next(Instant.parse(after), expected.size());
    assertEquals(expected.stream().map(Instant::parse).toList(), next);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("61 * * * *", "minute field \"61\""),
        Arguments.of("0 25 * * *", "hour field \"25\""),
        Arguments.of("0 0 32 * *", "day-of-month field \"32\""),
        Arguments.of("0 0 * 13 *", "month field \"13\""),
        Arguments.of("0 0 * * 8", "day-of-week field \"8\""),
        Arguments.of("0 0 * * FUNDAY", "day-of-week field \"FUNDAY\""),
        Arguments.of("75 * * * * *", "second field \"75\""),
        Arguments.of("* * * *", "has 4 fields"),
        Arguments.of("@daily", "has 1 fields"),
        Arguments.of(" ", "A cron expression is required"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("invalid")
  void anInvalidExpressionIsRefusedNamingTheField(String expression, String expected) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CronSchedule.parse(expression, null));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void anUnknownTimeZoneIsRefused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> CronSchedule.parse("0 2 * * *", "Mars/Olympus"));
    assertTrue(e.getMessage().contains("Mars/Olympus"), e.getMessage());
  }

  @Test
  void extraSpacesAreIgnored() {
    assertEquals("0 2 * * *", CronSchedule.parse("  0  2 *\t* * ", "").expression());
  }

  @Test
  void fireTimesAreWholeSeconds() {
    assertEquals(
        List.of(Instant.parse("2026-11-26T22:00:08Z"), Instant.parse("2026-11-26T22:00:09Z")),
        CronSchedule.parse("* * * * * *", null).next(Instant.parse("2026-11-26T22:00:07.400Z"), 2));
  }

  @Test
  void previousIsTheLastFireTimeAtOrBefore() {
    CronSchedule every5 = CronSchedule.parse("*/5 * * * *", null);
    assertEquals(Optional.of(THURSDAY_EVENING), every5.previous(THURSDAY_EVENING));
    assertEquals(
        Optional.of(Instant.parse("2026-11-26T21:55:00Z")),
        every5.previous(THURSDAY_EVENING.minusMillis(1)));
    assertEquals(
        Optional.of(Instant.parse("2026-11-26T22:00:07Z")),
        CronSchedule.parse("* * * * * *", null)
            .previous(Instant.parse("2026-11-26T22:00:07.400Z")));
  }
}
