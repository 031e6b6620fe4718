package io.tinyworkflow.cli;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The REST API of one server, as JSON values; failures become {@link CliFailure}s. */
final class ApiClient {

  /** How long a request may wait for its answer, unless it waits for a run to end. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Reads answers of any size: a list of runs with large outputs is over the JSON parser's default
   * limit of 15 million characters.
   */
  private static final jakarta.json.JsonReaderFactory READERS =
      Json.createReaderFactory(Map.of("org.eclipse.parsson.maxParsingLimit", Integer.MAX_VALUE));

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final Credentials credentials;

  ApiClient(String url, Credentials credentials) {
    this(base(url), ANSWER_TIMEOUT, credentials);
  }

  private ApiClient(URI base, Duration timeout, Credentials credentials) {
    this.base = base;
    this.timeout = timeout;
    this.credentials = credentials;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The same server, for a request that waits as long as a run takes. */
  ApiClient withoutTimeout() {
    return new ApiClient(base, null, credentials);
  }

  static URI base(String url) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new CliFailure(CliFailure.BAD_INPUT, "--url '" + url + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new CliFailure(
          CliFailure.BAD_INPUT,
          "--url '" + url + "' must be an http:// or https:// URL, like http://localhost:8080");
    }
    String text = uri.toString();
    return URI.create(text.endsWith("/") ? text : text + "/");
  }

  JsonValue get(String path) {
    return send("GET", path, null);
  }

  JsonValue post(String path, JsonValue body) {
    return send("POST", path, body);
  }

  JsonValue put(String path, JsonValue body) {
    return send("PUT", path, body);
  }

  JsonValue delete(String path) {
    return send("DELETE", path, null);
  }

  /** A query string from the parameters that are not {@code null}. */
  static String query(Map<String, Object> parameters) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    parameters.forEach(
        (name, value) -> {
          if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
          }
        });
    return query.toString();
  }

  static Map<String, Object> params(Object... nameValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put((String) nameValues[i], nameValues[i + 1]);
    }
    return map;
  }

  /** One path segment, such as a run id, escaped. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonValue send(String method, String path, JsonValue body) {
    URI uri = base.resolve("api/" + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/json");
    if (credentials != null) {
      request.header("Authorization", credentials.basic());
    }
    if (timeout != null) {
      request.timeout(timeout);
    }
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable(e);
    } catch (HttpTimeoutException e) {
      throw new CliFailure(
          CliFailure.REFUSED,
          "The server at "
              + base
              + " did not answer within "
              + timeout.toSeconds()
              + " s; the request may still be carried out (check with `tinyworkflow list`)");
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        throw unreachable(e);
      }
      throw new CliFailure(
          CliFailure.REFUSED,
          "The connection to "
              + base
              + " broke before the answer ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "); the request may have been carried out (check with `tinyworkflow list`)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.UNREACHABLE, "Interrupted while waiting for " + base);
    }
    JsonValue json = parse(response.body());
    if (response.statusCode() >= 400) {
      String message =
          json instanceof JsonObject o && o.get("error") instanceof jakarta.json.JsonString s
              ? s.getString()
              : "The server at "
                  + base
                  + " answered HTTP "
                  + response.statusCode()
                  + " to "
                  + method
                  + " /api/"
                  + path
                  + ": is it a TinyWorkflow server?"
                  + (response.statusCode() == 404
                      ? " When TinyWorkflow is deployed under a context root, give it in the URL:"
                          + " --url http://host:9080/tinyworkflow"
                      : "");
      int status = response.statusCode();
      if (status == 401) {
        throw new CliFailure(
            CliFailure.NOT_ALLOWED,
            message
                + " (HTTP 401). "
                + (credentials == null
                    ? "Give --user and --password, or set TINYWORKFLOW_USER and"
                        + " TINYWORKFLOW_PASSWORD."
                    : "The server refused the credentials of user '" + credentials.user() + "'."));
      }
      if (status == 403) {
        throw new CliFailure(CliFailure.NOT_ALLOWED, message + " (HTTP 403)");
      }
      throw new CliFailure(
          status == 400 || status == 413 ? CliFailure.BAD_INPUT : CliFailure.REFUSED,
          message + " (HTTP " + status + ")");
    }
    if (json == null) {
      throw new CliFailure(
          CliFailure.REFUSED,
          "The server at " + base + " did not answer JSON: is it a TinyWorkflow server?");
    }
    return json;
  }

  private CliFailure unreachable(Exception e) {
    return new CliFailure(
        CliFailure.UNREACHABLE,
        "Cannot reach a TinyWorkflow server at "
            + base
            + " ("
            + (e.getMessage() == null ? "connection refused" : e.getMessage())
            + "). Start one with `tinyworkflow server`, or point --url or TINYWORKFLOW_URL at"
            + " yours.");
  }

  private static JsonValue parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try (JsonReader reader = READERS.createReader(new StringReader(body))) {
      return reader.readValue();
    } catch (JsonException e) {
      return null;
    }
  }
}
