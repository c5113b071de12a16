package dev.retain.identity;

import dev.retain.sandbox.company.SandboxCompany;
import dev.retain.sandbox.company.SandboxSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The identity benchmark (a main, not a test): resolves at least {@code args[0]} sandbox records
 * (contacts, accounts, respondents and workspaces of several sandbox companies of {@code args[1]}
 * accounts each, with distinct seeds and sources) in a full run, then an incremental run with 1%
 * new records. Run it with:
 *
 * <pre>
 * ./mvnw -q -B -pl identity test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.retain.identity.IdentityBenchmark -Dexec.args="1000000 50000"
 * </pre>
 *
 * (set {@code MAVEN_OPTS=-Xmx4g} to hold the heap at 4 GB).
 */
public final class IdentityBenchmark {
  private IdentityBenchmark() {}

  public static void main(String[] args) {
    int target = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    LocalDate day = LocalDate.of(2025, 6, 30);
    List<IdentityRecord> records = new ArrayList<>();
    long contacts = 0;
    long g0 = System.nanoTime();
    for (int seed = 1; records.size() < target; seed++) {
      SandboxCompany company = SandboxCompany.generate(SandboxSpec.of(accounts, seed, day));
      String prefix = "c" + seed + ".";
      for (IdentityRecord r : SandboxRecords.records(company, day)) {
        Map<String, String> v = new java.util.HashMap<>(r.values());
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
    System.out.printf(
        "generated %,d records (%,d contacts) in %.1f s%n",
        records.size(), contacts, (System.nanoTime() - g0) / 1e9);
    // hold back 1% as the new records of the incremental run
    List<IdentityRecord> base = new ArrayList<>();
    List<IdentityRecord> fresh = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      (i % 100 == 7 ? fresh : base).add(records.get(i));
    }
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
}
