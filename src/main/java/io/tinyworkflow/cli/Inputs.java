package io.tinyworkflow.cli;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** JSON given on the command line, checked before anything is sent. */
final class Inputs {

  private Inputs() {}

  /**
   * Reads an option that must be a JSON object.
   *
   * @param option the option's name, for the message
   * @param text its value; {@code null} reads as {@code {}}
   * @return the object
   */
  static JsonObject object(String option, String text) {
    if (text == null) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    JsonValue value = value(option, text);
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new CliFailure(
          CliFailure.BAD_INPUT,
          option + " must be a JSON object, like '{\"key\": \"value\"}', not " + text);
    }
    return value.asJsonObject();
  }

  /**
   * Reads an option that may be any JSON value.
   *
   * @param option the option's name, for the message
   * @param text its value; {@code null} reads as JSON null
   * @return the value
   */
  static JsonValue value(String option, String text) {
    if (text == null) {
      return JsonValue.NULL;
    }
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readValue();
    } catch (JsonException e) {
      throw new CliFailure(
          CliFailure.BAD_INPUT, option + " is not valid JSON (" + e.getMessage() + "): " + text);
    }
  }
}
