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
import dev.retain.model.Entity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A file drop for every canonical entity: one stream per entity ({@code files.accounts}, {@code
 * files.contacts}, {@code files.subscriptions}, {@code files.tickets}, {@code
 * files.survey_responses}, {@code files.usage}), each reading the files {@code <prefix>-*.csv} or
 * {@code <prefix>-*.jsonl} in name order. CSV files have a header row and are read by column name
 * (commons-csv, RFC 4180); JSON Lines files hold one object per line with the same names. See
 * {@link CanonicalRows} for the columns.
 *
 * <p>State keys: {@value #LAST_FILE} (the last file read to its end), and while a file is read in
 * several pages {@value #FILE} and {@value #ROW} (data rows of it already handed out). A row that
 * cannot be mapped is rejected with its file, row and line number. The producer writes {@code
 * *.partial} and renames; a file that changes after it was read is not read again.
 */
public final class FileDropConnector implements SourceConnector {
  public static final String LAST_FILE = "lastFile";
  public static final String FILE = "file";
  public static final String ROW = "row";

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final CSVFormat CSV =
      CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .setTrim(true)
          .setIgnoreEmptyLines(true)
          .get();

  /** The file prefix of each entity; the stream is {@code files.<prefix>}. */
  public static final Map<Entity, String> PREFIXES =
      Map.of(
          Entity.ACCOUNT, "accounts",
          Entity.CONTACT, "contacts",
          Entity.SUBSCRIPTION, "subscriptions",
          Entity.TICKET, "tickets",
          Entity.SURVEY_RESPONSE, "survey_responses",
          Entity.USAGE_DAILY, "usage");

  private final FileDropSettings settings;
  private final Map<Entity, EntityStream> streams;

  public FileDropConnector(FileDropSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    var map = new java.util.EnumMap<Entity, EntityStream>(Entity.class);
    for (Entity e : Entity.values()) {
      map.put(e, new EntityStream(e));
    }
    this.streams = Map.copyOf(map);
  }

  @Override
  public String system() {
    return settings.system();
  }

  @Override
  public List<SourceStream> streams() {
    return java.util.Arrays.stream(Entity.values())
        .map(e -> (SourceStream) streams.get(e))
        .toList();
  }

  public SourceStream stream(Entity entity) {
    return streams.get(entity);
  }

  @Override
  public CheckResult check() {
    Path dir = settings.directory();
    if (!Files.isDirectory(dir)) {
      return CheckResult.failed(system(), "drop directory " + dir + " does not exist");
    }
    if (!Files.isReadable(dir)) {
      return CheckResult.failed(
          system(), "drop directory " + dir + " is not readable by this process (permissions)");
    }
    StringBuilder summary = new StringBuilder();
    for (Entity e : Entity.values()) {
      List<Path> files = streams.get(e).files();
      for (Path f : files) {
        if (!Files.isReadable(f)) {
          return CheckResult.failed(system(), f + " is not readable by this process");
        }
      }
      if (!files.isEmpty()) {
        summary
            .append(summary.isEmpty() ? "" : ", ")
            .append(files.size())
            .append(' ')
            .append(PREFIXES.get(e))
            .append(" file(s)");
      }
    }
    return CheckResult.ok(
        system(),
        "drop directory "
            + dir
            + " is readable; "
            + (summary.isEmpty() ? "no files yet" : "holds " + summary));
  }

  private final class EntityStream implements SourceStream {
    private final Entity entity;
    private final String name;
    private final Pattern pattern;
    private final CanonicalRows rows;

    EntityStream(Entity entity) {
      this.entity = entity;
      String prefix = PREFIXES.get(entity);
      this.name = "files." + prefix;
      this.pattern = Pattern.compile(Pattern.quote(prefix) + "-[A-Za-z0-9_.-]*\\.(csv|jsonl)");
      this.rows =
          new CanonicalRows(
              settings.system(), entity, settings.columns().getOrDefault(entity, Map.of()));
    }

    @Override
    public String name() {
      return name;
    }

    List<Path> files() {
      Path dir = settings.directory();
      if (!Files.isDirectory(dir)) {
        throw new ConnectorException(
            ConnectorErrorCode.UNREACHABLE, name + ": drop directory " + dir + " does not exist");
      }
      try (Stream<Path> list = Files.list(dir)) {
        return list.filter(p -> pattern.matcher(p.getFileName().toString()).matches())
            .filter(Files::isRegularFile)
            .sorted()
            .toList();
      } catch (IOException e) {
        throw new ConnectorException(
            ConnectorErrorCode.UNAVAILABLE,
            name + ": listing " + dir + " failed: " + e.getMessage(),
            e);
      }
    }

    @Override
    public Page read(StreamState state) {
      String current = state.get(FILE).orElse(null);
      long skip = state.get(ROW).map(Long::parseLong).orElse(0L);
      Path file;
      if (current != null) {
        file = settings.directory().resolve(current);
        if (!Files.isRegularFile(file)) {
          throw new ConnectorException(
              ConnectorErrorCode.UNAVAILABLE,
              name + ": " + current + " was being read and has disappeared");
        }
      } else {
        String after = state.get(LAST_FILE).orElse("");
        List<Path> pending =
            files().stream().filter(p -> p.getFileName().toString().compareTo(after) > 0).toList();
        if (pending.isEmpty()) {
          return new Page(List.of(), List.of(), state, false);
        }
        file = pending.get(0);
        skip = 0;
      }
      String fileName = file.getFileName().toString();
      List<CanonicalRecord> records = new ArrayList<>();
      List<RejectedRecord> rejected = new ArrayList<>();
      boolean more =
          fileName.endsWith(".csv")
              ? readCsv(file, skip, records, rejected)
              : readJsonl(file, skip, records, rejected);
      long handed = skip + records.size() + rejected.size();
      if (more) {
        return new Page(
            records, rejected, state.with(FILE, fileName).with(ROW, Long.toString(handed)), true);
      }
      StreamState next = state.without(FILE).without(ROW).with(LAST_FILE, fileName);
      boolean others =
          files().stream().anyMatch(p -> p.getFileName().toString().compareTo(fileName) > 0);
      return new Page(records, rejected, next, others);
    }

    private boolean readCsv(
        Path file, long skip, List<CanonicalRecord> records, List<RejectedRecord> rejected) {
      String fileName = file.getFileName().toString();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          CSVParser parser = CSV.parse(reader)) {
        List<String> header = parser.getHeaderNames();
        for (String required : rows.requiredColumns()) {
          boolean usageAlias =
              entity == Entity.USAGE_DAILY
                  && required.equals("account_id")
                  && (header.contains(rows.column("account_id"))
                      || header.contains("workspace_id"));
          if (!header.contains(required) && !usageAlias) {
            throw new ConnectorException(
                ConnectorErrorCode.MALFORMED_RESPONSE,
                name
                    + ": "
                    + fileName
                    + ": the header has no column '"
                    + required
                    + "' (header: "
                    + header
                    + ")");
          }
        }
        Iterator<CSVRecord> it = parser.iterator();
        long index = 0;
        while (it.hasNext()) {
          CSVRecord record;
          try {
            record = it.next();
          } catch (UncheckedIOException e) {
            throw new ConnectorException(
                ConnectorErrorCode.MALFORMED_RESPONSE,
                name
                    + ": "
                    + fileName
                    + " near line "
                    + parser.getCurrentLineNumber()
                    + " is not valid CSV: "
                    + e.getCause().getMessage());
          }
          if (index++ < skip) {
            continue;
          }
          if (records.size() + rejected.size() >= settings.pageSize()) {
            return true;
          }
          java.util.function.Function<String, String> get =
              c -> record.isMapped(c) && record.isSet(c) ? record.get(c) : null;
          try {
            records.add(rows.map(get));
          } catch (IllegalArgumentException | NullPointerException e) {
            String payload;
            try {
              payload = MAPPER.writeValueAsString(record.toMap());
            } catch (JsonProcessingException j) {
              payload = String.join(",", record.values());
            }
            rejected.add(
                new RejectedRecord(
                    name,
                    rows.idOf(get),
                    payload,
                    fileName
                        + " row "
                        + record.getRecordNumber()
                        + " (line "
                        + (record.getCharacterPosition() < 0 ? "?" : lineOf(parser, record))
                        + "): "
                        + e.getMessage()));
          }
        }
        return false;
      } catch (IOException | UncheckedIOException e) {
        throw new ConnectorException(
            ConnectorErrorCode.UNAVAILABLE, name + ": reading " + file + " failed: " + e, e);
      } catch (IllegalArgumentException e) {
        throw new ConnectorException(
            ConnectorErrorCode.MALFORMED_RESPONSE,
            name + ": " + fileName + ": the header is not usable: " + e.getMessage());
      }
    }

    private boolean readJsonl(
        Path file, long skip, List<CanonicalRecord> records, List<RejectedRecord> rejected) {
      String fileName = file.getFileName().toString();
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        long lineNumber = 0;
        long index = 0;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (line.isBlank()) {
            continue;
          }
          if (index++ < skip) {
            continue;
          }
          if (records.size() + rejected.size() >= settings.pageSize()) {
            return true;
          }
          String id = null;
          try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
              throw new IllegalArgumentException("not a JSON object");
            }
            java.util.function.Function<String, String> get =
                c -> {
                  JsonNode v = node.get(c);
                  return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
                };
            id = rows.idOf(get);
            records.add(rows.map(get));
          } catch (JsonProcessingException e) {
            rejected.add(
                new RejectedRecord(
                    name,
                    null,
                    line,
                    fileName
                        + " line "
                        + lineNumber
                        + ": not valid JSON: "
                        + e.getOriginalMessage()));
          } catch (IllegalArgumentException | NullPointerException e) {
            rejected.add(
                new RejectedRecord(
                    name, id, line, fileName + " line " + lineNumber + ": " + e.getMessage()));
          }
        }
        return false;
      } catch (IOException e) {
        throw new ConnectorException(
            ConnectorErrorCode.UNAVAILABLE, name + ": reading " + file + " failed: " + e, e);
      }
    }
  }

  /** The physical line a CSV record starts on (header on line 1, quoted newlines counted). */
  private static String lineOf(CSVParser parser, CSVRecord record) {
    // commons-csv reports the line number after the record was read; for records without quoted
    // newlines that is the record's own line
    return Long.toString(parser.getCurrentLineNumber());
  }
}
