package dev.retain.connectors.qualtrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.retain.model.SurveyResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Qualtrics NPS responses through the response export API: {@code POST
 * /API/v3/surveys/{surveyId}/export-responses} ({@code format=json}, {@code allowContinuation} on
 * the first export, {@code continuationToken} afterwards), {@code GET
 * .../export-responses/{progressId}} until {@code status} is {@code complete}, then {@code GET
 * .../export-responses/{fileId}/file}, a ZIP holding one JSON document {@code {"responses": [...]}}
 * that is parsed as a stream.
 *
 * <p>One stream, {@code qualtrics.survey_responses}. State keys: {@value #CONTINUATION_TOKEN} (the
 * token the next export starts from; absent before the first export), and while an export is being
 * handed out page by page {@value #FILE_ID}, {@value #SKIP} (responses of that file already handed
 * out) and {@value #NEXT_TOKEN} (the token that export returned, committed when its last page has
 * landed). The downloaded file is kept in one temporary file, so memory stays flat whatever the
 * export's size; a restart downloads the file again by its id.
 */
public final class QualtricsConnector implements SourceConnector {
  public static final String SYSTEM = "qualtrics";
  public static final String STREAM = "qualtrics.survey_responses";
  public static final String CONTINUATION_TOKEN = "continuationToken";
  public static final String FILE_ID = "fileId";
  public static final String SKIP = "skip";
  public static final String NEXT_TOKEN = "nextContinuationToken";

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final QualtricsSettings settings;
  private final HttpTransport transport;
  private final HttpTransport.Sleeper sleeper;
  private final Stream stream = new Stream();
  private Path cachedFile;
  private String cachedFileId;

