package io.tinyworkflow.scheduling;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.tinyworkflow.api.failure.InvalidInputException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression read with the semantics of Unix cron, in a time zone: five fields ({@code
 * minute hour day-of-month month day-of-week}), or six with seconds first. Numbers, names ({@code
 * MON}, {@code JAN}), lists, ranges and steps are accepted; Sunday is 0 or 7; when both the day of
 * the month and the day of the week are restricted, a day matching either fires. Parsing and fire
 * times come from cron-utils.
 *
 * <p>Daylight saving time follows Unix cron too. An expression whose minute and hour fields (and
 * second field) are fixed, without {@code *}, is a fixed-time job: an occurrence that falls in the
 * hour skipped when clocks go forward fires once, right after the jump, and one in the hour
 * repeated when clocks go back fires once, in its first pass. Any other expression follows the wall
 * clock: the skipped hour has no occurrences and the repeated hour has them twice.
 */
public final class CronSchedule {

  private static final List<String> FIELDS =
      List.of("minute", "hour", "day-of-month", "month", "day-of-week");

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private static final CronParser WITH_SECONDS = new CronParser(withSeconds());

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;
  private final boolean fixedTime;
  private final boolean seconds;

  private CronSchedule(
      String expression, ZoneId zone, ExecutionTime times, boolean fixedTime, boolean seconds) {
    this.expression = expression;
    this.zone = zone;
    this.times = times;
    this.fixedTime = fixedTime;
    this.seconds = seconds;
  }

