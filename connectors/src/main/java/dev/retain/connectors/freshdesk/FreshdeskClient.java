package dev.retain.connectors.freshdesk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.support.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * GETs one Freshdesk list page (a JSON array) and tells whether a {@code Link: rel="next"} exists.
 */
final class FreshdeskClient {
  private static final Pattern NEXT = Pattern.compile("rel\\s*=\\s*\"?next\"?");

  record Batch<T>(List<T> items, boolean hasNext) {}

  private final FreshdeskSettings settings;
  private final HttpTransport transport;
  private final String authorization;

  FreshdeskClient(FreshdeskSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((settings.apiKey() + ":X").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param pathAndQuery e.g. {@code /api/v2/tickets?updated_since=...}; page and per_page are added
   * @param mapper maps one element (with its index) to an item
   */
  <T> Batch<T> page(
      String pathAndQuery, int page, String what, BiFunction<JsonNode, Integer, T> mapper) {
    String sep = pathAndQuery.contains("?") ? "&" : "?";
    URI uri =
        URI.create(
            settings.baseUrl()
                + pathAndQuery
                + sep
                + "per_page="
                + settings.perPage()
                + "&page="
                + page);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .build();
    return Json.fetch(
        transport,
        request,
        FreshdeskConnector.SYSTEM,
        what,
        (response, in) -> {
          List<T> items = new ArrayList<>();
          Json.readArray(
              in, (node, i) -> items.add(mapper.apply(node, i)), FreshdeskConnector.SYSTEM, what);
          boolean next =
              response.headers().allValues("Link").stream()
                  .flatMap(v -> List.of(v.split(",")).stream())
                  .anyMatch(link -> NEXT.matcher(link).find());
          return new Batch<>(items, next);
        });
  }

  int probe() {
    URI uri = URI.create(settings.baseUrl() + "/api/v2/tickets?per_page=1&page=1");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .build();
    String what = "GET freshdesk.tickets (connection check)";
    return Json.fetch(
        transport,
        request,
        FreshdeskConnector.SYSTEM,
        what,
        (response, in) -> {
          int[] n = {0};
          Json.readArray(in, (node, i) -> n[0]++, FreshdeskConnector.SYSTEM, what);
          return n[0];
        });
  }
}
