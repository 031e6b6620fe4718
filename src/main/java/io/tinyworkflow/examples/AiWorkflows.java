package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The guide's AI pipelines: content generation with parallel analysis, moderation and translations,
 * and a document processor with parallel analysis. The activities are deterministic local stand-ins
 * with no network: a real one calls a model (an LLM for {@code generate_content}, {@code summarize}
 * and {@code translate}, a classifier for {@code moderate_content} and {@code analyze_sentiment})
 * in the activity's body, where its retry policy covers the API's failures.
 */
public final class AiWorkflows {

  private AiWorkflows() {}

  private static final Set<String> POSITIVE = Set.of("good", "great", "love", "excellent", "happy");
  private static final Set<String> NEGATIVE = Set.of("bad", "poor", "hate", "terrible", "sad");
  private static final Set<String> BLOCKED = Set.of("violence", "hate", "scam");

  /** The model calls, as stand-ins. */
  @ApplicationScoped
  public static class AiActivities {

    /**
     * Generates content for a prompt (an LLM call in a real pipeline).
     *
     * @param prompt the prompt
     * @return the content and the model that wrote it
     */
    @Activity(
        name = "generate_content",
        timeoutSeconds = 60,
        retry = @Retry(maxRetries = 3, initialDelay = 2.0))
    public Map<String, Object> generateContent(String prompt) {
      return Map.of(
          "content",
          "A short article about " + prompt + ". Readers love good stories about " + prompt + ".",
          "model",
          "local-stand-in");
    }

    /**
     * Scores a text's sentiment from -1 to 1.
     *
     * @param text the text
     * @return the label and the score
     */
    @Activity(name = "analyze_sentiment")
    public Map<String, Object> analyzeSentiment(String text) {
      List<String> words = words(text);
      long positive = words.stream().filter(POSITIVE::contains).count();
      long negative = words.stream().filter(NEGATIVE::contains).count();
      double score =
          positive + negative == 0 ? 0 : (positive - negative) / (double) (positive + negative);
      String label = score > 0 ? "positive" : score < 0 ? "negative" : "neutral";
      return Map.of("label", label, "score", score);
    }

    /**
     * Moderates a text.
     *
     * @param text the text
     * @return whether it is flagged, and the words that flagged it
     */
    @Activity(name = "moderate_content")
    public Map<String, Object> moderateContent(String text) {
      List<String> hits = words(text).stream().filter(BLOCKED::contains).distinct().toList();
      return Map.of("flagged", !hits.isEmpty(), "categories", hits);
    }

    /**
     * Extracts a text's keywords.
     *
     * @param text the text
     * @return up to five distinct words of six letters or more, in order
     */
    @Activity(name = "extract_keywords")
    public List<String> extractKeywords(String text) {
      return words(text).stream().filter(w -> w.length() >= 6).distinct().limit(5).toList();
    }

    /**
     * Translates a text (an LLM or translation API call in a real pipeline).
     *
     * @param text the text
     * @param language the target language code
     * @return the translation
     */
    @Activity(name = "translate", retry = @Retry(maxRetries = 3))
    public Map<String, Object> translate(String text, String language) {
      return Map.of("language", language, "text", "[" + language + "] " + text);
    }

    /**
     * Summarizes a text: its first sentence.
     *
     * @param text the text
     * @return the summary
     */
    @Activity(name = "summarize")
    public String summarize(String text) {
      int end = text.indexOf('.');
      return end < 0 ? text : text.substring(0, end + 1);
    }

    /**
     * Extracts named entities: capitalized words not at a sentence start.
     *
     * @param text the text
     * @return the entities, distinct, in order
     */
    @Activity(name = "extract_entities")
    public List<String> extractEntities(String text) {
      String[] tokens = text.split("\\s+");
      List<String> entities = new java.util.ArrayList<>();
      for (int i = 1; i < tokens.length; i++) {
        String token = tokens[i].replaceAll("[^\\p{L}\\p{N}]", "");
        boolean sentenceStart = tokens[i - 1].endsWith(".");
        if (!token.isEmpty()
            && Character.isUpperCase(token.charAt(0))
            && !sentenceStart
            && !entities.contains(token)) {
          entities.add(token);
        }
      }
      return entities;
    }

