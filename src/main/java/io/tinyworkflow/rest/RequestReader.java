package io.tinyworkflow.rest;

import io.tinyworkflow.api.failure.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Reads the request records of {@link Requests} from any content type (clients such as {@code curl
 * -d} send JSON without saying so): the JSON is parsed and each field's JSON type checked, with a
 * 400 naming the problem, then JSON-B binds the record. An empty body reads as {@code {}}, so that
 * the fields a request needs are reported missing by Bean Validation.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", "text/json", MediaType.WILDCARD})
public class RequestReader implements MessageBodyReader<Record> {

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type.isRecord() && type.getEnclosingClass() == Requests.class;
  }

  @Override
  public Record readFrom(
      Class<Record> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream entity)
      throws IOException {
    JsonObject body = JsonBodies.object(new String(entity.readAllBytes(), charset(mediaType)));
    JsonObjectBuilder given = Json.createObjectBuilder();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = jsonName(type, component);
      JsonBodies.check(body, name, component.getType());
      JsonValue value = body.get(name);
      if (value != null && value != JsonValue.NULL) {
        given.add(name, value); // a null field is an absent one
      }
    }
    try {
      return JsonbSettings.JSONB.fromJson(given.build().toString(), type);
    } catch (JsonbException e) {
      throw new InvalidInputException("The request body could not be read: " + e.getMessage());
    }
  }

  /** The field's name in JSON: its {@code @JsonbProperty}, else the component's own. */
  private static String jsonName(Class<?> type, RecordComponent component) {
    try {
      JsonbProperty property =
          type.getDeclaredField(component.getName()).getAnnotation(JsonbProperty.class);
      return property == null || property.value().isEmpty()
          ? component.getName()
          : property.value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("A record without the field of its component", e);
    }
  }

  private static Charset charset(MediaType mediaType) {
    String name = mediaType == null ? null : mediaType.getParameters().get("charset");
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("Unknown charset '" + name + "' in the Content-Type");
    }
  }
}
