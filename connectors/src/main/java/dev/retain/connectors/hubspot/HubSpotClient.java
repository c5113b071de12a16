package dev.retain.connectors.hubspot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.support.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HubSpot calls: CRM search, the archived list, and the v4 batch read of deal-to-company
 * associations. A page holds at most {@code pageSize} (200) results, parsed one at a time.
 */
final class HubSpotClient {
  private static final String SYSTEM = HubSpotConnector.SYSTEM;

  /** One page: the results as sent, and the cursor of the next page (null on the last). */
  record Results(List<JsonNode> results, String after) {}

  private final HubSpotSettings settings;
  private final HttpTransport transport;

  HubSpotClient(HubSpotSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
  }

  /**
   * {@code POST /crm/v3/objects/{type}/search} for records modified at or after {@code since},
   * ascending by modification time.
   */
  Results search(HubSpotObject object, Instant since, String after, int limit, String what) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putArray("filterGroups")
        .addObject()
        .putArray("filters")
        .addObject()
        .put("propertyName", object.modifiedProperty())
        .put("operator", "GTE")
        .put("value", Long.toString(since == null ? 0 : since.toEpochMilli()));
    body.putArray("sorts")
        .addObject()
        .put("propertyName", object.modifiedProperty())
        .put("direction", "ASCENDING");
    ArrayNode properties = body.putArray("properties");
    object.properties(settings).forEach(properties::add);
    body.put("limit", limit);
    if (after != null) {
      body.put("after", after);
    }
    HttpRequest request =
        authorized(URI.create(settings.baseUrl() + "/crm/v3/objects/" + object.type() + "/search"))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .header("Content-Type", "application/json")
            .build();
    return results(request, what);
  }

  /** {@code GET /crm/v3/objects/{type}?archived=true}, page by page. */
  Results archived(HubSpotObject object, String after, int limit, String what) {
    String query =
        "archived=true&limit="
            + Math.min(limit, 100)
            + "&properties="
            + URLEncoder.encode(object.modifiedProperty(), StandardCharsets.UTF_8)
            + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
    HttpRequest request =
        authorized(
                URI.create(settings.baseUrl() + "/crm/v3/objects/" + object.type() + "?" + query))
            .GET()
            .build();
    return results(request, what);
  }

  /**
   * {@code POST /crm/v4/associations/deals/companies/batch/read}: each deal's company, the one
   * labelled primary when there are several.
   */
  Map<String, String> dealCompanies(Collection<String> dealIds, String what) {
    if (dealIds.isEmpty()) {
      return Map.of();
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode inputs = body.putArray("inputs");
    dealIds.forEach(id -> inputs.addObject().put("id", id));
    HttpRequest request =
        authorized(
                URI.create(settings.baseUrl() + "/crm/v4/associations/deals/companies/batch/read"))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .header("Content-Type", "application/json")
            .build();
    Map<String, String> companies = new LinkedHashMap<>();
    Json.fetch(
        transport,
        request,
        SYSTEM,
        what,
        (response, in) -> {
          Json.readEnvelope(
              in,
              "results",
              (node, i) -> {
                String from = Json.text(node, "from.id");
                JsonNode to = node.get("to");
                if (from == null || to == null || !to.isArray()) {
                  throw Json.malformed(
                      SYSTEM, what, "results[" + i + "] has no from.id or no 'to' array");
                }
                String chosen = null;
                for (JsonNode target : to) {
                  String id = Json.text(target, "toObjectId");
                  if (id == null) {
                    continue;
                  }
                  if (chosen == null || isPrimary(target)) {
                    chosen = id;
                  }
                  if (isPrimary(target)) {
                    break;
                  }
                }
                if (chosen != null) {
                  companies.put(from, chosen);
                }
              },
              SYSTEM,
              what);
          return null;
        });
    return companies;
  }

  private static boolean isPrimary(JsonNode target) {
    JsonNode types = target.get("associationTypes");
    if (types == null || !types.isArray()) {
      return false;
    }
    for (JsonNode type : types) {
      if ("Primary".equalsIgnoreCase(type.path("label").asText())
          || type.path("typeId").asInt() == 5) {
        return true;
      }
    }
    return false;
  }

  private Results results(HttpRequest request, String what) {
    return Json.fetch(
        transport,
        request,
        SYSTEM,
        what,
        (response, in) -> {
          List<JsonNode> results = new ArrayList<>();
          ObjectNode rest =
              Json.readEnvelope(in, "results", (node, i) -> results.add(node), SYSTEM, what);
          JsonNode next = rest.path("paging").path("next").path("after");
          String after = next.isMissingNode() || next.isNull() ? null : next.asText();
          if (after != null && after.isBlank()) {
            throw Json.malformed(SYSTEM, what, "paging.next.after is empty");
          }
          return new Results(results, after);
        });
  }

  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + settings.accessToken())
        .header("Accept", "application/json");
  }
}
