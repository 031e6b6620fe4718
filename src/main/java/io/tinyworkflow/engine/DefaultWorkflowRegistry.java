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

  private final java.util.Map<java.lang.reflect.Method, Optional<WorkflowExtension.ActivityMethod>>
      byMethod = new java.util.concurrent.ConcurrentHashMap<>();

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
   * Finds the activity of a method (remembered per method: the interceptor asks on every call).
   *
   * @param method an activity method
   * @return the activity, if registered
   */
  Optional<WorkflowExtension.ActivityMethod> activityOf(java.lang.reflect.Method method) {
    return byMethod.computeIfAbsent(
        method,
        m -> {
          io.tinyworkflow.api.Activity annotation =
              m.getAnnotation(io.tinyworkflow.api.Activity.class);
          String name =
              annotation == null || annotation.name().isEmpty() ? m.getName() : annotation.name();
          return activityMethod(name);
        });
  }
}
