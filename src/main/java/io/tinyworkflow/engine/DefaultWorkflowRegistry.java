package io.tinyworkflow.engine;

import io.tinyworkflow.api.ActivityInfo;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** The registry that {@link WorkflowExtension} built at deployment. */
@ApplicationScoped
public class DefaultWorkflowRegistry implements WorkflowRegistry {

  @Inject WorkflowExtension extension;

  @Override
  public List<WorkflowInfo> workflows() {
    return extension.workflows().values().stream()
        .map(WorkflowExtension.WorkflowType::info)
        .toList();
  }

  @Override
  public List<ActivityInfo> activities() {
    return extension.activities().values().stream()
        .map(WorkflowExtension.ActivityMethod::info)
        .toList();
  }

  @Override
  public Optional<WorkflowInfo> workflow(String name) {
    return Optional.ofNullable(extension.workflows().get(name))
        .map(WorkflowExtension.WorkflowType::info);
  }

  @Override
  public Optional<ActivityInfo> activity(String name) {
    return Optional.ofNullable(extension.activities().get(name))
        .map(WorkflowExtension.ActivityMethod::info);
  }

  Optional<WorkflowExtension.WorkflowType> workflowType(String name) {
    return Optional.ofNullable(extension.workflows().get(name));
  }

  Optional<WorkflowExtension.ActivityMethod> activityMethod(String name) {
    return Optional.ofNullable(extension.activities().get(name));
  }

  /**
   * Finds the activity of a method.
   *
   * @param method an activity method, possibly of a proxy subclass
   * @return the activity, if registered
   */
  Optional<WorkflowExtension.ActivityMethod> activityOf(java.lang.reflect.Method method) {
    io.tinyworkflow.api.Activity annotation =
        method.getAnnotation(io.tinyworkflow.api.Activity.class);
    String name =
        annotation == null || annotation.name().isEmpty() ? method.getName() : annotation.name();
    return activityMethod(name);
  }
}
