package io.tinyworkflow.engine;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * The traces of runs, through OpenTelemetry (the server's {@code mpTelemetry} feature): a span that
 * starts a run, a span per execution of it and a span per step that runs.
 *
 * <p>The start span is a child of whatever is current where the run is started (the REST request,
 * the parent run's step for a child), and its W3C {@code traceparent} is stored with the run. Every
 * execution's span takes it as parent, so that the run's executions, on any server and after any
 * pause, retry or restart, are one trace. With OpenTelemetry off (the default: {@code
 * OTEL_SDK_DISABLED} is true) every span is a no-op and nothing is stored.
 */
@ApplicationScoped
public class RunTracing {

  /** The instrumentation scope of the engine's spans. */
  static final String SCOPE = "io.tinyworkflow";

  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("tinyworkflow.run_id");
  static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("tinyworkflow.workflow");
  static final AttributeKey<String> ACTIVITY = AttributeKey.stringKey("tinyworkflow.activity");
  static final AttributeKey<String> STEP_KIND = AttributeKey.stringKey("tinyworkflow.step.kind");
  static final AttributeKey<Long> STEP = AttributeKey.longKey("tinyworkflow.step");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tinyworkflow.attempt");
  static final AttributeKey<Long> RUN_ATTEMPT = AttributeKey.longKey("tinyworkflow.run_attempt");

  /** The span of the execution the current context belongs to. */
  private static final ContextKey<Span> EXECUTION = ContextKey.named("tinyworkflow.execution");

  private static final TextMapSetter<Map<String, String>> SETTER = Map::put;

  private static final TextMapGetter<String> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
          return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
          return "traceparent".equals(key) ? carrier : null;
        }
      };

  @Inject Instance<OpenTelemetry> telemetry;

  private Tracer tracer;

  /** A tracing that makes no spans: for executions outside a server. */
  static final RunTracing OFF = new RunTracing(OpenTelemetry.noop());

  /** For CDI. */
  public RunTracing() {}

  private RunTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SCOPE);
  }

  @PostConstruct
  void init() {
    OpenTelemetry otel = telemetry.isResolvable() ? telemetry.get() : OpenTelemetry.noop();
    tracer = otel.getTracer(SCOPE);
  }

  /**
   * Records that a run is started, under the span current in this thread, and returns the context
   * its executions continue.
   *
   * @param workflowName the workflow
   * @param runId the new run
   * @return the W3C {@code traceparent} of the start span, or {@code null} when tracing is off
   */
  public String startOfRun(String workflowName, String runId) {
    Span span =
        tracer
            .spanBuilder("start " + workflowName)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(RUN_ID, runId)
            .setAttribute(WORKFLOW, workflowName)
            .startSpan();
    try {
      return traceParent(span.getSpanContext());
    } finally {
      span.end();
    }
  }

  /**
   * Opens the span of one execution of a run, a child of the span that started the run.
   *
   * @param run the run
   * @return the span, not yet current
   */
  Span execution(RunSnapshot run) {
    return tracer
        .spanBuilder("run " + run.workflowName())
        .setSpanKind(SpanKind.CONSUMER)
        .setParent(parentOf(run.traceParent()))
        .setAttribute(RUN_ID, run.runId())
        .setAttribute(WORKFLOW, run.workflowName())
        .setAttribute(RUN_ATTEMPT, (long) run.runAttempt())
        .startSpan();
  }

  /**
   * Opens the span of a step's attempt, a child of the span current in this thread: the run's
   * execution span, in the body and in its parallel branches.
   *
   * @param run the run
   * @param kind the step's kind, such as {@code activity}
   * @param name the activity's or side effect's name
   * @param step the step number
   * @param attempt the attempt, from 1
   * @return the span, not yet current
   */
  Span step(RunSnapshot run, String kind, String name, int step, int attempt) {
    return tracer
        .spanBuilder(kind + " " + name)
        .setAttribute(RUN_ID, run.runId())
        .setAttribute(WORKFLOW, run.workflowName())
        .setAttribute(STEP_KIND, kind)
        .setAttribute(ACTIVITY, name)
        .setAttribute(STEP, (long) step)
        .setAttribute(ATTEMPT, (long) attempt)
        .startSpan();
  }

  /**
   * Makes an execution's span current in this thread, marked as the execution's.
   *
   * @param span the execution's span
   * @return what to close when the execution ends
   */
  static Scope enter(Span span) {
    return Context.current().with(span).with(EXECUTION, span).makeCurrent();
  }

  /**
   * Marks the span of the execution this thread runs failed, when it runs one.
   *
   * @param error why the run failed
   */
  static void runFailed(String error) {
    Span span = Context.current().get(EXECUTION);
    if (span != null) {
      span.setStatus(StatusCode.ERROR, error);
    }
  }

  /**
   * Marks a span failed with what failed.
   *
   * @param span the span
   * @param failure the failure
   */
  static void failed(Span span, Throwable failure) {
    span.recordException(failure);
    span.setStatus(StatusCode.ERROR, Failures.errorText(failure));
  }

  private static String traceParent(SpanContext context) {
    if (!context.isValid()) {
      return null;
    }
    Map<String, String> carrier = new java.util.HashMap<>(2);
    W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(Span.wrap(context)), carrier, SETTER);
    return carrier.get("traceparent");
  }

  private static Context parentOf(String traceParent) {
    if (traceParent == null) {
      return Context.root();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, GETTER);
  }
}
