package io.tinyworkflow.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The run id and workflow name of the run this thread executes, as fields of every log record the
 * thread writes meanwhile: Liberty adds them to its JSON logs as {@code ext_run_id} and {@code
 * ext_workflow_name} (with {@code com.ibm.ws.logging.message.format=json}), through its {@code
 * LogRecordContext}. Outside Liberty they are left out.
 *
 * <p>Opened around an execution and a parallel branch; closing restores the fields of the run the
 * thread executed before, for a run executed inside another's call.
 */
final class RunLogFields implements AutoCloseable {

  static final String RUN_ID = "run_id";
  static final String WORKFLOW_NAME = "workflow_name";

  private static final MethodHandle ADD;
  private static final MethodHandle REMOVE;

  static {
    MethodHandle add = null;
    MethodHandle remove = null;
    try {
      Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      add =
          lookup.findStatic(
              context,
              "addExtension",
              MethodType.methodType(void.class, String.class, String.class));
      remove =
          lookup.findStatic(
              context, "removeExtension", MethodType.methodType(boolean.class, String.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      // Not in Liberty: log records carry no extension fields.
    }
    ADD = add;
    REMOVE = remove;
  }

  private static final ThreadLocal<RunLogFields> CURRENT = new ThreadLocal<>();

  private final String runId;
  private final String workflowName;
  private final RunLogFields previous;

  private RunLogFields(String runId, String workflowName, RunLogFields previous) {
    this.runId = runId;
    this.workflowName = workflowName;
    this.previous = previous;
  }

  /**
   * Names a run in the log records this thread writes until closed.
   *
   * @param run the run
   * @return what to close when the thread is done with the run
   */
  static RunLogFields of(RunSnapshot run) {
    RunLogFields fields = new RunLogFields(run.runId(), run.workflowName(), CURRENT.get());
    CURRENT.set(fields);
    fields.apply();
    return fields;
  }

  private void apply() {
    if (ADD == null) {
      return;
    }
    try {
      ADD.invokeExact(RUN_ID, runId);
      ADD.invokeExact(WORKFLOW_NAME, workflowName);
    } catch (Throwable e) {
      // a field left out of the log is no reason to stop the run
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      CURRENT.set(previous);
      previous.apply();
      return;
    }
    CURRENT.remove();
    if (REMOVE == null) {
      return;
    }
    try {
      boolean ignored = (boolean) REMOVE.invokeExact(RUN_ID);
      ignored = (boolean) REMOVE.invokeExact(WORKFLOW_NAME);
    } catch (Throwable e) {
      // as above
    }
  }
}
