package io.tinyworkflow.api;

import java.util.List;
import java.util.Optional;

/** The workflows and activities of the application, found by CDI at deployment. */
public interface WorkflowRegistry {

  /**
   * Lists the workflows, by name.
   *
   * @return the workflows
   */
  List<WorkflowInfo> workflows();

  /**
   * Lists the activities, by name.
   *
   * @return the activities
   */
  List<ActivityInfo> activities();

  /**
   * Finds a workflow.
   *
   * @param name the workflow name
   * @return the workflow, if registered
   */
  Optional<WorkflowInfo> workflow(String name);

  /**
   * Finds an activity.
   *
   * @param name the activity name
   * @return the activity, if registered
   */
  Optional<ActivityInfo> activity(String name);
}
