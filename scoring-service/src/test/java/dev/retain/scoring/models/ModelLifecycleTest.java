package dev.retain.scoring.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retain.scoring.contract.client.ApiClient;
import dev.retain.scoring.contract.client.api.ModelsApi;
import dev.retain.scoring.contract.client.api.ScoringApi;
import dev.retain.scoring.contract.client.model.ChurnDriver;
import dev.retain.scoring.contract.client.model.CustomerFeatures;
import dev.retain.scoring.contract.client.model.CustomerScore;
import dev.retain.scoring.contract.client.model.ModelDetails;
import dev.retain.scoring.contract.client.model.ModelFeature;
import dev.retain.scoring.contract.client.model.ModelList;
import dev.retain.scoring.contract.client.model.ModelSummary;
import dev.retain.scoring.contract.client.model.ScoreRequest;
import dev.retain.scoring.contract.client.model.ScoreResponse;
import dev.retain.scoring.contract.client.model.TrainingJob;
import dev.retain.scoring.contract.client.model.TrainingJob.StatusEnum;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;

/**
 * The model lifecycle end to end, over HTTP through the client generated from the contract: upload
 * a CSV, poll the training job, inspect the stored version, activate it, score with it, train a
 * second version, activate it and roll back; and what bad uploads lead to.
 *
 * <p>The service runs with a registry in a fresh temporary directory. Only {@link
 * #trainActivateScoreAndRollBack} activates models; the other tests train or fail jobs without
 * activating, so they do not disturb its activation history whatever order JUnit runs them in.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "retain.security.api-keys=" + ModelLifecycleTest.API_KEY)
@DirtiesContext
class ModelLifecycleTest {

  static final String API_KEY = "lifecycle-key";

  /** The first data rows of the Telco sample that are uploaded, to keep training short. */
  private static final int TELCO_ROWS = 2_000;

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration POLL_EVERY = Duration.ofMillis(250);

  @TempDir static Path modelsDir;

  @DynamicPropertySource
  static void modelsDir(DynamicPropertyRegistry registry) {
    registry.add(ModelsConfiguration.MODELS_DIR, () -> modelsDir.toString());
  }

  @LocalServerPort int port;

  @TempDir Path uploads;

  private ModelsApi models;
  private ScoringApi scoring;

  @BeforeEach
  void client() {
    ApiClient client = new ApiClient();
    client.setBasePath("http://localhost:" + port);
    client.addDefaultHeader("X-API-Key", API_KEY);
    models = new ModelsApi(client);
    scoring = new ScoringApi(client);
  }

  @Test
  void trainActivateScoreAndRollBack() throws Exception {
    byte[] telco = telcoSample();

    // 1-2. upload, poll the job until it has trained a version
    String first = trainSuccessfully(telco, 42L);

    // 3. listed, not active; its details describe what it was trained on and how
    ModelList listed = models.listModels();
    assertThat(listed.getActiveVersion()).isNull();
    assertThat(listed.getModels())
        .filteredOn(m -> m.getVersion().equals(first))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getActive()).isFalse();
              assertThat(m.getAlgorithm()).isEqualTo("logistic-regression");
              assertThat(m.getLabelColumn()).isEqualTo("Churn");
            });

    ModelDetails details = models.getModel(first);
    assertThat(details.getActive()).isFalse();
    assertThat(details.getMetrics().get("cvRocAuc"))
        .as("cross-validated ROC AUC on the first %d Telco rows", TELCO_ROWS)
        .isBetween(0.75, 1.0);
    assertThat(details.getMetrics().get("threshold")).isBetween(0.0, 1.0);
    assertThat(details.getFeatures())
        .extracting(ModelFeature::getName, ModelFeature::getType)
        .contains(
            tuple("tenure", "numeric"),
            tuple("MonthlyCharges", "numeric"),
            tuple("Contract", "categorical"));
    assertThat(details.getFeatures())
        .extracting(ModelFeature::getName)
        .doesNotContain("customerID", "Churn");
    assertThat(details.getTrainingDataHash()).isEqualTo(sha256(telco));
    assertThat(details.getProvenance())
        .containsEntry("candidate", "logistic-regression")
        .containsEntry("rows", TELCO_ROWS)
        .containsKey("tribuo");
    assertThat((String) details.getProvenance().get("validation")).contains("3-fold stratified");

    // nothing to roll back while nothing is active
    assertConflict(() -> models.rollbackModel(), "no active model");

    // 4. no churn probability before activation ...
    ScoreResponse before = scoring.scoreCustomers(telcoCustomers());
    assertThat(before.getModelVersion()).isNull();
    assertThat(before.getScores()).allSatisfy(s -> assertThat(s.getChurnProbability()).isNull());

    // ... and one after
    ModelSummary activated = models.activateModel(first);
    assertThat(activated.getVersion()).isEqualTo(first);
    assertThat(activated.getActive()).isTrue();
    assertThat(models.listModels().getActiveVersion()).isEqualTo(first);
    assertThat(models.getModel(first).getActive()).isTrue();

    ScoreResponse after = scoring.scoreCustomers(telcoCustomers());
    assertThat(after.getModelVersion()).isEqualTo(first);
    assertThat(after.getScores())
        .allSatisfy(s -> assertThat(s.getChurnProbability()).isNotNull().isBetween(0.0, 1.0));
    System.out.printf(
        "Telco first %d rows, %s: cv ROC AUC %.4f; churn probability %.3f (tenure 2, $105)"
            + " vs %.3f (tenure 70, $20)%n",
        TELCO_ROWS,
        first,
        details.getMetrics().get("cvRocAuc"),
        probability(after, "new-expensive"),
        probability(after, "loyal-cheap"));
    assertThat(probability(after, "new-expensive"))
        .as("short tenure, high charges vs long tenure, low charges")
        .isGreaterThan(probability(after, "loyal-cheap"));

    // churn drivers with plain-language reasons, the flag, and what was imputed
    assertThat(after.getChurnExplanation()).isEqualTo("exact-linear");
    assertThat(after.getScores())
        .allSatisfy(
            s -> {
              assertThat(s.getChurnFlagged()).isNotNull();
              assertThat(s.getChurnDrivers()).hasSize(3);
              assertThat(s.getChurnDrivers())
                  .extracting(d -> Math.abs(d.getContribution()))
                  .isSortedAccordingTo(java.util.Comparator.reverseOrder());
              assertThat(s.getChurnDrivers())
                  .allSatisfy(
                      d ->
                          assertThat(d.getReason())
                              .matches(".+ \\((raises|lowers|hardly changes) the churn risk\\)"));
              // the customers send no gender: the model imputes it and says so
              assertThat(s.getChurnNotes()).anySatisfy(n -> assertThat(n).startsWith("gender"));
            });
    ScoreResponse allDrivers = scoring.scoreCustomers(telcoCustomers().churnDrivers(20));
    assertThat(tenureDriver(allDrivers, "new-expensive").getContribution()).isPositive();
    assertThat(tenureDriver(allDrivers, "loyal-cheap").getContribution()).isNegative();
    assertThat(tenureDriver(allDrivers, "new-expensive").getReason())
        .isEqualTo("tenure 2 (raises the churn risk)");
    assertThat(allDrivers.getScores())
        .allSatisfy(
            s ->
                assertThat(s.getChurnDrivers())
                    .extracting(ChurnDriver::getFeature)
                    .contains("Contract", "PaymentMethod"));
    ScoreResponse noDrivers = scoring.scoreCustomers(telcoCustomers().churnDrivers(0));
    assertThat(noDrivers.getScores())
        .allSatisfy(
            s -> {
              assertThat(s.getChurnDrivers()).isEmpty();
              assertThat(s.getChurnProbability()).isEqualTo(probability(after, s.getCustomerId()));
            });

    // a column in the wrong map is rejected, naming it
    CustomerFeatures misplaced = customer("misplaced", 5, 50.0);
    misplaced.getFeatures().put("Contract", 1.0);
    misplaced.putAttributesItem("tenure", "5");
    assertThatThrownBy(
            () -> scoring.scoreCustomers(new ScoreRequest().customers(List.of(misplaced))))
        .isInstanceOfSatisfying(
            HttpClientErrorException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(400);
              assertThat(e.getResponseBodyAsString())
                  .contains("customers[0].features.Contract")
                  .contains("customers[0].attributes.tenure");
            });

    // one activation only: nothing earlier to roll back to, and the active version stays
    assertConflict(
        () -> models.rollbackModel(), "no earlier version to roll back to from " + first);
    assertThat(models.listModels().getActiveVersion()).isEqualTo(first);

    assertThatThrownBy(() -> models.activateModel("v9999"))
        .isInstanceOfSatisfying(
            HttpClientErrorException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(404);
              assertThat(e.getResponseBodyAsString()).contains("\"field\":\"version\"");
            });

    // 5. a second version, activated, then rolled back
    String second = trainSuccessfully(telco, 7L);
    assertThat(second).isNotEqualTo(first);
    assertThat(models.getModel(second).getActive()).isFalse();
    assertThat(scoring.scoreCustomers(telcoCustomers()).getModelVersion()).isEqualTo(first);

    models.activateModel(second);
    assertThat(models.listModels().getActiveVersion()).isEqualTo(second);
    ScoreResponse withSecond = scoring.scoreCustomers(telcoCustomers());
    assertThat(withSecond.getModelVersion()).isEqualTo(second);
    assertThat(withSecond.getScores())
        .allSatisfy(s -> assertThat(s.getChurnProbability()).isBetween(0.0, 1.0));

    ModelSummary rolledBack = models.rollbackModel();
    assertThat(rolledBack.getVersion()).isEqualTo(first);
    assertThat(rolledBack.getActive()).isTrue();
    ModelList afterRollback = models.listModels();
    assertThat(afterRollback.getActiveVersion()).isEqualTo(first);
    assertThat(afterRollback.getModels())
        .filteredOn(m -> m.getVersion().equals(second))
        .singleElement()
        .satisfies(m -> assertThat(m.getActive()).isFalse());
    ScoreResponse withFirstAgain = scoring.scoreCustomers(telcoCustomers());
    assertThat(withFirstAgain.getModelVersion()).isEqualTo(first);
    assertThat(withFirstAgain.getScores())
        .extracting(CustomerScore::getChurnProbability)
        .containsExactlyElementsOf(
            after.getScores().stream().map(CustomerScore::getChurnProbability).toList());

    // the rollback consumed the history: a second one has nowhere to go
    assertConflict(
        () -> models.rollbackModel(), "no earlier version to roll back to from " + first);
  }

  @Test
  void aLabelColumnNotInTheFileFailsTheJobNamingIt() throws Exception {
    TrainingJob failed =
        awaitFinished(submit(syntheticSnapshots(), "churn_status", "customer_id", null, 1L));

    assertThat(failed.getStatus()).isEqualTo(StatusEnum.FAILED);
    assertThat(failed.getModelVersion()).isNull();
    assertThat(failed.getError()).startsWith("labelColumn: ").contains("'churn_status'");
  }

  @Test
  void anUnknownCandidateIsRejectedNamingCandidates() throws Exception {
    Path file = write(syntheticSnapshots());
    int modelsBefore = models.listModels().getModels().size();

    assertThatThrownBy(
            () ->
                models.trainModel(
                    file.toFile(),
                    "churned",
                    "Yes",
                    "customer_id",
                    null,
                    3,
                    1L,
                    null,
                    "logistic-regression,nonsense"))
        .isInstanceOfSatisfying(
            HttpClientErrorException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(400);
              assertThat(e.getResponseBodyAsString())
                  .contains("\"field\":\"candidates\"")
                  .contains("unknown learner 'nonsense'");
            });
    assertThat(models.listModels().getModels()).hasSize(modelsBefore);
  }

  @Test
  void aDateColumnNotInTheFileFailsTheJobNamingIt() throws Exception {
    TrainingJob failed =
        awaitFinished(submit(syntheticSnapshots(), "churned", "customer_id", "as_of", 1L));

    assertThat(failed.getStatus()).isEqualTo(StatusEnum.FAILED);
    assertThat(failed.getModelVersion()).isNull();
    assertThat(failed.getError()).startsWith("dateColumn: ").contains("'as_of'");
  }

  @Test
  void aSnapshotDateColumnMakesValidationTimeOrdered() throws Exception {
    // no dateColumn given: snapshot_date is picked up by name
    TrainingJob job =
        awaitFinished(submit(syntheticSnapshots(), "churned", "customer_id", null, 1L));
    assertThat(job.getStatus()).as("job error: %s", job.getError()).isEqualTo(StatusEnum.SUCCEEDED);

    ModelDetails details = models.getModel(job.getModelVersion());
    assertThat((String) details.getProvenance().get("validation"))
        .startsWith("time-ordered by snapshot_date: ")
        .contains("expanding-window splits");
    assertThat(details.getFeatures())
        .extracting(ModelFeature::getName)
        .contains("usage")
        .doesNotContain("snapshot_date", "customer_id", "churned");
    assertThat(details.getMetrics().get("cvRocAuc"))
        .as("usage drives churn in the synthetic data")
        .isGreaterThan(0.7);
    assertThat(details.getActive()).isFalse();
  }

  // --- training through the API

  /** Uploads the Telco sample, waits for the job and returns the version it trained. */
  private String trainSuccessfully(byte[] telco, long seed) throws Exception {
    TrainingJob job = awaitFinished(submit(telco, "Churn", "customerID", null, seed));
    assertThat(job.getStatus()).as("job error: %s", job.getError()).isEqualTo(StatusEnum.SUCCEEDED);
    assertThat(job.getModelVersion()).isNotBlank();
    assertThat(job.getError()).isNull();
    assertThat(job.getStartedAt()).isNotNull();
    assertThat(job.getFinishedAt()).isAfterOrEqualTo(job.getStartedAt());
    return job.getModelVersion();
  }

  /**
   * Uploads a CSV for training with logistic regression only, 3 folds, and checks the 202 answer;
   * returns the job id.
   */
  private String submit(byte[] csv, String label, String id, String dateColumn, long seed)
      throws IOException {
    ResponseEntity<TrainingJob> accepted =
        models.trainModelWithHttpInfo(
            write(csv).toFile(),
            label,
            "Yes",
            id,
            null,
            3,
            seed,
            dateColumn,
            "logistic-regression");
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    TrainingJob job = accepted.getBody();
    assertThat(job).isNotNull();
    assertThat(job.getStatus()).isEqualTo(StatusEnum.QUEUED);
    assertThat(job.getModelVersion()).isNull();
    assertThat(accepted.getHeaders().getLocation())
        .isNotNull()
        .satisfies(l -> assertThat(l.getPath()).isEqualTo("/v1/training-jobs/" + job.getId()));
    return job.getId();
  }

  /** Polls a job until it succeeded or failed, for at most {@link #JOB_TIMEOUT}. */
  private TrainingJob awaitFinished(String id) throws InterruptedException {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    TrainingJob job = models.getTrainingJob(id);
    while (job.getStatus() == StatusEnum.QUEUED || job.getStatus() == StatusEnum.RUNNING) {
      if (System.nanoTime() > deadline) {
        fail(
            "training job %s is still %s after %s (submitted %s, started %s)",
            id, job.getStatus(), JOB_TIMEOUT, job.getSubmittedAt(), job.getStartedAt());
      }
      Thread.sleep(POLL_EVERY.toMillis());
      job = models.getTrainingJob(id);
    }
    assertThat(job.getId()).isEqualTo(id);
    assertThat(job.getFinishedAt()).isNotNull();
    return job;
  }

  private Path write(byte[] csv) throws IOException {
    return Files.write(Files.createTempFile(uploads, "upload", ".csv"), csv);
  }

  private void assertConflict(Runnable call, String why) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            HttpClientErrorException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(409);
              assertThat(e.getResponseHeaders().getContentType().toString())
                  .isEqualTo("application/problem+json");
              assertThat(e.getResponseBodyAsString())
                  .contains("Nothing to roll back to")
                  .contains("\"field\":\"activeVersion\"")
                  .contains(why);
            });
  }

  // --- data

  /**
   * The header and the first {@link #TELCO_ROWS} rows of IBM's Telco churn sample, located as
   * {@code TelcoEvaluationTest} does ({@code retain.shared.data}, set by the parent pom).
   */
  private static byte[] telcoSample() throws IOException {
    String shared = System.getProperty("retain.shared.data");
    Path csv = shared == null ? null : Path.of(shared, "telco-customer-churn.csv");
    assumeTrue(
        csv != null && Files.isRegularFile(csv),
        "skipped: ../shared/data/telco-customer-churn.csv is absent (retain.shared.data="
            + shared
            + ")");
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines).hasSizeGreaterThan(TELCO_ROWS);
    return (String.join("\n", lines.subList(0, TELCO_ROWS + 1)) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * 600 monthly snapshots over six months: churn is likelier the lower {@code usage} is; {@code
   * plan} is noise.
   */
  private static byte[] syntheticSnapshots() {
    Random random = new Random(11);
    StringBuilder csv = new StringBuilder("customer_id,snapshot_date,usage,plan,churned\n");
    LocalDate start = LocalDate.of(2025, 1, 1);
    for (int i = 0; i < 600; i++) {
      LocalDate date = start.plusMonths(i / 100).plusDays(i % 28);
      double usage = random.nextGaussian();
      boolean churned = random.nextDouble() < 1 / (1 + Math.exp(1 + 2 * usage));
      csv.append(
          String.format(
              Locale.ROOT,
              "c%04d,%s,%.3f,%s,%s\n",
              i,
              date,
              usage,
              random.nextBoolean() ? "pro" : "basic",
              churned ? "Yes" : "No"));
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Two customers alike but for tenure and charges (total charges follow from them), with the
   * default scorecard's features and the Telco model's numeric ones.
   */
  private static ScoreRequest telcoCustomers() {
    return new ScoreRequest()
        .customers(List.of(customer("new-expensive", 2, 105.0), customer("loyal-cheap", 70, 20.0)));
  }

  private static CustomerFeatures customer(String id, int tenure, double monthlyCharges) {
    Map<String, Double> features = new LinkedHashMap<>();
    features.put("logins_change_30d", -0.1);
    features.put("seat_utilisation", 0.6);
    features.put("days_since_last_login", 3.0);
    features.put("core_events_per_seat_30d", 12.0);
    features.put("tickets_30d", 2.0);
    features.put("urgent_open_tickets", 0.0);
    features.put("nps_last", 7.0);
    features.put("payment_failed", 0.0);
    features.put("days_to_renewal", 60.0);
    features.put("tenure", (double) tenure);
    features.put("MonthlyCharges", monthlyCharges);
    features.put("TotalCharges", tenure * monthlyCharges);
    features.put("SeniorCitizen", 0.0);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("Contract", "Month-to-month");
    attributes.put("InternetService", "Fiber optic");
    attributes.put("PaymentMethod", "Electronic check");
    return new CustomerFeatures().customerId(id).features(features).attributes(attributes);
  }

  private static ChurnDriver tenureDriver(ScoreResponse response, String customerId) {
    return response.getScores().stream()
        .filter(s -> s.getCustomerId().equals(customerId))
        .flatMap(s -> s.getChurnDrivers().stream())
        .filter(d -> d.getFeature().equals("tenure"))
        .findFirst()
        .orElseThrow();
  }

  private static double probability(ScoreResponse response, String customerId) {
    return response.getScores().stream()
        .filter(s -> s.getCustomerId().equals(customerId))
        .findFirst()
        .orElseThrow()
        .getChurnProbability();
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
