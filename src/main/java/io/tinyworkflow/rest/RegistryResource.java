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
   * @return {@code {"workflows": [names], "definitions": [...]}}, each definition with its name,
   *     version, timeout and retry limit
   */
  @Operation(summary = "List the registered workflows")
  @GET
  @Path("/workflows")
  public Views.WorkflowNames workflows() {
    return new Views.WorkflowNames(
        registry.workflows().stream().map(w -> w.name()).toList(),
        registry.workflows().stream().map(Views.WorkflowDefinition::of).toList());
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
