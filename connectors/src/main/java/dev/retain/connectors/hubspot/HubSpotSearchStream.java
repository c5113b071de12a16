package dev.retain.connectors.hubspot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.support.Json;
import dev.retain.connectors.support.Mapped;
import dev.retain.model.CanonicalRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Companies, contacts or deals through the CRM search endpoint, ascending by modification time.
 *
 * <p>State keys: {@value #LAST_MODIFIED} (ISO-8601; the search asks for records modified at or
 * after it), and while a search is in flight {@value #AFTER} (HubSpot's paging cursor), {@value
 * #READ_IN_SEARCH} (results paged through so far) and {@value #SEEN_UNTIL} (the latest modification
 * time seen). A search may page through at most 10,000 results (HubSpot answers 400 past that):
 * before the next page would cross {@code searchCap}, the stream starts a new search from {@code
 * seenUntil}. Records at that very millisecond are read again; upserts are idempotent. Only if more
 * than {@code searchCap} records share one millisecond does the stream fail, saying so.
 */
final class HubSpotSearchStream implements SourceStream {
  static final String LAST_MODIFIED = "lastModified";
  static final String AFTER = "after";
  static final String READ_IN_SEARCH = "readInSearch";
  static final String SEEN_UNTIL = "seenUntil";

  private final HubSpotObject object;
  private final HubSpotSettings settings;
  private final HubSpotClient client;
  private final HubSpotMapper mapper;
  private final String name;

  HubSpotSearchStream(
      HubSpotObject object, HubSpotSettings settings, HubSpotClient client, HubSpotMapper mapper) {
    this.object = requireNonNull(object, "object is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.client = requireNonNull(client, "client is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.name = "hubspot." + object.type();
  }

  @Override
  public String name() {
    return name;
  }

  HubSpotObject object() {
    return object;
  }

  @Override
  public Page read(StreamState state) {
    Instant since = state.get(LAST_MODIFIED).map(v -> instant(v, LAST_MODIFIED)).orElse(null);
    String after = state.get(AFTER).orElse(null);
    int readInSearch = state.get(READ_IN_SEARCH).map(this::count).orElse(0);
    Instant seen = state.get(SEEN_UNTIL).map(v -> instant(v, SEEN_UNTIL)).orElse(null);
    Instant querySince = since != null && after == null ? since.minus(settings.lookback()) : since;

    String what =
        "POST "
            + name
            + " search "
            + (after == null ? "page 1" : "after " + after)
            + (querySince == null
                ? " from the start"
                : " " + object.modifiedProperty() + " >= " + querySince);
    HubSpotClient.Results page =
        client.search(object, querySince, after, settings.pageSize(), what);

    Map<String, String> companies = Map.of();
    if (object == HubSpotObject.DEALS) {
      List<String> won = new ArrayList<>();
      for (JsonNode deal : page.results()) {
        String id = Json.text(deal, "id");
        if (id != null && mapper.isWon(deal)) {
          won.add(id);
        }
      }
      companies = client.dealCompanies(won, "POST deal-to-company associations for " + what);
    }
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    for (JsonNode node : page.results()) {
      Mapped m = mapper.map(name, object, node, companies);
      if (m.cursor() != null && (seen == null || m.cursor().isAfter(seen))) {
        seen = m.cursor();
      }
      if (m.record() != null) {
        records.add(m.record());
      } else {
        rejected.add(m.rejected());
      }
    }
    readInSearch += page.results().size();

    if (page.after() == null) {
      Instant end = seen == null || (since != null && seen.isBefore(since)) ? since : seen;
      return new Page(
          records,
          rejected,
          StreamState.INITIAL.with(LAST_MODIFIED, end == null ? null : end.toString()),
          false);
    }
    if (readInSearch + settings.pageSize() > settings.searchCap()) {
      // the next page would cross the search's result cap: search again from what we saw
      if (seen == null || (querySince != null && !seen.isAfter(querySince))) {
        throw new ConnectorException(
            ConnectorErrorCode.REQUEST_REJECTED,
            "hubspot: "
                + what
                + ": more than "
                + settings.searchCap()
                + " records share "
                + object.modifiedProperty()
                + " "
                + querySince
                + "; the search cap cannot be passed by restarting the search");
      }
      return new Page(
          records, rejected, StreamState.INITIAL.with(LAST_MODIFIED, seen.toString()), true);
    }
    StreamState next =
        StreamState.INITIAL
            .with(LAST_MODIFIED, querySince == null ? null : querySince.toString())
            .with(AFTER, page.after())
            .with(READ_IN_SEARCH, Integer.toString(readInSearch))
            .with(SEEN_UNTIL, seen == null ? null : seen.toString());
    return new Page(records, rejected, next, true);
  }

  int probe() {
    return client
        .search(object, null, null, 1, "POST " + name + " search (connection check)")
        .results()
        .size();
  }

  private Instant instant(String value, String key) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": state key " + key + " is not an ISO-8601 instant: " + value, e);
    }
  }

  private int count(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ": state key " + READ_IN_SEARCH + " is not a number: " + value, e);
    }
  }
}
