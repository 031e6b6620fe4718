package io.tinyworkflow.rest;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/**
 * Answers a request body that Bean Validation refused ({@code @Valid} on a resource's parameter) as
 * {@link ErrorMapper} answers bad input: 400 with the JSON error, whose message is each broken
 * rule's own (they name the field), in a stable order. It is a mapper of its own because the
 * runtime's mapper for validation failures is closer to them than {@link ErrorMapper}'s.
 */
@Provider
public class ValidationErrors implements ExceptionMapper<ConstraintViolationException> {

  @Override
  public Response toResponse(ConstraintViolationException failure) {
    String message =
        failure.getConstraintViolations() == null
            ? ""
            : failure.getConstraintViolations().stream()
                .map(ValidationErrors::describe)
                .sorted()
                .distinct()
                .collect(Collectors.joining("; "));
    return ErrorMapper.json(400, message.isEmpty() ? "The request is not valid" : message);
  }

  /** A rule's message; one without the field's name gets the property's path in front. */
  private static String describe(ConstraintViolation<?> violation) {
    String message = violation.getMessage();
    return message.startsWith("'") ? message : "'" + violation.getPropertyPath() + "' " + message;
  }
}
