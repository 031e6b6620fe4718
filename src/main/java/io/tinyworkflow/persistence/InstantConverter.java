package io.tinyworkflow.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/**
 * Stores instants as milliseconds since the epoch (UTC) in BIGINT columns, so that neither the
 * database's nor the JVM's time zone can shift them.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Long> {

  @Override
  public Long convertToDatabaseColumn(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  @Override
  public Instant convertToEntityAttribute(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}
