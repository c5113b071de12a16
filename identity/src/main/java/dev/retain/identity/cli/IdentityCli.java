package dev.retain.identity.cli;

import dev.retain.identity.IdentityEngine;
import dev.retain.identity.IdentityRecord;
import dev.retain.identity.PairwiseMetrics;
import dev.retain.identity.RecordKey;
import dev.retain.identity.Resolution;
import dev.retain.identity.StableIds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The command line.
 *
 * <pre>
 * dedupe --mapping map.yaml [--out DIR] [--crosswalk ids.csv] file.csv
 * link   --mapping map.yaml [--out DIR] [--crosswalk ids.csv] left.csv right.csv
 * </pre>
 *
 * Writes {@code clusters.csv}, {@code links.csv} (every link with its reason), {@code review.csv},
 * {@code unmatched.csv} and {@code model.txt} into the output directory; with a truth column it
 * prints pairwise precision, recall and F1 and cluster-level figures. With {@code --crosswalk} the
 * file's customer ids are kept stable and updated, and {@code lineage.csv} lists merges and splits.
 */
public final class IdentityCli {
  private IdentityCli() {}

  public static void main(String[] args) throws IOException {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    if (args.length == 0 || !(args[0].equals("dedupe") || args[0].equals("link"))) {
      err.println(
          "usage: dedupe --mapping map.yaml [--out DIR] [--crosswalk ids.csv] file.csv\n"
              + "       link   --mapping map.yaml [--out DIR] [--crosswalk ids.csv] a.csv b.csv");
      return 2;
    }
    boolean link = args[0].equals("link");
    Path mappingFile = null;
    Path outDir = Path.of("identity-out");
    Path crosswalk = null;
    List<Path> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--mapping" -> mappingFile = Path.of(args[++i]);
        case "--out" -> outDir = Path.of(args[++i]);
        case "--crosswalk" -> crosswalk = Path.of(args[++i]);
        default -> inputs.add(Path.of(args[i]));
      }
    }
    if (mappingFile == null || inputs.size() != (link ? 2 : 1)) {
      err.println(args[0] + ": needs --mapping and " + (link ? "two CSV files" : "one CSV file"));
      return 2;
    }
    FieldMapping mapping = FieldMapping.load(mappingFile, link);
    long start = System.nanoTime();
    Map<RecordKey, String> truth = new HashMap<>();
    List<IdentityRecord> records = new ArrayList<>();
    for (Path input : inputs) {
      read(input, mapping, records, truth);
    }
    long read = System.nanoTime();
    IdentityEngine engine = new IdentityEngine(mapping.settings());
    Resolution resolution = engine.resolve(records);
    long resolved = System.nanoTime();
    Files.createDirectories(outDir);
    write(outDir, resolution, crosswalk);
    Resolution.Stats s = resolution.stats();
    out.printf(
        "%s: %d records, %d candidate pairs, %d links, %d clusters, %d unmatched, %d for review%n",
        args[0],
        s.records(),
        s.candidatePairs(),
        s.links(),
        s.clusters(),
        s.unmatched(),
        s.reviewPairs());
    out.printf(
        "time: read %.2f s, resolve %.2f s%n", (read - start) / 1e9, (resolved - read) / 1e9);
    if (!truth.isEmpty()) {
      PairwiseMetrics m = PairwiseMetrics.of(resolution.clusterOf(), truth);
      out.println("truth: " + m);
      out.printf("F1 %.4f%n", m.f1());
    }
    out.println("written to " + outDir.toAbsolutePath());
    return 0;
  }

  private static void read(
      Path input, FieldMapping mapping, List<IdentityRecord> records, Map<RecordKey, String> truth)
      throws IOException {
    String defaultSource = input.getFileName().toString().replaceFirst("\\.csv$", "");
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      for (CSVRecord row : format.parse(in)) {
        String source =
            mapping.sourceColumn() == null ? defaultSource : row.get(mapping.sourceColumn());
        RecordKey key = new RecordKey(source, row.get(mapping.idColumn()));
        Map<String, String> values = new LinkedHashMap<>();
        mapping.columnOf().forEach((field, column) -> values.put(field, row.get(column)));
        records.add(new IdentityRecord(key, values));
        if (mapping.truthColumn() != null) {
          String label = mapping.truthLabel(row.get(mapping.truthColumn()));
          if (label != null && !label.isBlank()) {
            truth.put(key, label);
          }
        }
      }
    }
  }

  private static void write(Path dir, Resolution r, Path crosswalk) throws IOException {
    try (CSVPrinter p = printer(dir.resolve("clusters.csv"), "source", "id", "cluster")) {
      for (List<RecordKey> cluster : r.clusters()) {
        String label = r.clusterOf().get(cluster.get(0));
        for (RecordKey k : cluster) {
          p.printRecord(k.source(), k.id(), label);
        }
      }
    }
    try (CSVPrinter p =
        printer(dir.resolve("links.csv"), "a", "b", "rule", "probability", "reason")) {
      for (Resolution.Link l : r.links()) {
        p.printRecord(l.a(), l.b(), l.rule(), String.format("%.6f", l.probability()), l.reason());
      }
    }
    try (CSVPrinter p = printer(dir.resolve("review.csv"), "a", "b", "probability", "reason")) {
      for (Resolution.ReviewPair l : r.review()) {
        p.printRecord(l.a(), l.b(), String.format("%.6f", l.probability()), l.reason());
      }
    }
    try (CSVPrinter p = printer(dir.resolve("unmatched.csv"), "source", "id", "reason")) {
      for (Resolution.Unmatched u : r.unmatched()) {
        p.printRecord(u.key().source(), u.key().id(), u.reason());
      }
    }
    Files.writeString(dir.resolve("model.txt"), r.model().describe());
    if (crosswalk != null) {
      writeCrosswalk(dir, r, crosswalk);
    }
  }

  private static void writeCrosswalk(Path dir, Resolution r, Path crosswalk) throws IOException {
    Map<RecordKey, String> previous = new HashMap<>();
    long max = 0;
    if (Files.exists(crosswalk)) {
      CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
      try (Reader in = Files.newBufferedReader(crosswalk)) {
        for (CSVRecord row : format.parse(in)) {
          String id = row.get("customer_id");
          previous.put(new RecordKey(row.get("source"), row.get("id")), id);
          max = Math.max(max, Long.parseLong(id.substring(1)));
        }
      }
    }
    AtomicLong next = new AtomicLong(max);
    StableIds.Assignment a =
        StableIds.assign(
            r.clusterOf(), previous, () -> String.format("C%09d", next.incrementAndGet()));
    try (CSVPrinter p = printer(crosswalk, "source", "id", "customer_id")) {
      for (var e : new java.util.TreeMap<>(a.idOf()).entrySet()) {
        p.printRecord(e.getKey().source(), e.getKey().id(), e.getValue());
      }
    }
    try (CSVPrinter p = printer(dir.resolve("lineage.csv"), "kind", "from", "to", "reason")) {
      for (StableIds.Lineage l : a.lineage()) {
        p.printRecord(l.kind(), l.fromId(), l.toId(), l.reason());
      }
    }
  }

  private static CSVPrinter printer(Path file, String... header) throws IOException {
    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).get());
  }
}