  /**
   * Reads a cron expression.
   *
   * @param expression five fields, or six with seconds first
   * @param timeZone an IANA time zone name; {@code null} or blank for UTC
   * @return the schedule
   * @throws InvalidInputException when the expression or the time zone is invalid; the message
   *     names the bad field
   */
  public static CronSchedule parse(String expression, String timeZone) {
    ZoneId zone = zone(timeZone);
    if (expression == null || expression.isBlank()) {
      throw new InvalidInputException("A cron expression is required, for example \"0 2 * * *\"");
    }
    String normalized = String.join(" ", expression.strip().split("\\s+"));
    if (normalized.length() > 255) {
      throw new InvalidInputException(
          "The cron expression is " + normalized.length() + " characters long; at most 255 fit");
    }
    String[] fields = normalized.split(" ");
    if (fields.length != 5 && fields.length != 6) {
      throw new InvalidInputException(
          "The cron expression \""
              + normalized
              + "\" has "
              + fields.length
              + " fields; expected 5 (minute hour day-of-month month day-of-week)"
              + " or 6 (second first)");
    }
    boolean seconds = fields.length == 6;
    CronParser parser = seconds ? WITH_SECONDS : UNIX;
    List<String> names = new ArrayList<>(FIELDS);
    if (seconds) {
      names.add(0, "second");
    }
    for (int i = 0; i < fields.length; i++) {
      String[] single = new String[fields.length];
      Arrays.fill(single, "*");
      single[i] = fields[i];
      try {
        parser.parse(String.join(" ", single)).validate();
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "The cron expression \""
                + normalized
                + "\" has an invalid "
                + names.get(i)
                + " field \""
                + fields[i]
                + "\": "
                + reason(e));
      }
    }
    Cron cron;
    try {
      cron = parser.parse(normalized).validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "The cron expression \"" + normalized + "\" is invalid: " + reason(e));
    }
    // Unix cron's fixed-time jobs: no time-of-day field starts with '*'.
    boolean fixedTime = Arrays.stream(fields, 0, seconds ? 3 : 2).noneMatch(f -> f.startsWith("*"));
    return new CronSchedule(normalized, zone, ExecutionTime.forCron(cron), fixedTime, seconds);
  }

  /**
   * Returns the expression, its fields separated by single spaces.
   *
   * @return the expression
   */
  public String expression() {
    return expression;
  }

  /**
   * Returns the time zone the expression is read in.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Returns the first fire time strictly after a time.
   *
   * @param after the time
   * @return the fire time, or empty when the expression never fires again
   */
  public Optional<Instant> next(Instant after) {
    // Fire times are whole seconds: the next one after 10:00:00.400 is the next after 10:00:00.
    Instant second = after.truncatedTo(ChronoUnit.SECONDS);
    Instant from = second;
    while (true) {
      Optional<Instant> next = wallClockNext(from);
      if (!fixedTime) {
        return next;
      }
      Optional<Instant> jump = skippedOccurrence(second, next.orElse(null));
      if (jump.isPresent()) {
        return jump;
      }
      if (next.isEmpty() || !inSecondPass(next.get())) {
        return next;
      }
      from = next.get(); // its first pass fired already
    }
  }

  /**
   * Returns the last fire time at or before a time.
   *
   * @param atOrBefore the time
   * @return the fire time, or empty when the expression never fired before
   */
  public Optional<Instant> previous(Instant atOrBefore) {
    Instant probe = atOrBefore.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    while (true) {
      Optional<Instant> previous =
          times
              .lastExecution(ZonedDateTime.ofInstant(probe, zone))
              .map(ZonedDateTime::toInstant)
              .filter(t -> !t.isAfter(atOrBefore));
      if (!fixedTime) {
        return previous;
      }
      // A jump between the last wall-clock occurrence and the time fired after it.
      Optional<Instant> jump =
          previous
              .flatMap(p -> skippedOccurrence(p, atOrBefore))
              .filter(t -> !t.isAfter(atOrBefore));
      if (jump.isPresent()) {
        return jump;
      }
      if (previous.isEmpty() || !inSecondPass(previous.get())) {
        return previous;
      }
      probe = previous.get();
    }
  }

  private Optional<Instant> wallClockNext(Instant after) {
    return times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
  }

  /**
   * Finds the first jump forward of the clocks after {@code after} (and at or before {@code until},
   * when given) that skipped a local time the expression matches: a fixed-time job fires once, at
   * the jump.
   */
  private Optional<Instant> skippedOccurrence(Instant after, Instant until) {
    ZoneRules rules = zone.getRules();
    Instant bound = until != null ? until : after.plus(366, ChronoUnit.DAYS);
    for (ZoneOffsetTransition t = rules.nextTransition(after);
        t != null && !t.getInstant().isAfter(bound);
        t = rules.nextTransition(t.getInstant())) {
      if (t.isGap() && matchesBetween(t.getDateTimeBefore(), t.getDateTimeAfter())) {
        return Optional.of(t.getInstant());
      }
    }
    return Optional.empty();
  }

  /** Whether the expression matches a local time in [from, to), read as wall-clock fields. */
  private boolean matchesBetween(LocalDateTime from, LocalDateTime to) {
    ChronoUnit unit = seconds ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
    for (LocalDateTime t = from; t.isBefore(to); t = t.plus(1, unit)) {
      if (times.isMatch(t.atZone(ZoneOffset.UTC))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a time is in the second pass of an hour repeated when the clocks went back. */
  private boolean inSecondPass(Instant time) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(LocalDateTime.ofInstant(time, zone));
    return offsets.size() == 2 && rules.getOffset(time).equals(offsets.get(1));
  }

  /**
   * Returns the next fire times strictly after a time.
   *
   * @param after the time
   * @param count how many
   * @return up to {@code count} fire times, in order
   */
  public List<Instant> next(Instant after, int count) {
    List<Instant> result = new ArrayList<>();
    Instant t = after;
    while (result.size() < count) {
      Optional<Instant> next = next(t);
      if (next.isEmpty()) {
        break;
      }
      t = next.get();
      result.add(t);
    }
    return result;
  }

  /**
   * Reads an IANA time zone name.
   *
   * @param timeZone the name; {@code null} or blank for UTC
   * @return the zone
   * @throws InvalidInputException when no such zone exists
   */
  public static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw new InvalidInputException(
          "Unknown time zone '" + timeZone + "': use an IANA name such as UTC or Europe/Paris");
    }
  }

  private static String reason(IllegalArgumentException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.replace("Failed to parse cron expression. ", "");
  }

  /** Unix cron with a seconds field first. */
  private static CronDefinition withSeconds() {
    return CronDefinitionBuilder.defineCron()
        .withSeconds()
        .and()
        .withMinutes()
        .and()
        .withHours()
        .and()
        .withDayOfMonth()
        .and()
        .withMonth()
        .and()
        .withDayOfWeek()
        .withValidRange(0, 7)
        .withMondayDoWValue(1)
        .withIntMapping(7, 0)
        .and()
        .instance();
  }
}
