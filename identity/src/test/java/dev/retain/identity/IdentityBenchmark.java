package dev.retain.identity;

import dev.retain.sandbox.company.SandboxCompany;
import dev.retain.sandbox.company.SandboxSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity benchmark (a main, not a test): generates sandbox companies of {@code args[1]}
 * accounts each (distinct seeds, sources prefixed {@code c<seed>.}) until they hold at least {@code
 * args[0]} contact records, and resolves all their records (contacts with the accounts, survey
 * respondents and product workspaces they link to) in a full run, then an incremental run with the
 * 1% of records held back. {@code args[2]}, optional, caches the generated records in a file
 * (written once, read on later runs with the same arguments). Run it with:
 *
 * <pre>
 * MAVEN_OPTS=-Xmx4g ./mvnw -q -B -pl identity test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.retain.identity.IdentityBenchmark \
 *   -Dexec.args="1000000 50000 /tmp/identity-bench-1m.bin"
 * </pre>
 *
 * ({@code -Xmx4g} holds the heap at 4 GB).
 */
public final class IdentityBenchmark {
  private IdentityBenchmark() {}

  public static void main(String[] args) throws IOException {
    int targetContacts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    Path cache = args.length > 2 ? Path.of(args[2]) : null;
    long g0 = System.nanoTime();
    boolean cached = cache != null && Files.isRegularFile(cache);
    List<IdentityRecord> records = cached ? read(cache) : generate(targetContacts, accounts);
    if (cache != null && !cached) {
      write(cache, records);
    }
    long contacts = records.stream().filter(r -> r.key().source().endsWith("/contact")).count();
    System.out.printf(
        "%s %,d records (%,d contacts) in %.1f s%n",
        cached ? "read" : "generated", records.size(), contacts, (System.nanoTime() - g0) / 1e9);
    // hold back 1% as the new records of the incremental run
    List<IdentityRecord> base = new ArrayList<>();
    List<IdentityRecord> fresh = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      (i % 100 == 7 ? fresh : base).add(records.get(i));
    }
    records = null;
    IdentityEngine engine = new IdentityEngine(SandboxRecords.settings());
    System.gc();
    long t0 = System.nanoTime();
    Resolution full = engine.resolve(base);
    long t1 = System.nanoTime();
    System.out.printf(
        "full run: %,d records in %.1f s: %s%n", base.size(), (t1 - t0) / 1e9, full.stats());
    long t2 = System.nanoTime();
    Resolution incremental = engine.update(full, fresh);
    long t3 = System.nanoTime();
    System.out.printf(
        "incremental run: %,d new records in %.2f s: %s%n",
        fresh.size(), (t3 - t2) / 1e9, incremental.stats());
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "heap: max %.1f GB, used after the runs %.2f GB%n",
        rt.maxMemory() / 1e9, (rt.totalMemory() - rt.freeMemory()) / 1e9);
  }

  private static List<IdentityRecord> generate(int targetContacts, int accounts) {
    LocalDate day = LocalDate.of(2025, 6, 30);
    List<IdentityRecord> records = new ArrayList<>();
    long contacts = 0;
    for (int seed = 1; contacts < targetContacts; seed++) {
      SandboxCompany company = SandboxCompany.generate(SandboxSpec.of(accounts, seed, day));
      String prefix = "c" + seed + ".";
      for (IdentityRecord r : SandboxRecords.records(company, day)) {
        Map<String, String> v = new HashMap<>(r.values());
        String ref = v.get("account_ref");
        if (ref != null) {
          v.put("account_ref", prefix + ref);
        }
        records.add(IdentityRecord.of(prefix + r.key().source(), r.key().id(), v));
        if (r.key().source().endsWith("/contact")) {
          contacts++;
        }
      }
    }
    return records;
  }

  private static void write(Path file, List<IdentityRecord> records) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.writeInt(records.size());
      for (IdentityRecord r : records) {
        out.writeUTF(r.key().source());
        out.writeUTF(r.key().id());
        out.writeInt(r.values().size());
        for (Map.Entry<String, String> e : r.values().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeUTF(e.getValue());
        }
      }
    }
  }

  private static List<IdentityRecord> read(Path file) throws IOException {
    Map<String, String> interned = new HashMap<>();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      int n = in.readInt();
      List<IdentityRecord> records = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String source = interned.computeIfAbsent(in.readUTF(), s -> s);
        String id = in.readUTF();
        int k = in.readInt();
        Map<String, String> v = new HashMap<>();
        for (int j = 0; j < k; j++) {
          String field = interned.computeIfAbsent(in.readUTF(), s -> s);
          v.put(field, in.readUTF());
        }
        records.add(IdentityRecord.of(source, id, v));
      }
      return records;
    }
  }
}