    /**
     * Classifies a document by its words.
     *
     * @param text the document
     * @return {@code invoice}, {@code contract} or {@code report}
     */
    @Activity(name = "classify_document")
    public String classifyDocument(String text) {
      List<String> words = words(text);
      if (words.contains("invoice") || words.contains("payment")) {
        return "invoice";
      }
      if (words.contains("agreement") || words.contains("contract")) {
        return "contract";
      }
      return "report";
    }

    /**
     * Stores the results of a pipeline.
     *
     * @param results what to store
     * @return the stored record's id
     */
    @Activity(name = "save_results")
    public Map<String, Object> saveResults(Map<String, Object> results) {
      return Map.of("id", "ai-" + Integer.toHexString(results.hashCode()));
    }

    private static List<String> words(String text) {
      return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
          .filter(w -> !w.isEmpty())
          .toList();
    }
  }

  /**
   * Generates content for {@code prompt}; analyses it in parallel (sentiment, moderation,
   * keywords); rejects flagged content; translates it in parallel into Spanish, French and German;
   * saves all.
   */
  @Workflow(name = "ai_content_pipeline")
  public static class AiContentPipeline implements WorkflowDefinition {
    @Inject AiActivities ai;

    @Override
    @SuppressWarnings("unchecked")
    public Object run(WorkflowContext ctx) {
      String prompt = (String) ctx.getInput("prompt", "durable workflows");
      Map<String, Object> generated = ai.generateContent(prompt);
      String content = (String) generated.get("content");
      List<Object> analysis =
          ctx.executeParallel(
              () -> ai.analyzeSentiment(content),
              () -> ai.moderateContent(content),
              () -> ai.extractKeywords(content));
      Map<String, Object> moderation = (Map<String, Object>) analysis.get(1);
      if (Boolean.TRUE.equals(moderation.get("flagged"))) {
        return Map.of(
            "status",
            "rejected",
            "reason",
            "content_moderation",
            "categories",
            moderation.get("categories"));
      }
      List<Object> translations =
          ctx.executeParallel(
              () -> ai.translate(content, "es"),
              () -> ai.translate(content, "fr"),
              () -> ai.translate(content, "de"));
      Map<String, Object> results = new LinkedHashMap<>();
      results.put("content", generated);
      results.put("sentiment", analysis.get(0));
      results.put("keywords", analysis.get(2));
      results.put("translations", translations);
      Map<String, Object> saved = ai.saveResults(results);
      return Map.of(
          "status",
          "completed",
          "content",
          content,
          "sentiment",
          analysis.get(0),
          "keywords",
          analysis.get(2),
          "translations",
          translations,
          "saved_id",
          saved.get("id"));
    }
  }

  /**
   * Processes the text {@code document}: classifies it, then summarizes it, extracts its entities
   * and scores its sentiment in parallel, and saves the analysis.
   */
  @Workflow(name = "ai_document_processor")
  public static class AiDocumentProcessor implements WorkflowDefinition {
    @Inject AiActivities ai;

    @Override
    public Object run(WorkflowContext ctx) {
      String document =
          (String)
              ctx.getInput(
                  "document",
                  "Invoice 1042 from Acme Corp. Payment is due to Globex Bank within 30 days.");
      String type = ai.classifyDocument(document);
      List<Object> analysis =
          ctx.executeParallel(
              () -> ai.summarize(document),
              () -> ai.extractEntities(document),
              () -> ai.analyzeSentiment(document));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("document_type", type);
      result.put("summary", analysis.get(0));
      result.put("entities", analysis.get(1));
      result.put("sentiment", analysis.get(2));
      Map<String, Object> saved = ai.saveResults(result);
      result.put("status", "completed");
      result.put("analysis_id", saved.get("id"));
      return result;
    }
  }
}