  public QualtricsConnector(QualtricsSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()), d -> Thread.sleep(d.toMillis()));
  }

  /**
   * @param sleeper waits between progress polls (tests pass one that records)
   */
  public QualtricsConnector(
      QualtricsSettings settings, HttpTransport transport, HttpTransport.Sleeper sleeper) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(stream);
  }

  public SourceStream surveyResponses() {
    return stream;
  }

  @Override
  public CheckResult check() {
    try {
      JsonNode me = json(get("/API/v3/whoami"), "GET /API/v3/whoami");
      String user = me.path("result").path("userName").asText("?");
      JsonNode survey =
          json(
              get("/API/v3/surveys/" + enc(settings.surveyId())),
              "GET /API/v3/surveys/" + settings.surveyId());
      return CheckResult.ok(
          SYSTEM,
          "authenticated at "
              + settings.baseUrl()
              + " as "
              + user
              + "; survey "
              + settings.surveyId()
              + " ("
              + survey.path("result").path("name").asText("?")
              + ") is readable");
    } catch (ConnectorException e) {
      String detail = e.getMessage();
      String message =
          switch (e.code()) {
            case AUTHENTICATION_FAILED ->
                "credentials rejected: Qualtrics did not accept the API token: " + detail;
            case PERMISSION_DENIED ->
                "authenticated, but the token may not read survey "
                    + settings.surveyId()
                    + " or export responses: "
                    + detail;
            case UNREACHABLE ->
                "host not reachable (DNS, firewall, proxy or TLS; check baseUrl "
                    + settings.baseUrl()
                    + "): "
                    + detail;
            case RATE_LIMITED -> "rate limited by Qualtrics; try again later: " + detail;
            case UNAVAILABLE -> "Qualtrics is unavailable: " + detail;
            case MALFORMED_RESPONSE ->
                "the server at "
                    + settings.baseUrl()
                    + " does not answer like Qualtrics (wrong data centre URL?): "
                    + detail;
            case REQUEST_REJECTED ->
                detail.contains(" 404 ")
                    ? "survey " + settings.surveyId() + " was not found: " + detail
                    : "Qualtrics rejected the request: " + detail;
          };
      return CheckResult.failed(SYSTEM, message);
    }
  }

  private final class Stream implements SourceStream {
    @Override
    public String name() {
      return STREAM;
    }

    @Override
    public Page read(StreamState state) {
      String fileId = state.get(FILE_ID).orElse(null);
      long skip = state.get(SKIP).map(v -> number(v, SKIP)).orElse(0L);
      String nextToken = state.get(NEXT_TOKEN).orElse(null);
      if (fileId == null) {
        Export export = export(state.get(CONTINUATION_TOKEN).orElse(null));
        fileId = export.fileId();
        nextToken = export.continuationToken();
        skip = 0;
      }
      Path file = download(fileId);
      List<CanonicalRecord> records = new ArrayList<>();
      List<RejectedRecord> rejected = new ArrayList<>();
      boolean more = readPage(file, fileId, skip, records, rejected);
      long handed = skip + records.size() + rejected.size();
      if (more) {
        StreamState next =
            state
                .with(FILE_ID, fileId)
                .with(SKIP, Long.toString(handed))
                .with(NEXT_TOKEN, nextToken);
        return new Page(records, rejected, next, true);
      }
      StreamState next = state.without(FILE_ID).without(SKIP).without(NEXT_TOKEN);
      if (nextToken != null) {
        next = next.with(CONTINUATION_TOKEN, nextToken);
      }
      return new Page(records, rejected, next, false);
    }
  }

  // --- export: start, poll, download

  record Export(String fileId, String continuationToken) {}

  private Export export(String continuationToken) {
    String base = "/API/v3/surveys/" + enc(settings.surveyId()) + "/export-responses";
    ObjectNode body = MAPPER.createObjectNode();
    body.put("format", "json");
    body.put("compress", true);
    body.put("useLabels", false);
    if (continuationToken == null) {
      body.put("allowContinuation", true);
    } else {
      body.put("continuationToken", continuationToken);
    }
    String what =
        "POST "
            + base
            + (continuationToken == null
                ? " (first export)"
                : " from continuation token " + abbreviate(continuationToken));
    JsonNode started =
        json(
            HttpRequest.newBuilder(uri(base))
                .header("X-API-TOKEN", settings.apiToken())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            what);
    String progressId = started.path("result").path("progressId").asText(null);
    if (progressId == null || progressId.isBlank()) {
      throw malformed(what, "no result.progressId in " + abbreviate(started.toString()));
    }
    for (int poll = 1; poll <= settings.maxPolls(); poll++) {
      String pollWhat = "GET " + base + "/" + progressId + " (poll " + poll + ")";
      JsonNode progress = json(get(base + "/" + enc(progressId)), pollWhat).path("result");
      String status = progress.path("status").asText("");
      switch (status) {
        case "complete" -> {
          String fileId = progress.path("fileId").asText(null);
          if (fileId == null || fileId.isBlank()) {
            throw malformed(pollWhat, "status complete without result.fileId");
          }
          String token = progress.path("continuationToken").asText(null);
          return new Export(fileId, token == null || token.isBlank() ? continuationToken : token);
        }
        case "failed" ->
            throw new ConnectorException(
                ConnectorErrorCode.UNAVAILABLE,
                "qualtrics: export "
                    + progressId
                    + " of survey "
                    + settings.surveyId()
                    + " failed: "
                    + abbreviate(progress.toString())
                    + "; the next run starts it again");
        case "inProgress" -> pause();
        default ->
            throw malformed(pollWhat, "result.status is \"" + status + "\", not a known status");
      }
    }
    throw new ConnectorException(
        ConnectorErrorCode.UNAVAILABLE,
        "qualtrics: export "
            + progressId
            + " of survey "
            + settings.surveyId()
            + " did not complete after "
            + settings.maxPolls()
            + " polls; the next run starts it again");
  }

  private synchronized Path download(String fileId) {
    if (fileId.equals(cachedFileId) && cachedFile != null && Files.exists(cachedFile)) {
      return cachedFile;
    }
    String path =
        "/API/v3/surveys/"
            + enc(settings.surveyId())
            + "/export-responses/"
            + enc(fileId)
            + "/file";
    HttpResponse<InputStream> response = transport.send(get(path), "GET " + path);
    try (InputStream in = response.body()) {
      Path file =
          cachedFile == null ? Files.createTempFile("retain-qualtrics-", ".zip") : cachedFile;
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      cachedFile = file;
      cachedFileId = fileId;
      return file;
    } catch (IOException e) {
      cachedFileId = null;
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE,
          "qualtrics: GET " + path + ": downloading the export failed: " + e.getMessage(),
          e);
    }
  }

  /** An open export file positioned inside its {@code responses} array, after {@code index}. */
  private static final class Cursor implements AutoCloseable {
    final String fileId;
    final ZipInputStream zip;
    final JsonParser parser;
    final String where;
    long index;

    /** Whether the parser stands on the START_OBJECT of response {@code index} already. */
    boolean pending;

    Cursor(String fileId, ZipInputStream zip, JsonParser parser, String where) {
      this.fileId = fileId;
      this.zip = zip;
      this.parser = parser;
      this.where = where;
    }

    @Override
    public void close() throws IOException {
      parser.close();
      zip.close();
    }
  }

  /** Kept between pages so the next page continues where this one stopped. */
  private Cursor cursor;

  /** Reads up to pageSize responses after {@code skip}; returns whether more remain. */
  private synchronized boolean readPage(
      Path file,
      String fileId,
      long skip,
      List<CanonicalRecord> records,
      List<RejectedRecord> rejected) {
    String what = "export file " + fileId + " of survey " + settings.surveyId();
    try {
      if (cursor == null || !cursor.fileId.equals(fileId) || cursor.index != skip) {
        closeCursor();
        cursor = open(file, fileId, what);
      }
      Cursor c = cursor;
      JsonParser p = c.parser;
      JsonToken t;
      while ((t = c.pending ? JsonToken.START_OBJECT : p.nextToken()) != JsonToken.END_ARRAY) {
        c.pending = false;
        if (t != JsonToken.START_OBJECT) {
          throw malformed(c.where, "responses[" + c.index + "] is not an object");
        }
        if (c.index < skip) {
          p.skipChildren();
          c.index++;
          continue;
        }
        JsonNode node = p.readValueAsTree();
        map(node, c.index, records, rejected);
        c.index++;
        if (records.size() + rejected.size() >= settings.pageSize()) {
          JsonToken next = p.nextToken();
          if (next == JsonToken.END_ARRAY) {
            closeCursor();
            return false;
          }
          if (next != JsonToken.START_OBJECT) {
            throw malformed(c.where, "responses[" + c.index + "] is not an object");
          }
          c.pending = true; // the next page starts here without reopening the file
          return true;
        }
      }
      closeCursor();
      return false;
    } catch (JsonProcessingException e) {
      closeQuietly();
      throw malformed(what, "not valid JSON: " + e.getOriginalMessage());
    } catch (java.util.zip.ZipException e) {
      closeQuietly();
      throw malformed(what, "not a valid ZIP: " + e.getMessage());
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("qualtrics: reading " + what + " failed", e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private Cursor open(Path file, String fileId, String what) throws IOException {
    ZipInputStream zip = new ZipInputStream(Files.newInputStream(file));
    try {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null && !entry.getName().endsWith(".json")) {
        // skip anything that is not the JSON document
      }
      if (entry == null) {
        throw malformed(what, "the ZIP holds no .json file");
      }
      String where = what + " (" + entry.getName() + ")";
      JsonParser p = MAPPER.createParser(zip);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed(where, "expected a JSON object with a \"responses\" array");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken value = p.nextToken();
        if (!field.equals("responses")) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw malformed(where, "\"responses\" is not an array");
        }
        return new Cursor(fileId, zip, p, where);
      }
      throw malformed(where, "no \"responses\" array");
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private void closeCursor() throws IOException {
    if (cursor != null) {
      Cursor c = cursor;
      cursor = null;
      c.close();
    }
  }

  private void closeQuietly() {
    try {
      closeCursor();
    } catch (IOException ignored) {
      // the original failure is what matters
    }
  }

  private void map(
      JsonNode node, long index, List<CanonicalRecord> records, List<RejectedRecord> rejected) {
    String id = node.path("responseId").isTextual() ? node.get("responseId").asText() : null;
    try {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("field 'responseId' is missing or empty");
      }
      JsonNode values = node.get("values");
      if (values == null || !values.isObject()) {
        throw new IllegalArgumentException("field 'values' is missing or not an object");
      }
      Instant recorded = instant(values, "recordedDate");
      Instant ended = values.hasNonNull("endDate") ? instant(values, "endDate") : recorded;
      String q = settings.npsQuestionId();
      JsonNode score = values.get(q);
      if (score == null || score.isNull()) {
        throw new IllegalArgumentException(
            "field 'values." + q + "' is missing (the NPS question was not answered)");
      }
      int value;
      if (score.isIntegralNumber()) {
        value = score.intValue();
      } else if (score.isTextual() && score.asText().strip().matches("\\d{1,2}")) {
        value = Integer.parseInt(score.asText().strip());
      } else {
        throw new IllegalArgumentException(
            "field 'values." + q + "': expected a whole number 0..10, got " + score);
      }
      if (value < 0 || value > 10) {
        throw new IllegalArgumentException(
            "field 'values." + q + "': " + value + " is not an NPS score 0..10");
      }
      String email = text(values, "recipientEmail");
      String reference = text(values, "externalDataReference");
      records.add(
          new SurveyResponse(
              SourceRef.of(SYSTEM, id),
              reference == null ? null : SourceRef.of(SYSTEM, reference),
              email,
              settings.accountIdField() == null ? null : text(values, settings.accountIdField()),
              value,
              settings.commentQuestionId() == null
                  ? null
                  : text(values, settings.commentQuestionId()),
              ended,
              recorded));
    } catch (IllegalArgumentException e) {
      rejected.add(
          new RejectedRecord(
              STREAM, id, node.toString(), "responses[" + index + "]: " + e.getMessage()));
    }
  }

  private static Instant instant(JsonNode values, String field) {
    JsonNode value = values.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field 'values." + field + "' is missing");
    }
    try {
      return OffsetDateTime.parse(value.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field 'values."
              + field
              + "': expected an ISO-8601 time, got \""
              + value.asText()
              + "\"");
    }
  }

  private static String text(JsonNode values, String field) {
    JsonNode value = values.get(field);
    return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
  }

  // --- helpers

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(uri(path))
        .header("X-API-TOKEN", settings.apiToken())
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  private URI uri(String path) {
    return URI.create(settings.baseUrl() + path);
  }

  private JsonNode json(HttpRequest request, String what) {
    String body = transport.sendForString(request, what);
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw malformed(what, "expected a JSON object with \"result\" and \"meta\"");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw malformed(what, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private void pause() {
    try {
      sleeper.sleep(settings.pollInterval());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(ConnectorErrorCode.UNAVAILABLE, "qualtrics: interrupted", e);
    }
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static long number(String value, String key) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          STREAM + ": state key " + key + " is not a whole number: " + value, e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static ConnectorException malformed(String what, String problem) {
    return new ConnectorException(
        ConnectorErrorCode.MALFORMED_RESPONSE,
        "qualtrics: " + what + ": not the documented response export shape: " + problem);
  }
}
