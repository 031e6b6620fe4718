package io.tinyworkflow.web;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the pages write times, durations and JSON: one place, so every page reads the same. Times are
 * in UTC, as the server and the CLI show them.
 */
@Named("fmt")
@ApplicationScoped
public class Formats {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int SUMMARY_LENGTH = 80;

  private final Jsonb pretty = JsonbBuilder.create(new JsonbConfig().withFormatting(true));
  private final Jsonb compact = JsonbBuilder.create();

  /** The engine's clock, on the database's time, as the runs' times are. */
  @jakarta.inject.Inject java.time.Clock clock;

  @PreDestroy
  void close() {
    try {
      pretty.close();
      compact.close();
    } catch (Exception e) {
      // Closing frees caches only; nothing is lost.
    }
  }

  /**
   * A time to the second.
   *
   * @param time the time, or {@code null}
   * @return {@code 2026-12-02 09:30:00}, or an empty string
   */
  public String time(Instant time) {
    return time == null ? "" : TIME.format(time);
  }

  /**
   * The current time, for durations up to now.
   *
   * @return now
   */
  public Instant now() {
    return clock.instant();
  }

  /**
   * A run id made short for a list: its last 8 characters. Run ids begin with the time they were
   * made (UUID version 7), so their first characters are the same for the runs of a minute; the
   * last ones are random.
   *
   * @param runId the run id, or {@code null}
   * @return its last 8 characters, the whole id when shorter, or an empty string
   */
  public String shortId(String runId) {
    if (runId == null) {
      return "";
    }
    return runId.length() <= 8 ? runId : runId.substring(runId.length() - 8);
  }

  /**
   * A time in ISO 8601, for a {@code <time datetime>} attribute and machines.
   *
   * @param time the time, or {@code null}
   * @return {@code 2026-12-02T09:30:00Z}, or an empty string
   */
  public String iso(Instant time) {
    return time == null ? "" : time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * The time from one instant to another, as people say it: {@code 850 ms}, {@code 4.2 s}, {@code 3
   * min 5 s}, {@code 2 h 10 min}.
   *
   * @param from the start, or {@code null}
   * @param to the end, or {@code null}
   * @return the duration, or an empty string when either end is unknown
   */
  public String duration(Instant from, Instant to) {
    return from == null || to == null ? "" : duration(Duration.between(from, to));
  }

  /**
   * A duration as people say it.
   *
   * @param d the duration, or {@code null}
   * @return the duration, or an empty string
   */
  public String duration(Duration d) {
    if (d == null) {
      return "";
    }
    long millis = Math.max(0, d.toMillis());
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
    return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
  }

  /**
   * How long until a time, from now: what an expiring approval shows.
   *
   * @param time the time, or {@code null}
   * @return {@code in 3 min 5 s}, {@code 2 min ago}, or an empty string
   */
  public String fromNow(Instant time) {
    if (time == null) {
      return "";
    }
    Duration d = Duration.between(clock.instant(), time);
    return d.isNegative() ? duration(d.negated()) + " ago" : "in " + duration(d);
  }

  /**
   * A value as indented JSON.
   *
   * @param value a map, list, string, number, boolean, or {@code null}
   * @return the JSON text; {@code null} for {@code null}
   */
  public String json(Object value) {
    return write(pretty, value).strip();
  }

  /**
   * A value as JSON on one line, cut after 80 characters: what a table cell shows of an input.
   *
   * @param value the value
   * @return the start of its JSON text
   */
  public String summary(Object value) {
    String text = write(compact, value);
    return text.length() <= SUMMARY_LENGTH ? text : text.substring(0, SUMMARY_LENGTH - 1) + "…";
  }

  private static String write(Jsonb jsonb, Object value) {
    if (value == null) {
      return "null";
    }
    try {
      return jsonb.toJson(value);
    } catch (JsonbException e) {
      return String.valueOf(value);
    }
  }
}
