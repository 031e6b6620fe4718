package io.tinyworkflow.engine;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.ActivityInfo;
import io.tinyworkflow.api.Queue;
import io.tinyworkflow.api.QueueInfo;
import io.tinyworkflow.api.RetryPolicy;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowDefinition;
import io.tinyworkflow.api.WorkflowInfo;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.transaction.Transactional;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the workflows and activities of the application when it deploys. Two workflows or two
 * activities with one name fail the deployment with a message that names both.
 */
public class WorkflowExtension implements Extension {

  /** A discovered workflow: its settings and class. */
  record WorkflowType(WorkflowInfo info, Class<? extends WorkflowDefinition> type) {}

  /** A discovered activity: its settings and method. */
  record ActivityMethod(ActivityInfo info, Method method) {}

  private final Map<String, WorkflowType> workflows = new TreeMap<>();
  private final Map<String, ActivityMethod> activities = new TreeMap<>();
  private final List<String> errors = new ArrayList<>();

  <T> void discover(
      @Observes @WithAnnotations({Workflow.class, Activity.class}) ProcessAnnotatedType<T> pat) {
    AnnotatedType<T> type = pat.getAnnotatedType();
    Workflow workflow = type.getAnnotation(Workflow.class);
    if (workflow != null) {
      addWorkflow(workflow, type.getJavaClass());
    }
    for (AnnotatedMethod<? super T> method : type.getMethods()) {
      Activity activity = method.getAnnotation(Activity.class);
      if (activity != null && method.getJavaMember().getDeclaringClass() == type.getJavaClass()) {
        addActivity(activity, method.getJavaMember());
      }
    }
  }

  void report(@Observes AfterBeanDiscovery abd) {
    checkCompensations();
    resolveQueues(Queues.configured());
    for (String error : errors) {
      abd.addDefinitionError(new DeploymentException(error));
    }
  }

  private static QueueInfo declaredQueue(Workflow workflow) {
    Queue q = workflow.queue();
    return new QueueInfo(
        q.name().isBlank() ? workflow.name() : q.name().strip(),
        q.concurrency(),
        q.concurrencyPerServer(),
        q.startsPerSecond());
  }

