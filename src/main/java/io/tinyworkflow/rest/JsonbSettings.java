package io.tinyworkflow.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * How the API writes its JSON records: a field without a value is written as {@code null}, never
 * left out, so that every answer of a route has the same fields.
 */
@Provider
public class JsonbSettings implements ContextResolver<Jsonb> {

  static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }
}
