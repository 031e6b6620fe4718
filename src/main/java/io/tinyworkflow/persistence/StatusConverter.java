package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Stores run statuses by their guide names ({@code running}, {@code completed}, ...). */
@Converter(autoApply = true)
public class StatusConverter implements AttributeConverter<WorkflowStatus, String> {

  @Override
  public String convertToDatabaseColumn(WorkflowStatus status) {
    return status == null ? null : status.wireName();
  }

  @Override
  public WorkflowStatus convertToEntityAttribute(String name) {
    return name == null ? null : WorkflowStatus.valueOf(name.toUpperCase(Locale.ROOT));
  }
}
