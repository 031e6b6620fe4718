package io.tinyworkflow.engine;

import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import jakarta.enterprise.context.Dependent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

/** {@code WorkflowContext.executeActivity}: an activity call by name, with argument conversion. */
final class ActivityByName {

  private ActivityByName() {}

  /**
   * Calls an activity by its name through its bean, so that the activity interceptor makes the call
   * a durable step of the current execution.
   *
   * @param services what executions use
   * @param name the activity name
   * @param args the arguments, converted to the method's parameter types through JSON when needed
   * @return the activity's result
   */
  static Object call(ExecutionServices services, String name, Object... args) {
    WorkflowExtension.ActivityMethod activity =
        services
            .registry()
            .activityMethod(name)
            .orElseThrow(() -> new UnknownWorkflowException("activity", name));
    Method method = activity.method();
    Object[] converted =
        convertArguments(services, name, method, args == null ? new Object[0] : args);
    var handle = services.beans().select(method.getDeclaringClass()).getHandle();
    try {
      return method.invoke(handle.get(), converted);
    } catch (InvocationTargetException e) {
      throw Failures.sneaky(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot call activity '" + name + "'", e);
    } finally {
      if (handle.getBean().getScope() == Dependent.class) {
        handle.destroy(); // only dependent instances: a normal-scoped bean lives on
      }
    }
  }

  private static Object[] convertArguments(
      ExecutionServices services, String name, Method method, Object[] args) {
    Type[] types = method.getGenericParameterTypes();
    if (types.length != args.length) {
      throw new InvalidInputException(
          "Activity '" + name + "' takes " + types.length + " argument(s), not " + args.length);
    }
    Object[] converted = new Object[args.length];
    Class<?>[] raw = method.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      converted[i] =
          args[i] == null || raw[i].isInstance(args[i])
              ? args[i]
              : services.json().convert(args[i], types[i]);
    }
    return converted;
  }
}
