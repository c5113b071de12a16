package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.retain.scoring.model.ChurnScore.Driver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, explanations and storage on a generated dataset with known effects. */
class ChurnModelTest {

  static final DatasetSpec SPEC = new DatasetSpec("churned", "yes", "id", Set.of("leak"), null);

  static Table table;
  static ChurnTrainer.Result linear;

  /**
   * Churn falls with tenure, rises on the basic plan and with support tickets; charges has blanks.
   */
  static Table generate(int n, long seed) {
    Random random = new Random(seed);
    List<List<String>> rows = new ArrayList<>();
    String[] plans = {"basic", "pro", "enterprise"};
    for (int i = 0; i < n; i++) {
      int tenure = random.nextInt(72);
      String plan = plans[random.nextInt(3)];
      int tickets = random.nextInt(8);
      double charges = 20 + random.nextDouble() * 80;
      double z =
          -0.5
              - 0.05 * tenure
              + (plan.equals("basic") ? 1.2 : plan.equals("enterprise") ? -0.8 : 0)
              + 0.35 * tickets;
      boolean churned = random.nextDouble() < Calibrator.sigmoid(z);
      rows.add(
          List.of(
              "c" + i,
              String.valueOf(tenure),
              plan,
              String.valueOf(tickets),
              i % 50 == 0 ? "" : String.format("%.2f", charges),
              churned ? "1" : "0",
              churned ? "yes" : "no"));
    }
    return new Table(
        List.of("id", "tenure", "plan", "tickets", "charges", "leak", "churned"), rows);
  }

  @BeforeAll
  static void train() {
    table = generate(1200, 1);
    TrainingOptions options =
        TrainingOptions.defaults().withFolds(3, 1).withCandidates(List.of(Candidate.LOGISTIC));
    linear = new ChurnTrainer(options).train(table, SPEC);
  }

  @Test
  void trainsAndReportsTheCandidateEvaluation() {
    assertThat(linear.chosen()).isEqualTo(Candidate.LOGISTIC);
    ChurnTrainer.CandidateResult result = linear.chosenResult();
    assertThat(result.foldRocAuc()).hasSize(3);
    assertThat(result.cvRocAuc()).isGreaterThan(0.75);
    assertThat(result.calibrated().calibration().bins()).hasSize(10);
    assertThat(result.calibrated().n()).isEqualTo(1200);
    // the dropped and id columns are not features; the blank charges are imputed and counted
    FeatureSchema schema = linear.model().schema();
    assertThat(schema.columns()).containsExactlyInAnyOrder("tenure", "plan", "tickets", "charges");
    assertThat(schema.numeric())
        .filteredOn(c -> c.name().equals("charges"))
        .singleElement()
        .satisfies(c -> assertThat(c.blanks()).isEqualTo(24));
  }

  @Test
  void linearContributionsAddUpToTheLogOddsExactly() {
    ChurnModel model = linear.model();
    assertThat(model.explanationMethod()).isEqualTo(ChurnModel.EXACT_LINEAR);
    for (int r = 0; r < 20; r++) {
      ChurnScore score = model.score(table.row(r));
      double sum = score.drivers().stream().mapToDouble(Driver::contribution).sum();
      assertThat(score.base() + sum).isCloseTo(Calibrator.logit(score.probability()), within(1e-6));
    }
  }

