package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Sequential workflows, as the guide's quick start and its ETL pattern: fetch, process, save. The
 * activities are local stand-ins; a real {@code fetch_data} would call the URL.
 */
public final class SimpleWorkflows {

  private SimpleWorkflows() {}

  /** The ETL activities. */
  @ApplicationScoped
  public static class EtlActivities {

    /**
     * Fetches the records at a URL.
     *
     * @param url the source
     * @return the source and its records
     */
    @Activity(name = "fetch_data", timeoutSeconds = 30, retry = @Retry(maxRetries = 5))
    public Map<String, Object> fetchData(String url) {
      return Map.of("url", url, "records", List.of("alpha", "beta", "gamma"));
    }

    /**
     * Transforms fetched records.
     *
     * @param data what {@code fetch_data} returned
     * @return the records, upper-cased, and their count
     */
    @Activity(name = "process_data")
    public Map<String, Object> processData(Map<String, Object> data) {
      List<?> records = (List<?>) data.get("records");
      return Map.of(
          "records",
          records.stream().map(r -> String.valueOf(r).toUpperCase(java.util.Locale.ROOT)).toList(),
          "count",
          records.size());
    }

    /**
     * Stores processed records.
     *
     * @param processed what {@code process_data} returned
     * @return the stored result's id
     */
    @Activity(name = "save_result")
    public Map<String, Object> saveResult(Map<String, Object> processed) {
      return Map.of("id", "result-" + Integer.toHexString(processed.hashCode()));
    }
  }

  /** The quick start: fetch, process and save the data at {@code url}. */
  @Workflow(name = "simple_etl")
  public static class SimpleEtl implements WorkflowDefinition {
    @Inject EtlActivities activities;

    @Override
    public Object run(WorkflowContext ctx) {
      String url = ctx.getInput("url", String.class);
      if (url == null) {
        throw new IllegalArgumentException(
            "simple_etl needs the URL to fetch: {\"url\": \"https://api.example.com\"}");
      }
      Map<String, Object> data = activities.fetchData(url);
      Map<String, Object> processed = activities.processData(data);
      Map<String, Object> saved = activities.saveResult(processed);
      return Map.of("status", "completed", "data", processed, "result_id", saved.get("id"));
    }
  }

  /** The guide's sequential pattern: extract, transform, load. */
  @Workflow(name = "etl_pipeline")
  public static class EtlPipeline implements WorkflowDefinition {
    @Inject EtlActivities activities;

    @Override
    public Object run(WorkflowContext ctx) {
      String url = (String) ctx.getInput("url", "https://api.example.com/data");
      Map<String, Object> data = activities.fetchData(url);
      Map<String, Object> processed = activities.processData(data);
      Map<String, Object> result = activities.saveResult(processed);
      return Map.of("status", "completed", "result_id", result.get("id"));
    }
  }
}
