package dev.retain.connectors.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.retain.connectors.delighted.DelightedConnector;
import dev.retain.connectors.delighted.DelightedSettings;
import dev.retain.connectors.files.FileDropConnector;
import dev.retain.connectors.files.FileDropSettings;
import dev.retain.connectors.files.ProductUsageConnector;
import dev.retain.connectors.files.ProductUsageSettings;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.jdbc.JdbcQuerySettings;
import dev.retain.connectors.jdbc.JdbcQuerySource;
import dev.retain.connectors.mixpanel.MixpanelConnector;
import dev.retain.connectors.mixpanel.MixpanelSettings;
import dev.retain.connectors.qualtrics.QualtricsConnector;
import dev.retain.connectors.qualtrics.QualtricsSettings;
import dev.retain.connectors.salesforce.SalesforceConnector;
import dev.retain.connectors.salesforce.SalesforceSettings;
import dev.retain.connectors.segment.SegmentBatchHandler;
import dev.retain.connectors.segment.SegmentQueue;
import dev.retain.connectors.segment.SegmentSettings;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.zendesk.ZendeskConnector;
import dev.retain.connectors.zendesk.ZendeskSettings;
import dev.retain.model.Entity;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Parse-and-map throughput of every connector against a local server serving full pages (bodies
 * built from the acceptance fixtures, replicated to each vendor's page size), and the heap after GC
 * while 1,000,000 records stream through. Not a test: run it with
 *
 * <pre>
 * java -Xmx512m -cp connectors/target/classes:connectors/target/test-classes:$(cat cp.txt) \
 *   dev.retain.connectors.bench.ConnectorThroughputBenchmark [records] [only]
 * </pre>
 *
 * Records/s is wall time; records per CPU-second divides by the process CPU time, which includes
 * the local server producing the pages (so it is pessimistic for the connector alone).
 */
public final class ConnectorThroughputBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final Map<String, byte[]> bodies = new java.util.concurrent.ConcurrentHashMap<>();
  private static HttpServer server;
  private static String base;

  public static void main(String[] args) throws Exception {
    long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    String only = args.length > 1 ? args[1] : "";
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", ConnectorThroughputBenchmark::serve);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    prepareBodies();
    System.out.printf(
        Locale.ROOT,
        "%-26s %10s %9s %12s %14s %16s %16s%n",
        "connector",
        "records",
        "seconds",
        "records/s",
        "records/cpu-s",
        "heap MB (start)",
        "heap MB (max)");
    HttpSettings http = HttpSettings.DEFAULT;
    List<Runnable> runs = new ArrayList<>();
    if (matches(only, "salesforce")) {
      runs.add(
          () ->
              run(
                  "salesforce.accounts",
                  target,
                  () ->
                      new SalesforceConnector(
                              SalesforceSettings.of(URI.create(base), "3MVG9-bench", "s3cret"))
                          .stream("salesforce.accounts")));
    }
    if (matches(only, "zendesk")) {
      runs.add(
          () ->
              run(
                  "zendesk.tickets",
                  target,
                  () ->
                      new ZendeskConnector(
                              ZendeskSettings.apiToken(
                                      URI.create(base), "bench@acme.example", "tok")
                                  .withPageSize(1000))
                          .tickets()));
    }
    if (matches(only, "delighted")) {
      runs.add(
          () ->
              run(
                  "delighted.survey_responses",
                  target,
                  () ->
                      new DelightedConnector(DelightedSettings.of(URI.create(base), "key"))
                          .surveyResponses()));
    }
    if (matches(only, "qualtrics")) {
      runs.add(
          () ->
              run(
                  "qualtrics.survey_responses",
                  target,
                  () ->
                      new QualtricsConnector(
                              QualtricsSettings.of(URI.create(base), "tok", "SV_bench", "QID1")
                                  .withFields("QID2_TEXT", "AccountId")
                                  .withPageSize(5000))
                          .surveyResponses()));
    }
    if (matches(only, "mixpanel")) {
      runs.add(
          () ->
              run(
                  "mixpanel.usage (events)",
                  target,
                  () -> {
                    MixpanelSettings s =
                        new MixpanelSettings(
                            URI.create(base),
                            "1",
                            "sa",
                            "secret",
                            "company_id",
                            Set.of("Signed In"),
                            Set.of("Report Created"),
                            Set.of(),
                            LocalDate.parse("2000-01-01"),
                            0,
                            http);
                    return new MixpanelConnector(
                            s,
                            new dev.retain.connectors.http.HttpTransport("mixpanel", http),
                            Clock.systemUTC())
                        .usage();
                  },
                  page -> MIXPANEL_EVENTS_PER_DAY));
    }
    if (matches(only, "segment")) {
      runs.add(() -> runSegment(target));
    }
    if (matches(only, "product.usage")) {
      runs.add(() -> runFiles("product.usage (jsonl)", target, true));
    }
    if (matches(only, "files")) {
      runs.add(() -> runFiles("files.accounts (csv)", target, false));
    }
    if (matches(only, "jdbc")) {
      runs.add(() -> runJdbc(target));
    }
    for (Runnable r : runs) {
      r.run();
    }
    server.stop(0);
    System.exit(0);
  }

  private static boolean matches(String only, String name) {
    return only.isEmpty() || name.startsWith(only);
  }

  // ---- measuring

  private static void run(String name, long target, Supplier<SourceStream> streams) {
    run(name, target, streams, page -> page.records().size() + page.rejected().size());
  }

  /** Reads pages until {@code target} records; {@code counter} says how many a page stands for. */
  private static void run(
      String name,
      long target,
      Supplier<SourceStream> streams,
      java.util.function.ToLongFunction<Page> counter) {
    SourceStream stream = streams.get();
    double startHeap = heapAfterGc();
    double maxHeap = startHeap;
    long records = 0;
    long nextSample = 100_000;
    StreamState state = StreamState.INITIAL;
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    while (records < target) {
      Page page = stream.read(state);
      records += counter.applyAsLong(page);
      state = page.next();
      if (page.records().isEmpty() && page.rejected().isEmpty() && !page.hasMore()) {
        break;
      }
      if (records >= nextSample) {
        long t = System.nanoTime();
        maxHeap = Math.max(maxHeap, heapAfterGc());
        t0 += System.nanoTime() - t; // GC for sampling is not the connector's time
        nextSample += 100_000;
      }
    }
    report(
        name, records, System.nanoTime() - t0, OS.getProcessCpuTime() - cpu0, startHeap, maxHeap);
  }

  private static void report(
      String name, long records, long nanos, long cpuNanos, double startHeap, double maxHeap) {
    double seconds = nanos / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-26s %10d %9.2f %12.0f %14.0f %16.1f %16.1f%n",
        name,
        records,
        seconds,
        records / seconds,
        records / (cpuNanos / 1e9),
        startHeap,
        maxHeap);
  }

  private static double heapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / 1024.0 / 1024.0;
  }

  static final int MIXPANEL_EVENTS_PER_DAY = 100_000;

  private static void runSegment(long target) {
    SegmentSettings settings =
        SegmentSettings.of("wk", Set.of("Signed In"), Set.of("Report Created"));
    SegmentQueue queue = new SegmentQueue(settings);
    SegmentBatchHandler handler = new SegmentBatchHandler(settings, queue, Clock.systemUTC());
    String auth =
        "Basic " + Base64.getEncoder().encodeToString("wk:".getBytes(StandardCharsets.UTF_8));
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 100; i++) {
      if (i > 0) {
        batch.append(',');
      }
      if (i % 10 == 0) {
        batch
            .append("{\"type\":\"identify\",\"userId\":\"u-")
            .append(i)
            .append("\",\"timestamp\":" + "\"2024-05-01T09:00:00Z\",\"traits\":{\"email\":\"u")
            .append(i)
            .append("@acme.example\",\"name\":\"User\",\"company\":{\"id\":\"acme-1\"}}}");
      } else {
        batch
            .append("{\"type\":\"track\",\"userId\":\"u-")
            .append(i)
            .append("\",\"event\":\"Report Created\",\"timestamp\":\"2024-05-01T09:0")
            .append(i % 10)
            .append(":00Z\",\"properties\":{\"groupId\":\"acme-")
            .append(i % 7)
            .append("\"},\"context\":{\"library\":{\"name\":\"analytics-java\"}}}");
      }
    }
    byte[] body = batch.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    double startHeap = heapAfterGc();
    double maxHeap = startHeap;
    long calls = 0;
    StreamState state = StreamState.INITIAL;
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    while (calls < target) {
      SegmentBatchHandler.Response r = handler.handle(auth, body);
      if (r.status() != 200) {
        throw new IllegalStateException(r.body());
      }
      calls += 100;
      if (calls % 10_000 == 0) {
        Page page;
        do {
          page = queue.read(state);
          state = page.next();
        } while (page.hasMore());
        queue.read(state);
      }
      if (calls % 200_000 == 0) {
        long t = System.nanoTime();
        maxHeap = Math.max(maxHeap, heapAfterGc());
        t0 += System.nanoTime() - t;
      }
    }
    report(
        "segment (calls)",
        calls,
        System.nanoTime() - t0,
        OS.getProcessCpuTime() - cpu0,
        startHeap,
        maxHeap);
  }

  private static void runFiles(String name, long target, boolean usage) {
    try {
      Path dir = Files.createTempDirectory("retain-bench-files");
      int files = 50;
      long perFile = Math.max(1, target / files);
      for (int f = 0; f < files; f++) {
        LocalDate day = LocalDate.parse("2024-01-01").plusDays(f);
        Path file =
            dir.resolve(
                usage
                    ? ProductUsageConnector.fileName(day)
                    : "accounts-" + String.format("%03d", f) + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
          if (!usage) {
            w.write(
                "id,name,domain,external_id,arr,currency,plan,seats,renewal_date,owner,"
                    + "updated_at\n");
          }
          for (long i = 0; i < perFile; i++) {
            if (usage) {
              w.write(
                  "{\"workspace_id\":\"ws-"
                      + i
                      + "\",\"day\":\""
                      + day
                      + "\",\"logins\":3,"
                      + "\"core_events\":12,\"secondary_events\":4,\"active_seats\":2,"
                      + "\"updated_at\":\""
                      + day
                      + "T23:00:00Z\"}\n");
            } else {
              w.write(
                  "A-"
                      + f
                      + "-"
                      + i
                      + ",\"Acme "
                      + i
                      + ", Inc.\",acme"
                      + i
                      + ".example,001WM"
                      + i
                      + ",120000.50,USD,enterprise,120,2025-01-31,jane@vendor.example,"
                      + "2024-05-01T10:00:00Z\n");
            }
          }
        }
      }
      run(
          name,
          target,
          () ->
              usage
                  ? new ProductUsageConnector(new ProductUsageSettings(dir)).usage()
                  : new FileDropConnector(FileDropSettings.of(dir)).stream(Entity.ACCOUNT));
      try (var list = Files.list(dir)) {
        for (Path p : list.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void runJdbc(long target) {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "create table accounts (id bigint primary key, name text, domain text,"
                + " arr numeric(12,2), updated_at timestamptz not null)");
        s.execute(
            "insert into accounts select g, 'Acme ' || g, 'acme' || g || '.example',"
                + " 1000 + g % 1000, timestamptz '2024-01-01' + (g / 10) * interval '1 second'"
                + " from generate_series(1, "
                + target
                + ") g");
        s.execute("create index on accounts (updated_at, id)");
        s.execute("analyze accounts");
      }
      JdbcQuerySettings settings =
          new JdbcQuerySettings(
              "accounts",
              "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
              "postgres",
              "postgres",
              "billing",
              "select id, name, domain, arr, updated_at from accounts",
              "updated_at",
              "id",
              Entity.ACCOUNT,
              Map.of(),
              1_000,
              10_000);
      run("jdbc (postgres, accounts)", target, () -> new JdbcQuerySource(settings));
    } catch (IOException | java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the local server

  private static void prepareBodies() throws IOException {
    // Salesforce: token, then full pages of 2000 accounts with a nextRecordsUrl
    JsonNode sfPage = fixture("/salesforce/accounts-page1.json");
    ObjectNode sf = JSON.createObjectNode();
    sf.put("totalSize", 1_000_000_000);
    sf.put("done", false);
    sf.put("nextRecordsUrl", "/services/data/v62.0/query/01gBENCH-2000");
    ArrayNode sfRecords = sf.putArray("records");
    for (int i = 0; i < 2000; i++) {
      ObjectNode r = sfPage.get("records").get(i % 2).deepCopy();
      r.put("Id", String.format("001WM%010d", i));
      sfRecords.add(r);
    }
    bodies.put("sf.page", JSON.writeValueAsBytes(sf));
    bodies.put(
        "sf.token",
        new String(readFixture("/salesforce/token.json"), StandardCharsets.UTF_8)
            .replace("INSTANCE_URL", base)
            .getBytes(StandardCharsets.UTF_8));
    // Zendesk: cursor export pages of 1000 tickets
    ObjectNode zd = (ObjectNode) fixture("/zendesk/tickets-page1.json");
    ArrayNode tickets = JSON.createArrayNode();
    for (int i = 0; i < 1000; i++) {
      ObjectNode t = zd.get("tickets").get(i % zd.get("tickets").size()).deepCopy();
      t.put("id", 100_000 + i);
      tickets.add(t);
    }
    zd.set("tickets", tickets);
    zd.put("end_of_stream", false);
    bodies.put("zd.page", JSON.writeValueAsBytes(zd));
    // Delighted: pages of 100 responses (its maximum)
    JsonNode dl = fixture("/delighted/page-start.json");
    ArrayNode dlPage = JSON.createArrayNode();
    for (int i = 0; i < 100; i++) {
      ObjectNode r = dl.get(i % dl.size()).deepCopy();
      r.put("id", Integer.toString(1000 + i));
      r.put("updated_at", 1714550400L + i);
      dlPage.add(r);
    }
    bodies.put("dl.page", JSON.writeValueAsBytes(dlPage));
    // Qualtrics: one export file of 100,000 responses
    JsonNode qx = fixture("/qualtrics/responses-1.json").get("responses");
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
      zip.putNextEntry(new ZipEntry("bench.json"));
      zip.write("{\"responses\":[".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 100_000; i++) {
        ObjectNode r = qx.get(i % 2).deepCopy();
        r.put("responseId", "R_bench" + i);
        zip.write(
            ((i > 0 ? "," : "") + JSON.writeValueAsString(r)).getBytes(StandardCharsets.UTF_8));
      }
      zip.write("]}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    bodies.put("qx.file", zipped.toByteArray());
    bodies.put("qx.start", readFixture("/qualtrics/start-export.json"));
    bodies.put("qx.progress", readFixture("/qualtrics/progress-complete-1.json"));
    // Mixpanel: one day of 100,000 events over 500 accounts, with 1% duplicates
    StringBuilder mp = new StringBuilder();
    for (int i = 0; i < MIXPANEL_EVENTS_PER_DAY; i++) {
      int id = i % 100 == 99 ? i - 1 : i;
      mp.append("{\"event\":\"")
          .append(i % 5 == 0 ? "Signed In" : "Report Created")
          .append("\",\"properties\":{\"time\":")
          .append(1714550000 + id)
          .append(",\"distinct_id\":\"u-")
          .append(id % 5000)
          .append("\",\"$insert_id\":\"i")
          .append(id)
          .append(
              "\",\"mp_processing_time_ms\":1714550001234,\"mp_lib\":\"web\","
                  + "\"$browser\":\"Chrome\",\"company_id\":\"acme-")
          .append(id % 500)
          .append("\"}}\n");
    }
    bodies.put("mp.day", mp.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String key;
      if (path.equals("/services/oauth2/token")) {
        key = "sf.token";
      } else if (path.startsWith("/services/data/")) {
        key = "sf.page";
      } else if (path.startsWith("/api/v2/incremental/tickets")) {
        key = "zd.page";
      } else if (path.startsWith("/v1/survey_responses")) {
        key = "dl.page";
      } else if (path.endsWith("/file")) {
        key = "qx.file";
      } else if (path.endsWith("/export-responses")) {
        key = "qx.start";
      } else if (path.contains("/export-responses/")) {
        key = "qx.progress";
      } else if (path.equals("/api/2.0/export")) {
        key = "mp.day";
      } else {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = bodies.get(key);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static JsonNode fixture(String name) throws IOException {
    return JSON.readTree(readFixture(name));
  }

  private static byte[] readFixture(String name) throws IOException {
    try (InputStream in = ConnectorThroughputBenchmark.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing fixture " + name);
      }
      return in.readAllBytes();
    }
  }

  private ConnectorThroughputBenchmark() {}
}
