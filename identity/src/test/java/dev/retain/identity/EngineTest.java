package dev.retain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.identity.Settings.KeyPair;
import dev.retain.identity.StableIds.Assignment;
import dev.retain.sandbox.company.SandboxCompany;
import dev.retain.sandbox.company.SandboxSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Guards, overrides, review, unmatched, stable ids and incremental runs, on hand-made records. */
class EngineTest {
  private static final Settings SETTINGS = SandboxRecords.settings().withThresholds(0.9, 0.5);

  private static IdentityRecord account(String id, String name, String domain) {
    Map<String, String> v = new HashMap<>();
    v.put("company", name);
    v.put("domain", domain);
    return IdentityRecord.of("crm/account", id, v);
  }

  private static IdentityRecord person(String id, String account, String email) {
    Map<String, String> v = new HashMap<>();
    v.put("email", email);
    v.put("account_ref", account == null ? null : "crm/account:" + account);
    return IdentityRecord.of("crm/contact", id, v);
  }

  private static RecordKey key(IdentityRecord r) {
    return r.key();
  }

  @Test
  void freeMailDomainsAndSharedMailboxesNeverMergeTwoCompanies() {
    List<IdentityRecord> records =
        List.of(
            account("a1", "Acme Robotics", "acme.com"),
            account("a2", "Blue Harbour Foods", "gmail.com"),
            account("a3", "Cobalt Lines", "gmail.com"),
            person("p1", "a1", "info@agency.example"),
            person("p2", "a2", "info@agency.example"),
            person("p3", null, "someone@gmail.com"),
            person("p4", null, "jane@acme.com"));
    Resolution r = new IdentityEngine(SETTINGS).resolve(records);
    Map<RecordKey, String> c = r.clusterOf();
    assertThat(c.get(key(records.get(1)))).isNotEqualTo(c.get(key(records.get(2))));
    assertThat(c.get(key(records.get(0)))).isNotEqualTo(c.get(key(records.get(1))));
    assertThat(c.get(key(records.get(6)))).isEqualTo(c.get(key(records.get(0))));
    // the free-mail person is reported, with the reason
    assertThat(r.unmatched())
        .anySatisfy(
            u -> {
              assertThat(u.key()).isEqualTo(key(records.get(5)));
              assertThat(u.reason()).contains("free-mail domain gmail.com");
            });
    assertThat(r.links()).allMatch(l -> !l.reason().contains("gmail.com"));
  }

  @Test
  void maxClusterSizeAndCannotLinkHold() {
    List<IdentityRecord> records = new ArrayList<>();
    records.add(account("a1", "Acme", "acme.com"));
    for (int i = 0; i < 5; i++) {
      records.add(person("p" + i, "a1", null));
    }
    Settings small = SETTINGS.withLimits(4, 200);
    Resolution r = new IdentityEngine(small).resolve(records);
    assertThat(r.clusters()).allMatch(cl -> cl.size() <= 4);
    assertThat(r.review()).anyMatch(p -> p.reason().contains("maximum size 4"));

    Settings split =
        SETTINGS.withOverrides(
            List.of(), List.of(new KeyPair(key(records.get(0)), key(records.get(1)))));
    Resolution s = new IdentityEngine(split).resolve(records);
    assertThat(s.clusterOf().get(key(records.get(0))))
        .isNotEqualTo(s.clusterOf().get(key(records.get(1))));
  }

  @Test
  void mustLinkJoinsAndBorderlinePairsGoToReview() {
    List<IdentityRecord> records =
        List.of(account("a1", "Acme Robotics", null), account("a2", "Acme Robotics Ltd", null));
    Resolution review =
        new IdentityEngine(SETTINGS.withThresholds(0.9999, 0.5))
            .resolve(records, model(SETTINGS, 0.9, 0.01));
    assertThat(review.clusters()).hasSize(2);
    assertThat(review.review())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("company exact"));

