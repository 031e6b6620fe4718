package io.tinyworkflow.persistence;

import io.tinyworkflow.api.failure.InvalidInputException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes values as JSON text for the database and reads them back as declared types (JSON-B). */
@ApplicationScoped
public class JsonCodec {

  private static final Type MAP_TYPE =
      new LinkedHashMap<String, Object>() {}.getClass().getGenericSuperclass();

  private final Jsonb jsonb = JsonbBuilder.create();

  /**
   * Writes a value.
   *
   * @param value any JSON-serializable value, or {@code null}
   * @return its JSON text, or {@code null}
   * @throws InvalidInputException when the value cannot be written as JSON
   */
  public String write(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return jsonb.toJson(value);
    } catch (JsonbException e) {
      throw new InvalidInputException(
          "Cannot write a " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a value.
   *
   * @param json JSON text, or {@code null}
   * @param type the type to read
   * @param <T> the type
   * @return the value, or {@code null}
   */
  public <T> T read(String json, Type type) {
    if (json == null) {
      return null;
    }
    return jsonb.fromJson(json, type);
  }

  /**
   * Reads a JSON object.
   *
   * @param json JSON text of an object, or {@code null}
   * @return its members in order; empty for {@code null}
   */
  public Map<String, Object> readObject(String json) {
    if (json == null || json.isBlank()) {
      return new LinkedHashMap<>();
    }
    return jsonb.fromJson(json, MAP_TYPE);
  }

  /**
   * Converts a value to another type through JSON, for example a parsed map to a record.
   *
   * @param value the value
   * @param type the target type
   * @param <T> the type
   * @return the converted value
   */
  public <T> T convert(Object value, Type type) {
    if (value == null) {
      return null;
    }
    return jsonb.fromJson(jsonb.toJson(value), type);
  }

  @PreDestroy
  void close() {
    try {
      jsonb.close();
    } catch (Exception e) {
      // nothing to release that matters at shutdown
    }
  }
}
