package io.tinyworkflow.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the commands print: aligned tables, labelled fields, or JSON with {@code --json}. */
final class Output {

  private static final int MAX_CELL = 60;

  private final PrintWriter out;

  Output(PrintWriter out) {
    this.out = out;
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Prints a JSON value, indented. */
  void json(JsonValue value) {
    line(indented(value));
  }

  /** A JSON value as indented text. */
  static String indented(JsonValue value) {
    StringWriter text = new StringWriter();
    try (JsonWriter writer =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(text)) {
      writer.write(value);
    }
    return text.toString().strip();
  }

  /**
   * Prints rows as a table with a header; a message instead when there are none.
   *
   * @param headers the column titles
   * @param rows the cells of each row
   * @param empty what to print when there are no rows
   */
  void table(List<String> headers, List<List<String>> rows, String empty) {
    if (rows.isEmpty()) {
      line(empty);
      return;
    }
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = row.get(i);
        text.append(cell);
        if (i < widths.length - 1) {
          text.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(text.toString().stripTrailing());
    }
    out.flush();
  }

  /** Prints label/value pairs, aligned, leaving out the empty ones. */
  void fields(List<String[]> pairs) {
    int width = 0;
    for (String[] pair : pairs) {
      if (!pair[1].isEmpty()) {
        width = Math.max(width, pair[0].length());
      }
    }
    for (String[] pair : pairs) {
      if (!pair[1].isEmpty()) {
        out.println(pair[0] + ":" + " ".repeat(width - pair[0].length() + 2) + pair[1]);
      }
    }
    out.flush();
  }

  /** A field as table text: strings as they are, null as empty, the rest as compact JSON. */
  static String text(JsonObject object, String name) {
    JsonValue value = object.get(name);
    if (value == null || value == JsonValue.NULL) {
      return "";
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    return value.toString();
  }

  /** A time as {@link #time} gives it, followed by {@code UTC}; empty when there is none. */
  static String utc(JsonObject object, String name) {
    String time = time(object, name);
    return time.isEmpty() ? "" : time + " UTC";
  }

  /** A number of seconds: {@code none} for 0, without a needless {@code .0}. */
  static String seconds(JsonObject object, String name) {
    String value = text(object, name);
    if (value.isEmpty() || value.matches("0(\\.0+)?")) {
      return "none";
    }
    return value.endsWith(".0") ? value.substring(0, value.length() - 2) : value;
  }

  /** A timestamp field as {@code 2026-11-26 09:30:00}. */
  static String time(JsonObject object, String name) {
    String value = text(object, name);
    if (value.length() >= 19 && value.charAt(10) == 'T') {
      return value.substring(0, 10) + " " + value.substring(11, 19);
    }
    return value;
  }

  /** Text shortened to fit a table cell. */
  static String cell(String text) {
    String flat = text.replace('\n', ' ');
    return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 3) + "...";
  }
}
