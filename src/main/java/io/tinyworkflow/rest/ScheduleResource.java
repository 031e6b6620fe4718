package io.tinyworkflow.rest;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.failure.InvalidInputException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Cron schedules (the guide's route; the rest of the schedule routes come later). */
@Path("/schedules")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

  @Inject WorkflowClient client;

  /**
   * Schedules a workflow: {@code {"workflow_name": ..., "cron_expression": "0 2 * * *",
   * "input_data": {...}}}.
   *
   * @param body the request
   * @return the schedule's id and next fire time
   */
  @POST
  @Consumes(MediaType.WILDCARD)
  public Map<String, Object> create(String body) {
    JsonObject request = JsonBodies.object(body);
    String workflowName = JsonBodies.string(request, "workflow_name");
    String cron = JsonBodies.string(request, "cron_expression");
    if (workflowName == null || cron == null) {
      throw new InvalidInputException("'workflow_name' and 'cron_expression' are required");
    }
    String id = client.scheduleWorkflow(workflowName, cron, JsonBodies.map(request, "input_data"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("schedule_id", id);
    result.put("workflow_name", workflowName);
    result.put("cron_expression", cron);
    result.put("next_fire_at", client.getSchedule(id).nextFireAt());
    return result;
  }
}