  @Test
  void movingTheTopDriverMovesTheProbabilityInTheStatedDirection() {
    ChurnModel model = linear.model();
    int checked = 0;
    for (int r = 0; r < 200; r++) {
      Map<String, String> customer = table.row(r);
      ChurnScore score = model.score(customer);
      Driver top = score.drivers().get(0);
      Map<String, Object> moved = new HashMap<>(customer);
      if (top.name().equals("tenure")) {
        // towards the average customer: the driver's push must shrink
        moved.put("tenure", model.schema().numeric().get(0).mean());
      } else if (top.name().startsWith("plan")) {
        moved.put("plan", "pro");
        if (customer.get("plan").equals("pro")) {
          continue;
        }
      } else if (top.name().equals("tickets")) {
        moved.put("tickets", 3.5);
      } else {
        continue;
      }
      double after = model.probability(moved);
      if (top.contribution() > 0) {
        assertThat(after).as("customer %d, driver %s", r, top).isLessThan(score.probability());
      } else {
        assertThat(after).as("customer %d, driver %s", r, top).isGreaterThan(score.probability());
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  void blanksAndUnseenLevelsAreReportedNotRejected() {
    Map<String, Object> customer = new HashMap<>(table.row(0));
    customer.put("charges", null);
    customer.put("plan", "platinum");
    ChurnScore score = linear.model().score(customer);
    assertThat(score.notes())
        .anySatisfy(n -> assertThat(n).startsWith("charges missing: imputed"))
        .anySatisfy(n -> assertThat(n).contains("'platinum' not seen in training"));
    assertThat(score.probability()).isBetween(0.0, 1.0);
  }

  @Test
  void aSavedModelLoadsAndPredictsTheSame(@TempDir Path dir) {
    ModelRegistry registry = new ModelRegistry(dir);
    ModelRegistry.ModelVersion v =
        registry.save(
            linear,
            new ModelRegistry.TrainingSource("generated", "0".repeat(64), SPEC),
            TrainingOptions.defaults());
    assertThat(v.version()).isEqualTo("v0001");
    ChurnModel loaded = registry.load(v.version());
    for (int r = 0; r < 50; r++) {
      ChurnScore before = linear.model().score(table.row(r));
      ChurnScore after = loaded.score(table.row(r));
      assertThat(after.probability()).isEqualTo(before.probability());
      assertThat(after.drivers()).isEqualTo(before.drivers());
    }
    assertThat(registry.show("v0001").candidate()).isEqualTo(Candidate.LOGISTIC);
    assertThat(registry.evaluation("v0001").get("candidates")).hasSize(1);
    assertThat(dir.resolve("v0001/provenance.txt")).content().contains("LinearSGDTrainer");
  }

  @Test
  void registryActivatesAndRollsBack(@TempDir Path dir) {
    ModelRegistry registry = new ModelRegistry(dir);
    ModelRegistry.TrainingSource source =
        new ModelRegistry.TrainingSource("generated", "0".repeat(64), SPEC);
    assertThat(registry.active()).isEmpty();
    String v1 = registry.save(linear, source, TrainingOptions.defaults()).version();
    String v2 = registry.save(linear, source, TrainingOptions.defaults()).version();
    assertThat(registry.versions()).containsExactly("v0001", "v0002");
    assertThat(registry.list())
        .extracting(ModelRegistry.ModelVersion::version)
        .containsExactly(v1, v2);
    registry.activate(v1);
    registry.activate(v2);
    assertThat(registry.active()).contains(v2);
    assertThat(registry.rollback()).isEqualTo(v1);
    assertThat(registry.active()).contains(v1);
    assertThat(registry.activeModel()).isPresent();
    assertThatThrownBy(registry::rollback).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> registry.activate("v0099"))
        .isInstanceOf(ModelRegistry.UnknownModelVersionException.class);
  }

  @Test
  void timeOrderedSplitsNeverValidateOnThePast() {
    String[] dates = new String[100];
    for (int i = 0; i < 100; i++) {
      dates[i] = String.format("2025-%02d-01", 1 + (i * 7) % 12);
    }
    List<Splits.Split> splits = Splits.timeOrdered(dates, 3);
    assertThat(splits).isNotEmpty();
    for (Splits.Split s : splits) {
      String latestTrain =
          java.util.Arrays.stream(s.train())
              .mapToObj(i -> dates[i])
              .max(String::compareTo)
              .orElseThrow();
      String earliestTest =
          java.util.Arrays.stream(s.test())
              .mapToObj(i -> dates[i])
              .min(String::compareTo)
              .orElseThrow();
      assertThat(latestTrain).isLessThan(earliestTest);
    }
  }

  @Test
  void aTreeModelIsExplainedByOcclusionAndSurvivesStorage(@TempDir Path dir) {
    TrainingOptions options =
        TrainingOptions.defaults().withFolds(2, 1).withCandidates(List.of(Candidate.RANDOM_FOREST));
    ChurnTrainer.Result trees = new ChurnTrainer(options).train(generate(400, 2), SPEC);
    ChurnModel model = trees.model();
    assertThat(model.explanationMethod()).isEqualTo(ChurnModel.OCCLUSION);
    Map<String, String> customer = table.row(3);
    ChurnScore score = model.score(customer);
    Driver top = score.drivers().get(0);
    // occlusion: setting the top column to its baseline changes the log-odds by its contribution
    Map<String, Object> moved = new HashMap<>(customer);
    model.schema().numeric().stream()
        .filter(c -> c.name().equals(top.name()))
        .forEach(c -> moved.put(c.name(), c.median()));
    model.schema().categorical().stream()
        .filter(c -> c.name().equals(top.name()))
        .forEach(c -> moved.put(c.name(), c.mode()));
    double after = model.probability(moved);
    assertThat(Calibrator.logit(score.probability()) - Calibrator.logit(after))
        .isCloseTo(top.contribution(), within(1e-9));
    ModelRegistry registry = new ModelRegistry(dir);
    String v =
        registry
            .save(trees, new ModelRegistry.TrainingSource("g", "0".repeat(64), SPEC), options)
            .version();
    assertThat(registry.load(v).probability(customer)).isEqualTo(score.probability());
  }
}
