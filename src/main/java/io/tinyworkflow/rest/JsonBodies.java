package io.tinyworkflow.rest;

import io.tinyworkflow.api.failure.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Request bodies: read as JSON objects, with a 400 naming what is wrong. */
final class JsonBodies {

  private JsonBodies() {}

  /**
   * Reads a request body that must be a JSON object.
   *
   * @param body the body; empty or {@code null} reads as {@code {}}
   * @return the object
   * @throws InvalidInputException when the body is not JSON or not an object
   */
  static JsonObject object(String body) {
    if (body == null || body.isBlank()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    JsonValue value = parse(body);
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidInputException("The request body must be a JSON object, not " + kind(value));
    }
    return value.asJsonObject();
  }

  /**
   * Reads a request body that may be any JSON value.
   *
   * @param body the body; empty or {@code null} reads as {@code null}
   * @return the value as plain Java values
   * @throws InvalidInputException when the body is not JSON
   */
  static Object value(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    return plain(parse(body));
  }

  /**
   * Parses a body. Whatever the parser refuses is the client's error: bad syntax, and nesting
   * deeper than the parser allows (1,000 levels), which it reports as a bare runtime exception.
   */
  private static JsonValue parse(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readValue();
    } catch (RuntimeException e) {
      throw new InvalidInputException("The request body is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * Reads an optional string field.
   *
   * @param body the object
   * @param name the field
   * @return its value, or {@code null} when absent or null
   * @throws InvalidInputException when it is not a string
   */
  static String string(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw new InvalidInputException("'" + name + "' must be a string, not " + kind(value));
    }
    return body.getString(name);
  }

  /**
   * Reads an optional boolean field.
   *
   * @param body the object
   * @param name the field
   * @param defaultValue its value when absent
   * @return the value
   * @throws InvalidInputException when it is not a boolean
   */
  static boolean bool(JsonObject body, String name, boolean defaultValue) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return defaultValue;
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw new InvalidInputException("'" + name + "' must be true or false, not " + kind(value));
  }

  /**
   * Reads an optional whole-number field.
   *
   * @param body the object
   * @param name the field
   * @return its value, or {@code null} when absent or null
   * @throws InvalidInputException when it is not a whole number
   */
  static Long number(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof jakarta.json.JsonNumber n && n.isIntegral()) {
      try {
        return n.longValueExact();
      } catch (ArithmeticException e) {
        throw new InvalidInputException("'" + name + "' is too large: " + n);
      }
    }
    throw new InvalidInputException("'" + name + "' must be a whole number, not " + kind(value));
  }

  /**
   * Reads an optional object field as a map of plain values.
   *
   * @param body the object
   * @param name the field
   * @return its entries; empty when absent or null
   * @throws InvalidInputException when it is not an object
   */
  static Map<String, Object> map(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return Map.of();
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidInputException("'" + name + "' must be a JSON object, not " + kind(value));
    }
    return plainObject(value.asJsonObject());
  }

  /**
   * Checks that a field has the JSON type of the Java type it binds to, so that a wrong type is
   * refused with a message instead of being coerced ({@code "yes"} to {@code false}, {@code 5} to
   * {@code "5"}, {@code 1.5} to {@code 1}). Types not listed here are left to JSON-B.
   *
   * @param body the object
   * @param name the field
   * @param type the Java type of the field
   * @throws InvalidInputException when the value does not fit
   */
  static void check(JsonObject body, String name, Class<?> type) {
    if (type == String.class) {
      string(body, name);
    } else if (type == Boolean.class || type == boolean.class) {
      bool(body, name, false);
    } else if (type == Long.class || type == long.class) {
      number(body, name);
    } else if (Map.class.isAssignableFrom(type)) {
      map(body, name);
    } else if (type == Instant.class) {
      instant(body, name);
    }
  }

  /**
   * Reads an optional ISO-8601 instant field.
   *
   * @param body the object
   * @param name the field
   * @return its value, or {@code null} when absent or null
   * @throws InvalidInputException when it is not an instant
   */
  static Instant instant(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    String text = value instanceof JsonString s ? s.getString() : null;
    try {
      if (text != null) {
        return Instant.parse(text);
      }
    } catch (DateTimeParseException e) {
      // named below
    }
    throw new InvalidInputException(
        "'"
            + name
            + "' must be an ISO-8601 instant such as 2027-01-01T09:00:00Z, not "
            + (text == null ? kind(value) : "'" + text + "'"));
  }

  /**
   * A JSON object as plain Java values, in the order of its fields.
   *
   * @param object the object
   * @return ordered maps for objects, lists for arrays, numbers as the parser gives them
   */
  static Map<String, Object> plainObject(JsonObject object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object.forEach((k, v) -> map.put(k, plain(v)));
    return map;
  }

  private static Object plain(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> plainObject(value.asJsonObject());
      case ARRAY -> value.asJsonArray().stream().map(JsonBodies::plain).toList();
      case STRING -> ((jakarta.json.JsonString) value).getString();
      case NUMBER -> ((jakarta.json.JsonNumber) value).numberValue();
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NULL -> null;
    };
  }

  private static String kind(JsonValue value) {
    return value.getValueType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
