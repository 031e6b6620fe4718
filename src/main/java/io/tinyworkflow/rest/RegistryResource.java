package io.tinyworkflow.rest;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowRegistry;
import io.tinyworkflow.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
  @Inject WorkflowClient client;

  /**
   * Lists the workflows.
   *
   * @return {@code {"workflows": [names], "definitions": [...]}}, each definition with its name,
   *     version, timeout, retry limit and the number of its runs in flight by the version they
   *     started on
   */
  @Operation(summary = "List the registered workflows")
  @GET
  @Path("/workflows")
  public Views.WorkflowNames workflows() {
    Map<String, Map<String, Long>> inFlight = client.getVersionsInFlight();
    return new Views.WorkflowNames(
        registry.workflows().stream().map(w -> w.name()).toList(),
        registry.workflows().stream()
            .map(w -> Views.WorkflowDefinition.of(w, inFlight.get(w.name())))
            .toList());
  }

  /**
   * Lists the activities.
   *
   * @return {@code {"activities": [names], "definitions": [...]}}, each definition with its name,
   *     method, timeout and retry limit
   */
  @Operation(summary = "List the registered activities")
  @GET
  @Path("/activities")
  public Views.ActivityNames activities() {
    return new Views.ActivityNames(
        registry.activities().stream().map(a -> a.name()).toList(),
        registry.activities().stream().map(Views.ActivityDefinition::of).toList());
  }
}
