package io.tinyworkflow.engine;

import io.tinyworkflow.persistence.AttributeStore;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.StepJournal;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;

/**
 * What executions use, gathered once.
 *
 * @param lifecycle state changes
 * @param waitLifecycle state changes of waits and published values
 * @param children state changes that link parent and child runs
 * @param dispatcher executes the children a run starts
 * @param journal the step journal, whose fenced append is called outside transactions
 * @param json the JSON codec
 * @param clock the clock
 * @param registry workflows and activities
 * @param frames thread frames
 * @param executor runs parallel branches and timed activities
 * @param beans looks up activity beans for calls by name
 * @param settings this server's identity and lease
 * @param events fires the lifecycle's CDI events
 * @param transactions the transactions of transactional steps
 * @param attributes the runs' search attributes
 * @param metrics the engine's metrics
 * @param tracing the runs' traces
 */
record ExecutionServices(
    RunLifecycle lifecycle,
    WaitLifecycle waitLifecycle,
    ChildLifecycle children,
    Dispatcher dispatcher,
    StepJournal journal,
    JsonCodec json,
    Clock clock,
    DefaultWorkflowRegistry registry,
    RunFrames frames,
    ManagedExecutorService executor,
    Instance<Object> beans,
    EngineSettings settings,
    LifecycleEvents events,
    StepTransactions transactions,
    AttributeStore attributes,
    EngineMetrics metrics,
    RunTracing tracing) {}