    Settings must =
        SETTINGS.withOverrides(
            List.of(new KeyPair(key(records.get(0)), key(records.get(1)))), List.of());
    Resolution joined =
        new IdentityEngine(must).resolve(List.of(records.get(0), account("a2", "Zeta", null)));
    assertThat(joined.clusters()).hasSize(1);
    assertThat(joined.links())
        .singleElement()
        .satisfies(l -> assertThat(l.rule()).isEqualTo("must_link"));
  }

  /** A model where an exact company name is strong evidence. */
  private static MatchModel model(Settings s, double mExact, double uExact) {
    double[][] m = {{1 - mExact, 0, 0, mExact}, {0.5, 0.5}};
    double[][] u = {{1 - uExact, 0, 0, uExact}, {0.99, 0.01}};
    return new MatchModel(s.comparisons(), 0.1, m, u);
  }

  @Test
  void idsAreStableAcrossRunsMergesAndSplits() {
    AtomicInteger seq = new AtomicInteger();
    Supplier<String> ids = () -> String.format("C%04d", seq.incrementAndGet());
    RecordKey a = new RecordKey("s", "a");
    RecordKey b = new RecordKey("s", "b");
    RecordKey c = new RecordKey("s", "c");
    Assignment first = StableIds.assign(Map.of(a, "x", b, "y", c, "y"), Map.of(), ids);
    assertThat(first.idOf()).containsEntry(a, "C0001").containsEntry(b, "C0002");
    // a re-run over the same clusters (labelled differently) changes nothing
    Assignment again = StableIds.assign(Map.of(a, "p", b, "q", c, "q"), first.idOf(), ids);
    assertThat(again.idOf()).isEqualTo(first.idOf());
    assertThat(again.lineage()).isEmpty();
    // a merge keeps the older id and records the lineage
    Assignment merged = StableIds.assign(Map.of(a, "m", b, "m", c, "m"), first.idOf(), ids);
    assertThat(merged.idOf().values()).containsOnly("C0001");
    assertThat(merged.lineage())
        .containsExactly(
            new StableIds.Lineage(
                "merge", "C0002", "C0001", "records of both customers were linked"));
    // a split keeps the id with the larger part and records the new one
    Assignment split = StableIds.assign(Map.of(a, "m", b, "m", c, "n"), merged.idOf(), ids);
    assertThat(split.idOf()).containsEntry(a, "C0001").containsEntry(b, "C0001");
    assertThat(split.idOf().get(c)).isEqualTo("C0003");
    assertThat(split.lineage())
        .singleElement()
        .satisfies(l -> assertThat(l.kind()).isEqualTo("split"));
  }

  @Test
  void incrementalRunGivesTheClustersOfAFullRun() {
    LocalDate day = LocalDate.of(2025, 6, 30);
    SandboxCompany company = SandboxCompany.generate(SandboxSpec.of(300, 11, day));
    List<IdentityRecord> all = SandboxRecords.records(company, day);
    List<IdentityRecord> old = new ArrayList<>();
    List<IdentityRecord> fresh = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (i % 10 == 3 ? fresh : old).add(all.get(i));
    }
    IdentityEngine engine = new IdentityEngine(SandboxRecords.settings());
    Resolution before = engine.resolve(old);
    MatchModel model = before.model();
    // a changed record: an account loses its domain
    IdentityRecord changed =
        old.stream().filter(r -> r.value("domain") != null).findFirst().orElseThrow();
    Map<String, String> v = new HashMap<>(changed.values());
    v.remove("domain");
    IdentityRecord edited = new IdentityRecord(changed.key(), v);
    List<IdentityRecord> delta = new ArrayList<>(fresh);
    delta.add(edited);
    Resolution incremental = engine.update(before, delta);

    List<IdentityRecord> current = new ArrayList<>();
    for (IdentityRecord r : old) {
      current.add(r.key().equals(edited.key()) ? edited : r);
    }
    current.addAll(fresh);
    Resolution full = engine.resolve(current, model);
    assertThat(new HashSet<>(incremental.clusters())).isEqualTo(new HashSet<>(full.clusters()));
    assertThat(incremental.unmatched()).isEqualTo(full.unmatched());
  }

  @Test
  void everyUnmatchedRecordIsListedWithItsSourceAndReason() {
    List<IdentityRecord> records =
        List.of(
            account("a1", "Acme", "acme.com"),
            person("p1", "missing", null),
            person("p2", null, "x@nowhere.example"));
    Resolution r = new IdentityEngine(SETTINGS).resolve(records);
    assertThat(r.unmatched())
        .extracting(u -> u.key().source() + " " + u.key().id() + ": " + u.reason())
        .containsExactly(
            "crm/account a1: no deterministic rule applies and no candidate pair shares a blocking key",
            "crm/contact p1: account_reference names crm/account:missing, which no record has as its id",
            "crm/contact p2: no record has the domain nowhere.example");
  }
}
