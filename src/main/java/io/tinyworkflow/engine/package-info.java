/**
 * The run lifecycle: dispatch, replay of the step journal, leases, retries and the transaction
 * boundaries of every state change. It reads and writes through one owner class per table in {@code
 * persistence} ({@code RunTable}, {@code StepJournal}, {@code EventLog}, {@code WaitStore}, ...)
 * and receives records from them, never entities. Where to look:
 *
 * <ul>
 *   <li><b>A run starts</b> in {@link io.tinyworkflow.engine.DefaultWorkflowClient#startWorkflow}
 *       (the client API): {@code RunLifecycle.newRun} builds the row, {@link
 *       io.tinyworkflow.engine.Dispatcher#startHere} stores it already running on this server and
 *       hands it to the executor; a delayed, scheduled or child run is stored {@code pending} and
 *       claimed by {@link io.tinyworkflow.engine.Dispatcher#poll}. {@link
 *       io.tinyworkflow.engine.RunRunner} executes one attempt of the body and settles the run by
 *       how it ended.
 *   <li><b>A step is recorded</b> in {@link io.tinyworkflow.persistence.StepJournal}, the only
 *       reader and writer of the journal, insert-only (a step tried again in a later run attempt
 *       gets a row of its own). Its callers: {@code CallSteps} (activities, side effects, branches,
 *       through {@code Execution.recordOrAbort}: one conditional insert that checks the lease, or
 *       {@code RunLifecycle.recordStep} with an event), {@link
 *       io.tinyworkflow.engine.WaitLifecycle} (decisions, signals, timeouts) and {@link
 *       io.tinyworkflow.engine.ChildLifecycle} (a child's start and end). {@code Execution} answers
 *       recorded steps from the journal on replay ({@code RunFrames}, {@code CallSteps}), and
 *       {@code StepHistory} reads steps back for the client.
 *   <li><b>A wait pauses</b> the run in {@code DurableWaits}: the wait is a row ({@code
 *       WaitLifecycle.pause}), the body unwinds with a {@code Suspension}, the run becomes {@code
 *       paused} and holds no thread; an answer or the deadline makes it due again ({@link
 *       io.tinyworkflow.engine.RunDue}), and a timer or the poll resumes it by replay.
 *   <li><b>A lease is renewed</b> every second by {@link
 *       io.tinyworkflow.engine.Dispatcher#renewLeases} (an EJB timer in {@code scheduling}); {@code
 *       Liveness} stops an execution whose lease is older than its length, and {@link
 *       io.tinyworkflow.engine.Dispatcher#poll} claims runs whose lease expired elsewhere.
 *   <li><b>Status changes</b> follow the one table of {@code RunStateMachine}; {@link
 *       io.tinyworkflow.engine.RunLifecycle} makes each change in a transaction of its own that
 *       appends its event. {@code AuditTrail} merges those events with the entries derived from the
 *       run row and its journal.
 *   <li><b>Schedules</b> are the scheduling package's ({@link io.tinyworkflow.engine.Schedules});
 *       it depends on this package, never the other way round.
 * </ul>
 */
package io.tinyworkflow.engine;
