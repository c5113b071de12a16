package dev.retain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retain.identity.normalise.FreeMail;
import dev.retain.sandbox.company.SandboxCompany;
import dev.retain.sandbox.company.SandboxSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The quality bars of identity resolution, measured against known truth. */
class QualityTest {

  @Test
  void febrl3WithoutLabelsReachesF1Of095() throws IOException {
    String dir = System.getProperty("retain.shared.data");
    Path file = dir == null ? null : Path.of(dir, "febrl3.csv");
    assumeTrue(
        file != null && Files.isRegularFile(file),
        "febrl3.csv not found (system property retain.shared.data = "
            + dir
            + "); assuming the reference data is absent and skipping the FEBRL quality bar");
    List<IdentityRecord> records = new ArrayList<>();
    Map<RecordKey, String> truth = new HashMap<>();
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader in = Files.newBufferedReader(file)) {
      for (CSVRecord row : format.parse(in)) {
        Map<String, String> v = new LinkedHashMap<>(row.toMap());
        RecordKey key = new RecordKey("febrl3", row.get("rec_id"));
        records.add(new IdentityRecord(key, v));
        truth.put(key, row.get("rec_id").split("-")[1]);
      }
    }
    Resolution r = new IdentityEngine(Febrl.settings()).resolve(records);
    PairwiseMetrics m = PairwiseMetrics.of(r.clusterOf(), truth);
    System.out.println("febrl3: " + m);
    assertThat(m.f1()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void sandboxCompanyReachesF1Of098WithoutFreeMailMerges() {
    LocalDate day = LocalDate.of(2025, 6, 30);
    SandboxCompany company = SandboxCompany.generate(SandboxSpec.of(1_000, 7, day));
    List<IdentityRecord> records = SandboxRecords.records(company, day);
    Map<RecordKey, String> truth = SandboxRecords.truth(company, records);
    Resolution r = new IdentityEngine(SandboxRecords.settings()).resolve(records);
    PairwiseMetrics m = PairwiseMetrics.of(r.clusterOf(), truth);
    System.out.println("sandbox: " + m + "; " + r.stats());
    Map<String, Integer> wrongByRule = new java.util.TreeMap<>();
    r.links().stream()
        .filter(l -> truth.containsKey(l.a()) && truth.containsKey(l.b()))
        .filter(l -> !truth.get(l.a()).equals(truth.get(l.b())))
        .forEach(
            l -> {
              wrongByRule.merge(l.rule(), 1, Integer::sum);
              if (wrongByRule.get(l.rule()) <= 3) {
                System.out.println("  wrong link " + l);
              }
            });
    System.out.println("sandbox wrong links by rule: " + wrongByRule);
    assertThat(m.f1()).isGreaterThanOrEqualTo(0.98);

    // no link rests on a free-mail domain, and no cluster holds accounts of two customers
    assertThat(r.links())
        .noneMatch(
            l ->
                FreeMail.isFreeMail(l.reason().replaceFirst("^[a-z_]+: ", ""))
                    || l.reason().matches(".*@(gmail|outlook|yahoo|hotmail)\\.com.*")
                        && !l.rule().equals("email"));
    Map<String, Set<String>> customersOfCluster = new HashMap<>();
    r.clusterOf()
        .forEach(
            (k, c) -> {
              if (k.source().endsWith("/account") && truth.containsKey(k)) {
                customersOfCluster.computeIfAbsent(c, x -> new HashSet<>()).add(truth.get(k));
              }
            });
    assertThat(customersOfCluster.values()).allMatch(s -> s.size() == 1);
  }
}
