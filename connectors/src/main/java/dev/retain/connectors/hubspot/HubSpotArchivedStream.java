package dev.retain.connectors.hubspot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.support.Mapped;
import dev.retain.model.CanonicalRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Archived (deleted) companies, contacts or deals as tombstones: {@code GET
 * /crm/v3/objects/{type}?archived=true}, which has no time filter, so every pass lists all archived
 * records and returns those archived at or after the saved time.
 *
 * <p>State keys: {@value #ARCHIVED_SINCE} (ISO-8601, moved at the end of a pass), and during a pass
 * {@value #AFTER} and {@value #SEEN_UNTIL} (the latest {@code archivedAt} seen in it).
 */
final class HubSpotArchivedStream implements SourceStream {
  static final String ARCHIVED_SINCE = "archivedSince";
  static final String AFTER = "after";
  static final String SEEN_UNTIL = "seenUntil";

  private final HubSpotObject object;
  private final HubSpotSettings settings;
  private final HubSpotClient client;
  private final HubSpotMapper mapper;
  private final String name;

  HubSpotArchivedStream(
      HubSpotObject object, HubSpotSettings settings, HubSpotClient client, HubSpotMapper mapper) {
    this.object = requireNonNull(object, "object is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.client = requireNonNull(client, "client is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.name = "hubspot.archived_" + object.type();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Page read(StreamState state) {
    Instant since = state.get(ARCHIVED_SINCE).map(v -> instant(v, ARCHIVED_SINCE)).orElse(null);
    String after = state.get(AFTER).orElse(null);
    Instant seen = state.get(SEEN_UNTIL).map(v -> instant(v, SEEN_UNTIL)).orElse(null);
    Instant from = since == null ? null : since.minus(settings.lookback());

    String what = "GET " + name + " " + (after == null ? "page 1" : "after " + after);
    HubSpotClient.Results page = client.archived(object, after, settings.pageSize(), what);
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    for (JsonNode node : page.results()) {
      Mapped m = mapper.archived(name, object, node);
      if (from != null && m.cursor() != null && m.cursor().isBefore(from)) {
        continue; // delivered by an earlier pass
      }
      if (m.cursor() != null && (seen == null || m.cursor().isAfter(seen))) {
        seen = m.cursor();
      }
      if (m.record() != null) {
        records.add(m.record());
      } else {
        rejected.add(m.rejected());
      }
    }
    if (page.after() == null) {
      Instant end = seen == null || (since != null && seen.isBefore(since)) ? since : seen;
      return new Page(
          records,
          rejected,
          StreamState.INITIAL.with(ARCHIVED_SINCE, end == null ? null : end.toString()),
          false);
    }
    StreamState next =
        StreamState.INITIAL
            .with(ARCHIVED_SINCE, since == null ? null : since.toString())
            .with(AFTER, page.after())
            .with(SEEN_UNTIL, seen == null ? null : seen.toString());
    return new Page(records, rejected, next, true);
  }

  private Instant instant(String value, String key) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": state key " + key + " is not an ISO-8601 instant: " + value, e);
    }
  }
}
