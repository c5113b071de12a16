package dev.retain.connectors.support;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The JSON requests a ticketing sink sends to one REST API: requests with {@code Authorization} and
 * {@code Accept: application/json} (plus {@code Content-Type: application/json} when there is a
 * body), answers parsed as JSON, and a {@link ConnectorErrorCode#MALFORMED_RESPONSE} that names the
 * system and the request when an answer does not have the documented shape.
 */
public final class JsonApi {
  private final String system;
  private final String baseUrl;
  private final Supplier<String> authorization;

  /**
   * @param system the sink's system, the prefix of error messages
   * @param baseUrl prepended to every path, without a trailing slash
   * @param authorization the {@code Authorization} header value, asked for each request
   */
  public JsonApi(String system, String baseUrl, Supplier<String> authorization) {
    this.system = requireNonNull(system, "system is null");
    this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
    this.authorization = requireNonNull(authorization, "authorization is null");
  }

  /** A {@code GET} of {@code pathAndQuery}. */
  public HttpRequest get(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .header("Authorization", authorization.get())
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  /** A request with {@code method} and {@code body} serialised as JSON. */
  public HttpRequest send(String method, String pathAndQuery, JsonNode body) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .header("Authorization", authorization.get())
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }

  /**
   * Sends {@code request} through {@code transport} and parses the answer; an empty answer is an
   * empty object, one that is not JSON is {@link #malformed}.
   */
  public JsonNode call(HttpTransport transport, HttpRequest request, String what) {
    String body = transport.sendForString(request, what);
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node == null ? Json.MAPPER.createObjectNode() : node;
    } catch (JsonProcessingException e) {
      throw malformed(what, "the body is not JSON (" + e.getOriginalMessage() + ")");
    }
  }

  /** The answer to {@code what} does not have the documented shape, because {@code why}. */
  public ConnectorException malformed(String what, String why) {
    return new ConnectorException(
        ConnectorErrorCode.MALFORMED_RESPONSE,
        system + ": " + what + " answered without the documented shape: " + why);
  }

  /** URL-encodes a path segment or query value, a space as {@code %20}. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
