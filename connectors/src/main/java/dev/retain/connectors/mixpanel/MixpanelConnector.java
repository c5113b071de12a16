package dev.retain.connectors.mixpanel;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.UsageDaily;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Mixpanel product usage from the raw event export: {@code GET /api/2.0/export?project_id&from_date
 * &to_date} (one UTC day per request), JSON Lines streamed line by line, service-account Basic
 * auth.
 *
 * <p>The export applies no de-duplication, so events are de-duplicated within the day on {@code
 * $insert_id} together with event name and {@code distinct_id} (as Mixpanel recommends); an event
 * without {@code $insert_id} falls back to event name, {@code distinct_id} and {@code time}. Events
 * are then counted per account (the configured property) into one {@link UsageDaily} per account
 * and day; {@code activeSeats} is the number of distinct {@code distinct_id}s.
 *
 * <p>One stream, {@code mixpanel.usage}; one page per day. State key {@value #LAST_DAY}: the last
 * complete day read. A day is complete {@code lagDays} after it ends in UTC; the stream never reads
 * an incomplete day. Memory holds one day's insert ids and per-account counters, never the events.
 */
public final class MixpanelConnector implements SourceConnector {
  public static final String SYSTEM = "mixpanel";
  public static final String STREAM = "mixpanel.usage";
  public static final String LAST_DAY = "lastDay";

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final MixpanelSettings settings;
  private final HttpTransport transport;
  private final Clock clock;
  private final String authorization;
  private final Stream stream = new Stream();

  public MixpanelConnector(MixpanelSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()), Clock.systemUTC());
  }

  public MixpanelConnector(MixpanelSettings settings, HttpTransport transport, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (settings.serviceAccountUser() + ":" + settings.serviceAccountSecret())
                        .getBytes(StandardCharsets.UTF_8));
  }

  /** The source id of one account's usage on one day. */
  public static String usageId(String account, LocalDate day) {
    return account + ":" + day;
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(stream);
  }

  public SourceStream usage() {
    return stream;
  }

  /** The latest day whose events are complete now. */
  public LocalDate lastCompleteDay() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1L + settings.lagDays());
  }

  @Override
  public CheckResult check() {
    LocalDate day = lastCompleteDay();
    try {
      HttpResponse<InputStream> response =
          transport.send(request(day, 1), "GET /api/2.0/export for " + day + " (limit 1)");
      try (InputStream in = response.body()) {
        in.readNBytes(4096);
      }
      return CheckResult.ok(
          SYSTEM,
          "authenticated at "
              + settings.baseUrl()
              + " as "
              + settings.serviceAccountUser()
              + "; raw export of project "
              + settings.projectId()
              + " is readable");
    } catch (IOException e) {
      return CheckResult.failed(SYSTEM, "Mixpanel answered, but reading failed: " + e);
    } catch (ConnectorException e) {
      String detail = e.getMessage();
      return CheckResult.failed(
          SYSTEM,
          switch (e.code()) {
            case AUTHENTICATION_FAILED ->
                "credentials rejected: check mixpanel.serviceAccountUser and"
                    + " mixpanel.serviceAccountSecret: "
                    + detail;
            case PERMISSION_DENIED ->
                "authenticated, but the service account is not a member of project "
                    + settings.projectId()
                    + " or lacks the export permission: "
                    + detail;
            case UNREACHABLE ->
                "host not reachable (DNS, firewall, proxy or TLS; check baseUrl "
                    + settings.baseUrl()
                    + "): "
                    + detail;
            case RATE_LIMITED ->
                "rate limited by Mixpanel (60 export queries per hour); try again later: " + detail;
            case UNAVAILABLE -> "Mixpanel is unavailable: " + detail;
            case MALFORMED_RESPONSE ->
                settings.baseUrl() + " does not answer like Mixpanel: " + detail;
            case REQUEST_REJECTED -> "Mixpanel rejected the request: " + detail;
          });
    }
  }

  private final class Stream implements SourceStream {
    @Override
    public String name() {
      return STREAM;
    }

    @Override
    public Page read(StreamState state) {
      LocalDate day =
          state
              .get(LAST_DAY)
              .map(MixpanelConnector::parseDay)
              .map(d -> d.plusDays(1))
              .orElse(settings.startDate());
      LocalDate last = lastCompleteDay();
      if (day.isAfter(last)) {
        return new Page(List.of(), List.of(), state, false);
      }
      List<RejectedRecord> rejected = new ArrayList<>();
      List<CanonicalRecord> records = readDay(day, rejected);
      return new Page(records, rejected, state.with(LAST_DAY, day.toString()), day.isBefore(last));
    }
  }

  private static LocalDate parseDay(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          STREAM + ": state key " + LAST_DAY + " is not a yyyy-MM-dd day: " + value, e);
    }
  }

  private HttpRequest request(LocalDate day, int limit) {
    String query =
        "project_id="
            + URLEncoder.encode(settings.projectId(), StandardCharsets.UTF_8)
            + "&from_date="
            + day
            + "&to_date="
            + day
            + (limit > 0 ? "&limit=" + limit : "");
    return HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/2.0/export?" + query))
        .header("Authorization", authorization)
        .header("Accept", "text/plain")
        .GET()
        .build();
  }

  /** Per-account counters for one day. */
  private static final class Counters {
    int logins;
    int core;
    int secondary;
    final Set<String> users = new HashSet<>();
  }

  private List<CanonicalRecord> readDay(LocalDate day, List<RejectedRecord> rejected) {
    String what = "GET /api/2.0/export for " + day;
    HttpResponse<InputStream> response = transport.send(request(day, 0), what);
    Map<String, Counters> accounts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    long lineNumber = 0;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          throw new ConnectorException(
              ConnectorErrorCode.MALFORMED_RESPONSE,
              "mixpanel: "
                  + what
                  + ": line "
                  + lineNumber
                  + " is not a JSON event (truncated export?): "
                  + e.getOriginalMessage());
        }
        try {
          count(node, seen, accounts);
        } catch (IllegalArgumentException e) {
          rejected.add(
              new RejectedRecord(
                  STREAM, null, line, day + " line " + lineNumber + ": " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE,
          "mixpanel: " + what + ": reading the export failed at line " + lineNumber + ": " + e,
          e);
    }
    var updatedAt = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<CanonicalRecord> records = new ArrayList<>(accounts.size());
    accounts.forEach(
        (account, c) ->
            records.add(
                new UsageDaily(
                    SourceRef.of(SYSTEM, usageId(account, day)),
                    SourceRef.of(SYSTEM, account),
                    day,
                    c.logins,
                    c.core,
                    c.secondary,
                    c.users.size(),
                    updatedAt)));
    return records;
  }

  private void count(JsonNode node, Set<String> seen, Map<String, Counters> accounts) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode event = node.get("event");
    if (event == null || !event.isTextual() || event.asText().isBlank()) {
      throw new IllegalArgumentException("field 'event' is missing or empty");
    }
    JsonNode props = node.get("properties");
    if (props == null || !props.isObject()) {
      throw new IllegalArgumentException("field 'properties' is missing or not an object");
    }
    JsonNode time = props.get("time");
    if (time == null || !time.isNumber()) {
      throw new IllegalArgumentException("field 'properties.time' is missing or not a number");
    }
    String user = props.path("distinct_id").asText("");
    JsonNode insertId = props.get("$insert_id");
    String key =
        event.asText()
            + '\u0000'
            + user
            + '\u0000'
            + (insertId != null && insertId.isValueNode() && !insertId.isNull()
                ? insertId.asText()
                : "t" + time.asText());
    if (!seen.add(key)) {
      return; // a duplicate delivery of the same event
    }
    JsonNode account = props.get(settings.accountProperty());
    if (account == null || account.isNull()) {
      return; // unattributed: an event outside any account (anonymous visitors)
    }
    if (!account.isValueNode() || account.asText().isBlank()) {
      throw new IllegalArgumentException(
          "field 'properties." + settings.accountProperty() + "': expected an id, got " + account);
    }
    String kind = settings.classify(event.asText());
    Counters c = accounts.computeIfAbsent(account.asText(), a -> new Counters());
    if (!user.isEmpty()) {
      c.users.add(user);
    }
    if (kind == null) {
      return;
    }
    switch (kind) {
      case "login" -> c.logins++;
      case "core" -> c.core++;
      default -> c.secondary++;
    }
  }
}
