package dev.retain.connectors.files;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The product's daily usage, dropped as JSON Lines files {@code usage-YYYY-MM-DD.jsonl} in one
 * directory, one {@link UsageDaily} per line: {@code {"workspace_id", "day", "logins",
 * "core_events", "secondary_events", "active_seats", "updated_at"}}.
 *
 * <p>The stream {@code product.usage} reads one whole file per page, in name order, after the file
 * named by the state key {@value #STATE_LAST_FILE}. Only complete files are read: the producer
 * writes {@code *.partial} and renames, and any name that does not match the pattern is ignored. A
 * file that changes after it was read is not read again. A line that cannot be mapped goes to the
 * rejected list with its file and line number; the rest of the file carries on.
 *
 * <p>A record's source id is {@link #usageId(String, LocalDate) workspace_id:day}; its account is
 * the workspace id.
 */
public final class ProductUsageConnector implements SourceConnector {
  public static final String SYSTEM = "product";
  public static final String STREAM = "product.usage";
  public static final String STATE_LAST_FILE = "lastFile";

  private static final Pattern FILE = Pattern.compile("usage-\\d{4}-\\d{2}-\\d{2}\\.jsonl");
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final ProductUsageSettings settings;
  private final UsageStream stream = new UsageStream();

  public ProductUsageConnector(ProductUsageSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  /** The source id of one workspace's usage on one day. */
  public static String usageId(String workspaceId, LocalDate day) {
    return workspaceId + ":" + day;
  }

  /** The file name that holds one day's usage. */
  public static String fileName(LocalDate day) {
    return "usage-" + day + ".jsonl";
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

  @Override
  public CheckResult check() {
    Path dir = settings.directory();
    if (!Files.isDirectory(dir)) {
      return CheckResult.failed(SYSTEM, "usage directory " + dir + " does not exist");
    }
    if (!Files.isReadable(dir)) {
      return CheckResult.failed(
          SYSTEM, "usage directory " + dir + " is not readable by this process (permissions)");
    }
    try {
      List<Path> files = completeFiles();
      if (files.isEmpty()) {
        return CheckResult.ok(SYSTEM, "usage directory " + dir + " is readable; no files yet");
      }
      Path first = files.get(0);
      if (!Files.isReadable(first)) {
        return CheckResult.failed(SYSTEM, first + " is not readable by this process");
      }
      return CheckResult.ok(
          SYSTEM,
          "usage directory "
              + dir
              + " holds "
              + files.size()
              + " complete file(s), "
              + first.getFileName()
              + " to "
              + files.get(files.size() - 1).getFileName());
    } catch (ConnectorException e) {
      return CheckResult.failed(SYSTEM, e.getMessage());
    }
  }

  private List<Path> completeFiles() {
    Path dir = settings.directory();
    if (!Files.isDirectory(dir)) {
      throw new ConnectorException(
          ConnectorErrorCode.UNREACHABLE, "product: usage directory " + dir + " does not exist");
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE,
          "product: listing usage directory " + dir + " failed: " + e.getMessage(),
          e);
    }
  }

  private final class UsageStream implements SourceStream {
    @Override
    public String name() {
      return STREAM;
    }

    @Override
    public Page read(StreamState state) {
      String after = state.get(STATE_LAST_FILE).orElse("");
      List<Path> pending =
          completeFiles().stream()
              .filter(p -> p.getFileName().toString().compareTo(after) > 0)
              .toList();
      if (pending.isEmpty()) {
        return new Page(List.of(), List.of(), state, false);
      }
      Path file = pending.get(0);
      String name = file.getFileName().toString();
      List<CanonicalRecord> records = new ArrayList<>();
      List<RejectedRecord> rejected = new ArrayList<>();
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          try {
            records.add(map(line));
          } catch (IllegalArgumentException | NullPointerException e) {
            rejected.add(
                new RejectedRecord(
                    STREAM, null, line, name + " line " + number + ": " + e.getMessage()));
          }
        }
      } catch (IOException e) {
        throw new ConnectorException(
            ConnectorErrorCode.UNAVAILABLE,
            "product: reading " + file + " failed: " + e.getMessage(),
            e);
      }
      return new Page(records, rejected, state.with(STATE_LAST_FILE, name), pending.size() > 1);
    }
  }

  private static UsageDaily map(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String workspace = text(node, "workspace_id");
    LocalDate day;
    try {
      day = LocalDate.parse(text(node, "day"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field 'day': expected yyyy-MM-dd, got \"" + node.get("day").asText() + "\"");
    }
    Instant updatedAt;
    try {
      updatedAt = OffsetDateTime.parse(text(node, "updated_at")).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field 'updated_at': expected an ISO-8601 timestamp, got \""
              + node.get("updated_at").asText()
              + "\"");
    }
    return new UsageDaily(
        SourceRef.of(SYSTEM, usageId(workspace, day)),
        SourceRef.of(SYSTEM, workspace),
        day,
        count(node, "logins"),
        count(node, "core_events"),
        count(node, "secondary_events"),
        count(node, "active_seats"),
        updatedAt);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or empty");
    }
    return value.asText().strip();
  }

  private static int count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(
          "field '" + field + "': expected a whole number, got " + value);
    }
    if (value.intValue() < 0) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be >= 0, got " + value.intValue());
    }
    return value.intValue();
  }
}
