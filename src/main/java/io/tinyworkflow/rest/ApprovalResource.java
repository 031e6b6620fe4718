package io.tinyworkflow.rest;

import io.tinyworkflow.api.WorkflowClient;
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

/** The approvals inbox: runs paused on an approval. */
@Tag(name = "Approvals", description = "Runs paused on an approval")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN})
@Path("/approvals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalResource {

  @Inject WorkflowClient client;

  /**
   * Lists the pending approvals, oldest first.
   *
   * @return {@code {"approvals": [...]}}, each with its run, workflow and {@code approval_required}
   *     key
   */
  @Operation(summary = "List the runs waiting for an approval")
  @GET
  public Views.ApprovalList pending() {
    return new Views.ApprovalList(
        client.getPendingApprovals().stream().map(Views.Approval::of).toList());
  }
}