  /**
   * Gives every workflow its queue's limits: those its workflows declare (a limit declared twice
   * with two values is an error), then those the configuration sets.
   *
   * @param configured reads a queue's configured limits
   */
  void resolveQueues(Queues.Configuration configured) {
    Map<String, QueueInfo> queues = new java.util.TreeMap<>();
    Map<String, String> declaredBy = new java.util.HashMap<>();
    for (WorkflowType w : workflows.values()) {
      QueueInfo declared = w.info().queue();
      QueueInfo known = queues.get(declared.name());
      if (known == null) {
        queues.put(declared.name(), declared);
        declaredBy.put(declared.name(), w.info().name());
        continue;
      }
      try {
        queues.put(declared.name(), Queues.merge(known, declared));
      } catch (IllegalArgumentException e) {
        errors.add(
            "The workflows '"
                + declaredBy.get(declared.name())
                + "' and '"
                + w.info().name()
                + "' declare "
                + e.getMessage());
      }
    }
    for (Map.Entry<String, QueueInfo> q : queues.entrySet()) {
      try {
        q.setValue(configured.apply(q.getValue()));
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    workflows.replaceAll(
        (name, w) -> {
          WorkflowInfo i = w.info();
          return new WorkflowType(
              new WorkflowInfo(
                  i.name(),
                  i.version(),
                  i.className(),
                  i.timeoutSeconds(),
                  i.retryPolicy(),
                  queues.get(i.queue().name())),
              w.type());
        });
  }

  Map<String, WorkflowType> workflows() {
    return workflows;
  }

  Map<String, ActivityMethod> activities() {
    return activities;
  }

  List<String> errors() {
    return errors;
  }

  void addWorkflow(Workflow workflow, Class<?> type) {
    if (!WorkflowDefinition.class.isAssignableFrom(type)) {
      errors.add(
          "The workflow class "
              + type.getName()
              + " must implement "
              + WorkflowDefinition.class.getName());
      return;
    }
    String name = workflow.name();
    Queue q = workflow.queue();
    if (q.concurrency() < 0
        || q.concurrencyPerServer() < 0
        || !(q.startsPerSecond() >= 0)
        || Double.isInfinite(q.startsPerSecond())) {
      errors.add(
          "The workflow '"
              + name
              + "' declares a queue limit below 0 or infinite ("
              + type.getName()
              + "): give 0 for no limit, or more");
      return;
    }
    WorkflowInfo info =
        new WorkflowInfo(
            name,
            workflow.version(),
            type.getName(),
            workflow.timeoutSeconds(),
            policy(workflow.retry(), type.getName()),
            declaredQueue(workflow));
    WorkflowType previous =
        workflows.putIfAbsent(
            name, new WorkflowType(info, type.asSubclass(WorkflowDefinition.class)));
    if (previous != null) {
      errors.add(
          "Two workflows are named '"
              + name
              + "': "
              + previous.type().getName()
              + " and "
              + type.getName());
    }
  }

  void addActivity(Activity activity, Method method) {
    String name = activity.name().isEmpty() ? method.getName() : activity.name();
    String where = method.getDeclaringClass().getName() + "." + method.getName();
    ActivityInfo info =
        new ActivityInfo(
            name,
            method.getDeclaringClass().getName(),
            method.getName(),
            activity.timeoutSeconds(),
            policy(activity.retry(), where),
            activity.compensation().isEmpty() ? null : activity.compensation(),
            transactional(activity, method, where));
    ActivityMethod previous = activities.putIfAbsent(name, new ActivityMethod(info, method));
    if (previous != null) {
      errors.add(
          "Two activities are named '"
              + name
              + "': "
              + previous.info().className()
              + "."
              + previous.method().getName()
              + " and "
              + where);
    }
  }

  /**
   * Whether an activity's attempts run in a transaction of their own with the step's record: when
   * it says so, or its method (or bean) is {@code @Transactional} of a type that joins the
   * transaction it is called in. One that says so but whose {@code @Transactional} would suspend or
   * refuse that transaction is an error: its writes would not commit with the record.
   */
  private boolean transactional(Activity activity, Method method, String where) {
    Transactional declared = method.getAnnotation(Transactional.class);
    if (declared == null) {
      declared = method.getDeclaringClass().getAnnotation(Transactional.class);
    }
    boolean joins =
        declared != null
            && switch (declared.value()) {
              case REQUIRED, MANDATORY, SUPPORTS -> true;
              case REQUIRES_NEW, NOT_SUPPORTED, NEVER -> false;
            };
    if (activity.transactional() && declared != null && !joins) {
      errors.add(
          "The activity '"
              + (activity.name().isEmpty() ? method.getName() : activity.name())
              + "' ("
              + where
              + ") is transactional, but its @Transactional("
              + declared.value()
              + ") keeps its writes out of the step's transaction; use REQUIRED or MANDATORY");
    }
    return activity.transactional() || joins;
  }

  /**
   * Checks that each activity's compensation names an activity that takes the same arguments: it is
   * called with the arguments of the call it undoes.
   */
  void checkCompensations() {
    for (ActivityMethod activity : activities.values()) {
      String compensation = activity.info().compensation();
      if (compensation == null) {
        continue;
      }
      String where = activity.info().className() + "." + activity.method().getName();
      ActivityMethod undo = activities.get(compensation);
      if (undo == null) {
        errors.add(
            "The compensation of activity '"
                + activity.info().name()
                + "' ("
                + where
                + ") names no activity: '"
                + compensation
                + "'");
      } else if (undo.method().getParameterCount() != activity.method().getParameterCount()) {
        errors.add(
            "The compensation '"
                + compensation
                + "' of activity '"
                + activity.info().name()
                + "' takes "
                + undo.method().getParameterCount()
                + " argument(s) but is called with the "
                + activity.method().getParameterCount()
                + " of "
                + where);
      }
    }
  }

  private RetryPolicy policy(io.tinyworkflow.api.Retry retry, String where) {
    try {
      return RetryPolicy.of(retry);
    } catch (IllegalArgumentException e) {
      errors.add("Invalid retry policy on " + where + ": " + e.getMessage());
      return RetryPolicy.NONE;
    }
  }
}
