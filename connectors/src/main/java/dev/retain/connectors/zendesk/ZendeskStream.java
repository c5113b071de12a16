package dev.retain.connectors.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The three Zendesk incremental export streams. Each reads one page from an explicit {@link
 * StreamState} and hands out the state to save once that page has landed:
 *
 * <ul>
 *   <li>{@code zendesk.organizations} (time-based export): key {@value #START_TIME}, the Unix time
 *       in seconds of the next request ({@code end_time} of the last page).
 *   <li>{@code zendesk.users} and {@code zendesk.tickets} (cursor-based exports): key {@value
 *       #CURSOR}, Zendesk's opaque {@code after_cursor}; before the first page only {@value
 *       #START_TIME}.
 * </ul>
 *
 * <p>Zendesk rejects a {@code start_time} less than a minute old, so a state whose start time is
 * not at least a minute in the past (for example one in the future) reads an empty, caught-up page
 * without calling the API.
 */
abstract sealed class ZendeskStream implements SourceStream {
  public static final String START_TIME = "start_time";
  public static final String CURSOR = "cursor";
  static final Duration MIN_AGE = Duration.ofMinutes(1);

  final ZendeskClient client;
  final ZendeskMapper mapper;
  final ZendeskSettings settings;
  final Clock clock;

  ZendeskStream(ZendeskClient client, ZendeskMapper mapper, ZendeskSettings settings, Clock clock) {
    this.client = client;
    this.mapper = mapper;
    this.settings = settings;
    this.clock = clock;
  }

  long startTime(StreamState state) {
    Optional<String> saved = state.get(START_TIME);
    if (saved.isEmpty()) {
      return settings.startTime().getEpochSecond();
    }
    try {
      return Long.parseLong(saved.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name() + ": saved state key " + START_TIME + " is not a Unix time: " + saved.get());
    }
  }

  /** Whether Zendesk would accept this start time (at least a minute in the past). */
  boolean tooRecent(long startTime) {
    return startTime > clock.instant().minus(MIN_AGE).getEpochSecond();
  }

  static Page caughtUp(StreamState state) {
    return new Page(List.of(), List.of(), state, false);
  }

  interface ItemMapper {
    Optional<CanonicalRecord> map(JsonNode item) throws ZendeskMapper.BadRecord;
  }

  /** Maps every item; a bad one becomes a rejected record and the page carries on. */
  void mapAll(
      List<JsonNode> items,
      ItemMapper itemMapper,
      List<CanonicalRecord> records,
      List<RejectedRecord> rejected) {
    for (JsonNode item : items) {
      try {
        itemMapper.map(item).ifPresent(records::add);
      } catch (ZendeskMapper.BadRecord e) {
        rejected.add(
            new RejectedRecord(
                name(), ZendeskMapper.id(item).orElse(null), item.toString(), e.getMessage()));
      }
    }
  }

  /** {@code zendesk.organizations}: the time-based Incremental Organization Export. */
  static final class Organizations extends ZendeskStream {
    Organizations(
        ZendeskClient client, ZendeskMapper mapper, ZendeskSettings settings, Clock clock) {
      super(client, mapper, settings, clock);
    }

    @Override
    public String name() {
      return "zendesk.organizations";
    }

    @Override
    public Page read(StreamState state) {
      long start = startTime(state);
      StreamState current = state.with(START_TIME, Long.toString(start));
      if (tooRecent(start)) {
        return caughtUp(current);
      }
      String what = "GET " + name() + " page from start_time=" + start;
      ExportPage page =
          client.export(
              "/api/v2/incremental/organizations.json?start_time="
                  + start
                  + "&per_page="
                  + settings.pageSize(),
              "organizations",
              what);
      List<CanonicalRecord> records = new ArrayList<>();
      List<RejectedRecord> rejected = new ArrayList<>();
      mapAll(page.items(), item -> Optional.of(mapper.organization(item)), records, rejected);
      long next;
      if (page.endTime() == null) {
        if (!page.endOfStream()) {
          throw new ConnectorException(
              ConnectorErrorCode.MALFORMED_RESPONSE,
              "zendesk: " + what + " answered end_of_stream=false without an end_time");
        }
        next = start;
      } else if (page.endTime() > start || page.endOfStream()) {
        next = Math.max(start, page.endTime());
      } else {
        // A full page whose items all share start_time: step past it, or the export never moves.
        next = start + 1;
      }
      return new Page(
          records, rejected, current.with(START_TIME, Long.toString(next)), !page.endOfStream());
    }
  }

  /** A cursor-based incremental export ({@code users}, {@code tickets}). */
  abstract static sealed class CursorStream extends ZendeskStream permits Users, Tickets {
    CursorStream(
        ZendeskClient client, ZendeskMapper mapper, ZendeskSettings settings, Clock clock) {
      super(client, mapper, settings, clock);
    }

    abstract String path();

    abstract String itemsKey();

    abstract String extraQuery();

    abstract void map(
        ExportPage page, List<CanonicalRecord> records, List<RejectedRecord> rejected);

    @Override
    public Page read(StreamState state) {
      Optional<String> cursor = state.get(CURSOR);
      String query;
      String what;
      StreamState current = state;
      if (cursor.isPresent()) {
        query =
            "cursor="
                + java.net.URLEncoder.encode(cursor.get(), java.nio.charset.StandardCharsets.UTF_8);
        what = "GET " + name() + " page after cursor " + cursor.get();
      } else {
        long start = startTime(state);
        current = state.with(START_TIME, Long.toString(start));
        if (tooRecent(start)) {
          return caughtUp(current);
        }
        query = "start_time=" + start;
        what = "GET " + name() + " page from start_time=" + start;
      }
      ExportPage page =
          client.export(
              path() + "?" + query + "&per_page=" + settings.pageSize() + extraQuery(),
              itemsKey(),
              what);
      List<CanonicalRecord> records = new ArrayList<>();
      List<RejectedRecord> rejected = new ArrayList<>();
      map(page, records, rejected);
      StreamState next;
      if (page.afterCursor() != null) {
        next = new StreamState(java.util.Map.of(CURSOR, page.afterCursor()));
      } else if (page.endOfStream()) {
        next = current;
      } else {
        throw new ConnectorException(
            ConnectorErrorCode.MALFORMED_RESPONSE,
            "zendesk: " + what + " answered end_of_stream=false without an after_cursor");
      }
      return new Page(records, rejected, next, !page.endOfStream());
    }
  }

  /** {@code zendesk.users}: the cursor-based Incremental User Export; end users only. */
  static final class Users extends CursorStream {
    Users(ZendeskClient client, ZendeskMapper mapper, ZendeskSettings settings, Clock clock) {
      super(client, mapper, settings, clock);
    }

    @Override
    public String name() {
      return "zendesk.users";
    }

    @Override
    String path() {
      return "/api/v2/incremental/users/cursor.json";
    }

    @Override
    String itemsKey() {
      return "users";
    }

    @Override
    String extraQuery() {
      return "";
    }

    @Override
    void map(ExportPage page, List<CanonicalRecord> records, List<RejectedRecord> rejected) {
      mapAll(page.items(), mapper::user, records, rejected);
    }
  }

  /**
   * {@code zendesk.tickets}: the cursor-based Incremental Ticket Export with the {@code
   * metric_sets} side-load (for {@code solved_at}).
   */
  static final class Tickets extends CursorStream {
    Tickets(ZendeskClient client, ZendeskMapper mapper, ZendeskSettings settings, Clock clock) {
      super(client, mapper, settings, clock);
    }

    @Override
    public String name() {
      return "zendesk.tickets";
    }

    @Override
    String path() {
      return "/api/v2/incremental/tickets/cursor.json";
    }

    @Override
    String itemsKey() {
      return "tickets";
    }

    @Override
    String extraQuery() {
      return "&include=metric_sets";
    }

    @Override
    void map(ExportPage page, List<CanonicalRecord> records, List<RejectedRecord> rejected) {
      mapAll(
          page.items(),
          item ->
              Optional.of(
                  mapper.ticket(
                      item,
                      ZendeskMapper.id(item)
                          .map(id -> page.metricSetsByTicket().get(id))
                          .orElse(null))),
          records,
          rejected);
    }
  }
}
