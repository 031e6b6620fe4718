package io.tinyworkflow.testing;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The test server's span exporter: keeps the latest spans in memory, where {@link TestSpans} reads
 * them. The test WAR names it in {@code otel.traces.exporter}; the server's OpenTelemetry SDK finds
 * it through its {@link ConfigurableSpanExporterProvider}.
 */
public final class MemorySpans implements SpanExporter {

  /** The exporter's name in {@code otel.traces.exporter}. */
  public static final String NAME = "tinyworkflow-memory";

  /** The spans kept: the load tests make many more, and only the latest are read. */
  private static final int KEPT = 20_000;

  private static final Deque<SpanData> SPANS = new ArrayDeque<>();

  /**
   * Returns the spans kept, oldest first.
   *
   * @return a copy
   */
  public static List<SpanData> all() {
    synchronized (SPANS) {
      return new ArrayList<>(SPANS);
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    synchronized (SPANS) {
      SPANS.addAll(spans);
      while (SPANS.size() > KEPT) {
        SPANS.removeFirst();
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  /** Makes the exporter for the SDK. */
  public static final class Provider implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new MemorySpans();
    }

    @Override
    public String getName() {
      return NAME;
    }
  }
}
