package io.tinyworkflow.engine;

import io.tinyworkflow.api.Activity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Makes each call of an {@link Activity} method inside a workflow run a durable step. Outside a
 * run, and inside another activity, the call goes straight through.
 */
@Activity
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class ActivityInterceptor {

  @Inject RunFrames frames;
  @Inject DefaultWorkflowRegistry registry;

  @AroundInvoke
  Object step(InvocationContext invocation) throws Exception {
    RunFrames.Frame frame = frames.current();
    if (frame == null || frame.inActivity) {
      return invocation.proceed();
    }
    var activity = registry.activityOf(invocation.getMethod());
    if (activity.isEmpty()) {
      return invocation.proceed();
    }
    return frame
        .execution
        .calls()
        .activity(
            frame,
            activity.get().info(),
            invocation.getMethod().getGenericReturnType(),
            invocation.getParameters(),
            invocation::proceed);
  }
}
