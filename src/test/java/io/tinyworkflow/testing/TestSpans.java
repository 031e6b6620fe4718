package io.tinyworkflow.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spans the test server exported, for tests that run as a client: the whole trace a run belongs
 * to.
 */
@Path("test-spans")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class TestSpans {

  private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("tinyworkflow.run_id");

  /**
   * Returns the spans of the trace a run's spans belong to, oldest first.
   *
   * @param runId the run
   * @return the spans, each with its name, kind, ids, parent, status and attributes; empty when no
   *     span of the run was exported yet
   */
  @GET
  public List<Map<String, Object>> trace(@QueryParam("run_id") String runId) {
    List<SpanData> spans = MemorySpans.all();
    String traceId =
        spans.stream()
            .filter(s -> runId.equals(s.getAttributes().get(RUN_ID)))
            .map(SpanData::getTraceId)
            .findFirst()
            .orElse(null);
    return spans.stream().filter(s -> s.getTraceId().equals(traceId)).map(TestSpans::view).toList();
  }

  private static Map<String, Object> view(SpanData span) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", span.getName());
    view.put("kind", span.getKind().name());
    view.put("trace_id", span.getTraceId());
    view.put("span_id", span.getSpanId());
    view.put("parent_span_id", span.getParentSpanId());
    view.put("status", span.getStatus().getStatusCode().name());
    Map<String, String> attributes = new TreeMap<>();
    span.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), String.valueOf(v)));
    view.put("attributes", attributes);
    return view;
  }
}
