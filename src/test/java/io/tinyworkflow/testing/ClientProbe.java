package io.tinyworkflow.testing;

import io.tinyworkflow.api.WorkflowClient;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * A resource of the tests' own, as a user's application would add one: it calls the client with no
 * role check of its own, so that only the client's checks stand between a user and the operation.
 */
@Path("test-probe")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class ClientProbe {

  @Inject WorkflowClient client;

  /**
   * Starts a run of {@code listed}.
   *
   * @return its run id
   */
  @POST
  @Path("start")
  public Map<String, String> start() {
    return Map.of("run_id", client.startWorkflow("listed", Map.of()));
  }

  /**
   * Counts the runs by status.
   *
   * @return the counts
   */
  @GET
  @Path("count")
  public Map<String, Long> count() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    client.countWorkflowExecutions().forEach((status, n) -> counts.put(status.name(), n));
    return counts;
  }
}
