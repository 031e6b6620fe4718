package io.tinyworkflow.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.validator.FacesValidator;
import jakarta.faces.validator.Validator;
import jakarta.faces.validator.ValidatorException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON typed into a page: checked as it is submitted ({@code <f:validator
 * validatorId="tinyworkflow.jsonObject"/>} for a run's input, {@code tinyworkflow.json} for any
 * value) and read into maps and lists for the client. A message names where the text is wrong.
 */
public final class JsonText {

  private static final Jsonb JSONB = JsonbBuilder.create();

  private JsonText() {}

  /**
   * Reads JSON text.
   *
   * @param text the text; blank for {@code null}
   * @return maps, lists, strings, numbers, booleans, or {@code null}
   * @throws IllegalArgumentException with what is wrong and where, when the text is not JSON
   */
  public static Object parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try (var reader = Json.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      return JSONB.fromJson(value.toString(), Object.class);
    } catch (JsonParsingException e) {
      var at = e.getLocation();
      throw new IllegalArgumentException(
          "This is not JSON: "
              + e.getMessage()
              + (at == null
                  ? ""
                  : " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")"),
          e);
    } catch (JsonException e) {
      throw new IllegalArgumentException("This is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a JSON object, what a run takes as input.
   *
   * @param text the text; blank for an empty object
   * @return its members in order
   * @throws IllegalArgumentException when the text is not JSON or not an object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object value = parse(text);
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(
          "The input must be a JSON object, like {\"key\": \"value\"}, not a " + kind(value) + ".");
    }
    return (Map<String, Object>) value;
  }

  private static String kind(Object value) {
    if (value instanceof java.util.List) {
      return "list";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return "number";
    }
    return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** Checks that a field holds JSON. */
  @FacesValidator("tinyworkflow.json")
  public static class AnyValue implements Validator<String> {
    @Override
    public void validate(FacesContext context, UIComponent component, String value) {
      check(() -> parse(value));
    }
  }

  /** Checks that a field holds a JSON object. */
  @FacesValidator("tinyworkflow.jsonObject")
  public static class AnObject implements Validator<String> {
    @Override
    public void validate(FacesContext context, UIComponent component, String value) {
      check(() -> parseObject(value));
    }
  }

  private static void check(Runnable parse) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      throw new ValidatorException(
          new FacesMessage(FacesMessage.SEVERITY_ERROR, e.getMessage(), null));
    }
  }
}
