package dev.retain.connectors.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Validates one Segment-spec batch ({@code POST /v1/batch} with {@code {"batch": [...]}}) and maps
 * its calls: {@code identify} to a {@link Contact} (its {@code traits.company.id} is the account),
 * {@code group} to an {@link Account}, {@code track} to usage counted per account and day by the
 * {@link SegmentQueue}. {@code page}, {@code screen} and {@code alias} calls are valid Segment
 * calls Retain has no use for; they are accepted and ignored. A batch with one bad call is refused
 * whole (400) with the call's index and field named, so the sender fixes it and sends the batch
 * again.
 *
 * <p>No HTTP types: the server (or a Camel route) passes the Authorization header and the body.
 */
public final class SegmentBatchHandler {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** What to answer: a status and a small JSON body. */
  public record Response(int status, String body, int accepted) {}

  private final SegmentSettings settings;
  private final SegmentQueue queue;
  private final Clock clock;
  private final byte[] expectedAuth;

  public SegmentBatchHandler(SegmentSettings settings, SegmentQueue queue, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.queue = requireNonNull(queue, "queue is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.expectedAuth =
        ("Basic "
                + Base64.getEncoder()
                    .encodeToString((settings.writeKey() + ":").getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
  }

  public Response handle(String authorization, byte[] body) {
    if (authorization == null
        || !MessageDigest.isEqual(
            expectedAuth, authorization.strip().getBytes(StandardCharsets.UTF_8))) {
      return error(401, "Authorization", "missing or wrong write key (Basic auth, key as user)");
    }
    if (body.length > SegmentSettings.MAX_BATCH_BYTES) {
      return error(413, "batch", "the request is larger than 500 KB");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return error(400, "body", "not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return error(400, "body", "unreadable: " + e.getMessage());
    }
    JsonNode batch = root == null ? null : root.get("batch");
    if (batch == null || !batch.isArray()) {
      return error(400, "batch", "missing or not an array");
    }
    List<CanonicalRecord> records = new ArrayList<>();
    List<SegmentQueue.Track> tracks = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < batch.size(); i++) {
      String at = "batch[" + i + "]";
      JsonNode call = batch.get(i);
      try {
        if (!call.isObject()) {
          throw new Invalid(at, "not an object");
        }
        if (call.toString().length() > SegmentSettings.MAX_CALL_BYTES) {
          throw new Invalid(at, "larger than 32 KB");
        }
        map(at, call, now, records, tracks);
      } catch (Invalid e) {
        return error(400, e.field, e.getMessage());
      } catch (IllegalArgumentException e) {
        return error(400, at, e.getMessage());
      }
    }
    if (!queue.offer(records, tracks)) {
      return new Response(
          503, "{\"success\":false,\"message\":\"the ingestion queue is full; retry later\"}", 0);
    }
    return new Response(200, "{\"success\":true}", records.size() + tracks.size());
  }

  private void map(
      String at,
      JsonNode call,
      Instant now,
      List<CanonicalRecord> records,
      List<SegmentQueue.Track> tracks) {
    String type = text(call, "type");
    if (type == null) {
      throw new Invalid(at + ".type", "missing");
    }
    String userId = text(call, "userId");
    String anonymousId = text(call, "anonymousId");
    Instant timestamp = timestamp(at, call, now);
    JsonNode traits = call.path("traits");
    switch (type) {
      case "identify" -> {
        if (userId == null && anonymousId == null) {
          throw new Invalid(at + ".userId", "identify needs userId or anonymousId");
        }
        if (userId == null) {
          return; // an anonymous visitor is not a contact yet
        }
        objectOrAbsent(at + ".traits", traits);
        String company = traits.path("company").path("id").asText(null);
        String email = text(traits, "email");
        if (email != null && email.indexOf('@') < 1) {
          throw new Invalid(at + ".traits.email", "not an email address: " + email);
        }
        String name = text(traits, "name");
        if (name == null
            && (text(traits, "firstName") != null || text(traits, "lastName") != null)) {
          name =
              ((text(traits, "firstName") == null ? "" : text(traits, "firstName"))
                      + " "
                      + (text(traits, "lastName") == null ? "" : text(traits, "lastName")))
                  .strip();
        }
        records.add(
            new Contact(
                ref(userId),
                company == null || company.isBlank() ? null : ref(company),
                name,
                email,
                text(traits, "phone"),
                null,
                timestamp));
      }
      case "group" -> {
        String groupId = text(call, "groupId");
        if (groupId == null) {
          throw new Invalid(at + ".groupId", "missing");
        }
        objectOrAbsent(at + ".traits", traits);
        String name = text(traits, "name");
        if (name == null) {
          throw new Invalid(at + ".traits.name", "missing (an account needs a name)");
        }
        Integer seats = null;
        JsonNode employees = traits.get("employees");
        if (employees != null && !employees.isNull()) {
          if (!employees.canConvertToInt() || employees.asInt() < 0) {
            throw new Invalid(at + ".traits.employees", "not a count: " + employees);
          }
          seats = employees.asInt();
        }
        String website = text(traits, "website");
        records.add(
            new Account(
                ref(groupId),
                name,
                website,
                null,
                null,
                null,
                text(traits, "plan"),
                seats,
                null,
                null,
                timestamp));
      }
      case "track" -> {
        String event = text(call, "event");
        if (event == null) {
          throw new Invalid(at + ".event", "missing");
        }
        if (userId == null && anonymousId == null) {
          throw new Invalid(at + ".userId", "track needs userId or anonymousId");
        }
        JsonNode properties = call.path("properties");
        objectOrAbsent(at + ".properties", properties);
        String account = text(properties, settings.accountProperty());
        if (account == null) {
          account = text(call.path("context"), "groupId");
        }
        if (account == null) {
          return; // unattributed
        }
        String kind = settings.classify(event);
        tracks.add(
            new SegmentQueue.Track(
                text(call, "messageId"),
                account,
                timestamp.atOffset(ZoneOffset.UTC).toLocalDate(),
                userId != null ? userId : anonymousId,
                kind,
                timestamp));
      }
      case "page", "screen", "alias" -> {
        // valid Segment calls that carry nothing Retain reads
      }
      default ->
          throw new Invalid(
              at + ".type", "\"" + type + "\" is not a Segment call type (identify, group, track)");
    }
  }

  private SourceRef ref(String id) {
    return SourceRef.of(settings.system(), id);
  }

  private static Instant timestamp(String at, JsonNode call, Instant now) {
    String value = text(call, "timestamp");
    if (value == null) {
      return now;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new Invalid(at + ".timestamp", "not an ISO-8601 time: " + value);
    }
  }

  private static void objectOrAbsent(String field, JsonNode node) {
    if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
      throw new Invalid(field, "not an object");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || !value.isValueNode()) {
      return null;
    }
    String s = value.asText();
    return s.isBlank() ? null : s.strip();
  }

  private static Response error(int status, String field, String message) {
    var body = MAPPER.createObjectNode();
    body.put("success", false);
    body.put("field", field);
    body.put("message", field + ": " + message);
    return new Response(status, body.toString(), 0);
  }

  /** Used by tests and the server to know the day of a timestamp. */
  static LocalDate day(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static final class Invalid extends RuntimeException {
    final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }
}
