package dev.retain.connectors.freshdesk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
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
import java.util.function.BiFunction;

/**
 * One Freshdesk list read page by page.
 *
 * <p>State keys: {@value #UPDATED_SINCE} (ISO-8601; where the next query starts), {@value #PAGE}
 * (the next page of the query in flight) and {@value #SEEN_UNTIL} (the latest {@code updated_at}
 * seen in that query). When a query ends, {@code updatedSince} moves to {@code seenUntil} and the
 * other two keys go.
 *
 * <ul>
 *   <li>{@code freshdesk.tickets}: {@code GET /api/v2/tickets?updated_since=…&order_by=updated_at
 *       &order_type=asc&include=stats}, following {@code Link: rel="next"}. Freshdesk serves at
 *       most 300 pages of one listing, so on the last allowed page the query restarts from the
 *       latest {@code updated_at} seen (records at that instant are read again; upserts are
 *       idempotent).
 *   <li>{@code freshdesk.contacts}: {@code GET /api/v2/contacts?_updated_since=…}, page by page.
 *   <li>{@code freshdesk.companies}: {@code GET /api/v2/companies} has no update filter; every pass
 *       lists all companies and returns only those updated at or after {@code updatedSince}.
 * </ul>
 *
 * A {@code lookback} moves the start of each new query that much earlier.
 */
final class FreshdeskStream implements SourceStream {
  static final String UPDATED_SINCE = "updatedSince";
  static final String PAGE = "page";
  static final String SEEN_UNTIL = "seenUntil";

  private enum Kind {
    TICKETS,
    CONTACTS,
    COMPANIES
  }

  private final String name;
  private final Kind kind;
  private final FreshdeskClient client;
  private final FreshdeskSettings settings;
  private final BiFunction<String, JsonNode, Mapped> mapper;

  private FreshdeskStream(
      String name,
      Kind kind,
      FreshdeskClient client,
      FreshdeskSettings settings,
      BiFunction<String, JsonNode, Mapped> mapper) {
    this.name = name;
    this.kind = kind;
    this.client = requireNonNull(client, "client is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.mapper = mapper;
  }

  static FreshdeskStream tickets(
      FreshdeskClient client, FreshdeskMapper mapper, FreshdeskSettings settings) {
    return new FreshdeskStream("freshdesk.tickets", Kind.TICKETS, client, settings, mapper::ticket);
  }

  static FreshdeskStream contacts(
      FreshdeskClient client, FreshdeskMapper mapper, FreshdeskSettings settings) {
    return new FreshdeskStream(
        "freshdesk.contacts", Kind.CONTACTS, client, settings, mapper::contact);
  }

  static FreshdeskStream companies(
      FreshdeskClient client, FreshdeskMapper mapper, FreshdeskSettings settings) {
    return new FreshdeskStream(
        "freshdesk.companies", Kind.COMPANIES, client, settings, mapper::company);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Page read(StreamState state) {
    Instant since = state.get(UPDATED_SINCE).map(v -> instant(v, UPDATED_SINCE)).orElse(null);
    boolean fresh = state.get(PAGE).isEmpty();
    int page = state.get(PAGE).map(FreshdeskStream::pageNumber).orElse(1);
    Instant seen = state.get(SEEN_UNTIL).map(v -> instant(v, SEEN_UNTIL)).orElse(null);
    Instant querySince = since == null ? null : fresh ? since.minus(settings.lookback()) : since;

    String what =
        "GET "
            + name
            + " page "
            + page
            + (querySince == null ? " from the start" : " updated since " + querySince);
    FreshdeskClient.Batch<Mapped> batch =
        client.page(path(querySince), page, what, (node, i) -> mapper.apply(name, node));

    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    for (Mapped m : batch.items()) {
      if (kind == Kind.COMPANIES
          && querySince != null
          && m.cursor() != null
          && m.cursor().isBefore(querySince)) {
        continue; // listed again in a full pass, but landed before
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

    if (!batch.hasNext()) {
      Instant end = seen != null ? seen : since;
      StreamState done = StreamState.INITIAL;
      if (end != null) {
        done =
            done.with(
                UPDATED_SINCE, (since != null && end.isBefore(since) ? since : end).toString());
      }
      return new Page(records, rejected, done, false);
    }
    if (kind == Kind.TICKETS && page >= settings.maxPagesPerQuery()) {
      if (seen == null || (querySince != null && !seen.isAfter(querySince))) {
        throw new ConnectorException(
            ConnectorErrorCode.REQUEST_REJECTED,
            "freshdesk: "
                + what
                + ": more than "
                + settings.maxPagesPerQuery()
                + " pages of tickets share updated_at "
                + querySince
                + "; Freshdesk's page cap cannot be passed by restarting the query");
      }
      // the listing's page cap: start again from the latest updated_at seen
      return new Page(
          records, rejected, StreamState.INITIAL.with(UPDATED_SINCE, seen.toString()), true);
    }
    StreamState next =
        StreamState.INITIAL
            .with(UPDATED_SINCE, querySince == null ? null : querySince.toString())
            .with(PAGE, Integer.toString(page + 1))
            .with(SEEN_UNTIL, seen == null ? null : seen.toString());
    return new Page(records, rejected, next, true);
  }

  private String path(Instant since) {
    return switch (kind) {
      case TICKETS ->
          "/api/v2/tickets?updated_since="
              + (since == null ? Instant.EPOCH : since)
              + "&order_by=updated_at&order_type=asc&include=stats";
      case CONTACTS -> "/api/v2/contacts" + (since == null ? "" : "?_updated_since=" + since);
      case COMPANIES -> "/api/v2/companies";
    };
  }

  private Instant instant(String value, String key) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": state key " + key + " is not an ISO-8601 instant: " + value, e);
    }
  }

  private static int pageNumber(String value) {
    try {
      int page = Integer.parseInt(value);
      if (page < 1) {
        throw new IllegalArgumentException("state key page must be >= 1, got " + value);
      }
      return page;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("state key page is not a whole number: " + value, e);
    }
  }
}
