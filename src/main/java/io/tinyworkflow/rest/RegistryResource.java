package io.tinyworkflow.rest;

import io.tinyworkflow.api.WorkflowRegistry;
import io.tinyworkflow.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The registered workflows and activities. */
@Tag(name = "Registry", description = "The workflows and activities this server knows")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN})
@Path("/registry")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {

  @Inject WorkflowRegistry registry;

  /**
   * Lists the workflows.
   *
   * @return each with its name, version, timeout and retry limit
   */
  @Operation(summary = "List the registered workflows")
  @GET
  @Path("/workflows")
  public List<Map<String, Object>> workflows() {
    return registry.workflows().stream()
        .map(
            w -> {
              Map<String, Object> view = new LinkedHashMap<>();
              view.put("name", w.name());
              view.put("version", w.version());
              view.put("class_name", w.className());
              view.put("timeout", w.timeoutSeconds());
              view.put("max_retries", w.retryPolicy().maxRetries());
              return view;
            })
        .toList();
  }

  /**
   * Lists the activities.
   *
   * @return each with its name, method, timeout and retry limit
   */
  @Operation(summary = "List the registered activities")
  @GET
  @Path("/activities")
  public List<Map<String, Object>> activities() {
    return registry.activities().stream()
        .map(
            a -> {
              Map<String, Object> view = new LinkedHashMap<>();
              view.put("name", a.name());
              view.put("class_name", a.className());
              view.put("method_name", a.methodName());
              view.put("timeout", a.timeoutSeconds());
              view.put("max_retries", a.retryPolicy().maxRetries());
              return view;
            })
        .toList();
  }
}
