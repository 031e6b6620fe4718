package io.tinyworkflow.engine;

import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.persistence.JsonCodec;
import jakarta.json.bind.JsonbException;
import java.util.Collections;
import java.util.Map;

/** A run's input, as its workflow reads it: whole, by key, or by key converted to a type. */
final class RunInput {

  private final Map<String, Object> values;
  private final JsonCodec json;

  RunInput(String inputJson, JsonCodec json) {
    this.values = Collections.unmodifiableMap(json.readObject(inputJson));
    this.json = json;
  }

  Map<String, Object> all() {
    return values;
  }

  Object get(String key, Object defaultValue) {
    return values.containsKey(key) ? values.get(key) : defaultValue;
  }

  <T> T get(String key, Class<T> type) {
    Object value = values.get(key);
    if (value == null) {
      return null;
    }
    if (type == null) {
      throw new IllegalArgumentException(
          "getInput(\"" + key + "\", null) names no type: use getInput(key, (Object) null)");
    }
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    try {
      return json.convert(value, type);
    } catch (JsonbException e) {
      throw new InvalidInputException(
          "Input '" + key + "' is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
