package dev.retain.routes.score;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retain.routes.features.TrainingSetExport;
import dev.retain.routes.scoring.client.ApiClient;
import dev.retain.routes.scoring.client.api.ModelsApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-model's conversation with scoring-service (a WireMock double speaking the contract): the
 * upload, following the job, reading the model and activating it; and each way it can fail, in
 * plain words.
 */
class ModelTrainingTest {
  private static final String KEY = "test-key";
  private static final String CSV =
      "customer_id,snapshot_date,logins_30d,churned_within_90d\nC1,2026-01-01,3,1\n";
  private static final String JOB = "/v1/training-jobs/job-1";

  private final WireMockServer scoring = new WireMockServer(options().dynamicPort());
  private final List<Duration> sleeps = new ArrayList<>();
  @TempDir Path dir;
  private Path csv;

  @BeforeEach
  void start() throws IOException {
    scoring.start();
    csv = Files.writeString(dir.resolve("training.csv"), CSV);
  }

  @AfterEach
  void stop() {
    scoring.stop();
  }

  private ModelTraining training(String url) {
    ScoringSettings settings =
        new ScoringSettings(URI.create(url), 1000, Duration.ofSeconds(5), KEY);
    ApiClient client = new ApiClient();
    client.updateBaseUri(url);
    client.setRequestInterceptor(b -> b.header("X-API-Key", KEY));
    return new ModelTraining(
        null, new ModelsApi(client), settings, Duration.ofMillis(10), sleeps::add);
  }

  private static ModelTraining.Request request(boolean activate, Duration timeout) {
    return new ModelTraining.Request(
        LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 6, 1),
        Period.ofMonths(1),
        90,
        null,
        "logistic-regression",
        activate,
        timeout);
  }

  private static String job(String status, String version, String error) {
    return "{\"id\":\"job-1\",\"status\":\""
        + status
        + "\",\"submittedAt\":\"2026-11-22T10:00:00Z\""
        + (version == null ? "" : ",\"modelVersion\":\"" + version + "\"")
        + (error == null ? "" : ",\"error\":\"" + error + "\"")
        + "}";
  }

  private void acceptsTheUpload() {
    scoring.stubFor(
        post(urlPathEqualTo("/v1/models"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Location", JOB)
                    .withHeader("Content-Type", "application/json")
                    .withBody(job("queued", null, null))));
  }

  private void jobGoes(String... answers) {
    String state = Scenario.STARTED;
    for (int i = 0; i < answers.length; i++) {
      String next = i == answers.length - 1 ? state : "poll-" + (i + 1);
      scoring.stubFor(
          get(urlPathEqualTo(JOB))
              .inScenario("job")
              .whenScenarioStateIs(state)
              .willReturn(okJson(answers[i]))
              .willSetStateTo(next));
      state = next;
    }
  }

  private void knowsModel(String version, boolean active) {
    scoring.stubFor(
        get(urlPathEqualTo("/v1/models/" + version))
            .willReturn(
                okJson(
                    "{\"version\":\""
                        + version
                        + "\",\"active\":"
                        + active
                        + ",\"createdAt\":\"2026-11-22T10:00:05Z\","
                        + "\"algorithm\":\"logistic-regression\",\"labelColumn\":"
                        + "\"churned_within_90d\",\"metrics\":{\"cvRocAuc\":0.8125,"
                        + "\"calibratedEce\":0.031,\"calibratedLogLoss\":0.39,"
                        + "\"threshold\":0.27}}")));
  }

  @Test
  void uploadsTheExportFollowsTheJobAndActivatesTheModel() {
    acceptsTheUpload();
    jobGoes(job("running", null, null), job("succeeded", "m-7", null));
    knowsModel("m-7", false);
    scoring.stubFor(
        post(urlPathEqualTo("/v1/models/m-7/activate"))
            .willReturn(
                okJson(
                    "{\"version\":\"m-7\",\"active\":true,"
                        + "\"createdAt\":\"2026-11-22T10:00:05Z\"}")));
    List<String> progress = new ArrayList<>();

    ModelTraining.Outcome outcome =
        training(scoring.baseUrl())
            .trainOn(
                csv,
                "churned_within_90d",
                request(true, Duration.ofMinutes(1)),
                new TrainingSetExport.Summary(1, 1, 1),
                progress::add);

    assertThat(outcome.modelVersion()).isEqualTo("m-7");
    assertThat(outcome.active()).isTrue();
    assertThat(outcome.algorithm()).isEqualTo("logistic-regression");
    assertThat(outcome.metrics()).containsEntry("cvRocAuc", 0.8125).containsKey("threshold");
    assertThat(sleeps).hasSize(2);
    assertThat(progress).last().asString().contains("succeeded: model m-7");
    scoring.verify(
        postRequestedFor(urlPathEqualTo("/v1/models"))
            .withHeader("X-API-Key", equalTo(KEY))
            .withRequestBodyPart(part("file", binaryEqualTo(CSV.getBytes(StandardCharsets.UTF_8))))
            .withRequestBodyPart(part("labelColumn", equalTo("churned_within_90d")))
            .withRequestBodyPart(part("positiveValue", equalTo("1")))
            .withRequestBodyPart(part("idColumn", equalTo("customer_id")))
            .withRequestBodyPart(part("dateColumn", equalTo("snapshot_date")))
            .withRequestBodyPart(part("candidates", equalTo("logistic-regression"))));
    scoring.verify(postRequestedFor(urlPathEqualTo("/v1/models/m-7/activate")));
  }

  @Test
  void withoutActivateTheModelIsLeftInactive() {
    acceptsTheUpload();
    jobGoes(job("succeeded", "m-8", null));
    knowsModel("m-8", false);

    ModelTraining.Outcome outcome =
        training(scoring.baseUrl())
            .trainOn(
                csv,
                "churned_within_90d",
                request(false, Duration.ofMinutes(1)),
                new TrainingSetExport.Summary(1, 1, 1),
                s -> {});

    assertThat(outcome.active()).isFalse();
    assertThat(scoring.findAll(postRequestedFor(urlPathEqualTo("/v1/models/m-8/activate"))))
        .isEmpty();
  }

  @Test
  void aFailedJobIsReportedWithItsError() {
    acceptsTheUpload();
    jobGoes(
        job("running", null, null),
        job("failed", null, "labelColumn: the label column must have both values"));

    assertThatThrownBy(() -> trainOn(scoring.baseUrl(), Duration.ofMinutes(1)))
        .isInstanceOf(ModelTraining.Failure.class)
        .hasMessage(
            "training job job-1 failed: labelColumn: the label column must have both values");
  }

  @Test
  void aJobThatOutlastsTheTimeoutIsReportedWithWhereToFollowIt() {
    acceptsTheUpload();
    jobGoes(job("running", null, null));

    assertThatThrownBy(() -> trainOn(scoring.baseUrl(), Duration.ofMillis(50)))
        .isInstanceOf(ModelTraining.Failure.class)
        .hasMessageContaining("training job job-1 did not finish within 0.05s (still running)")
        .hasMessageContaining(scoring.baseUrl() + JOB);
  }

  @Test
  void anUnreachableServiceIsNamedByItsUrl() throws IOException {
    String url;
    try (ServerSocket socket = new ServerSocket(0)) {
      url = "http://127.0.0.1:" + socket.getLocalPort();
    }

    assertThatThrownBy(() -> trainOn(url, Duration.ofMinutes(1)))
        .isInstanceOf(ModelTraining.Failure.class)
        .hasMessageStartingWith("scoring-service is not reachable at " + url)
        .hasMessageContaining("retain.scoring.url");
  }

  @Test
  void aServiceWithoutModelsOrWithAnotherKeySaysSo() {
    scoring.stubFor(
        post(urlPathEqualTo("/v1/models"))
            .willReturn(
                aResponse()
                    .withStatus(501)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"title\":\"Not Implemented\",\"status\":501,\"detail\":\"This build"
                            + " of the service has no churn-model core\"}")));

    assertThatThrownBy(() -> trainOn(scoring.baseUrl(), Duration.ofMinutes(1)))
        .hasMessageContaining("refused the training upload")
        .hasMessageContaining("retain.models.dir")
        .hasMessageContaining("This build of the service has no churn-model core");

    scoring.stubFor(
        post(urlPathEqualTo("/v1/models"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"status\":400,\"detail\":\"The training request is invalid\","
                            + "\"errors\":[{\"field\":\"candidates\",\"message\":\"unknown"
                            + " learner 'svm'\"}]}")));

    assertThatThrownBy(() -> trainOn(scoring.baseUrl(), Duration.ofMinutes(1)))
        .hasMessageEndingWith(
            "HTTP 400: The training request is invalid; candidates: unknown learner 'svm'");
  }

  @Test
  void theCommandPrintsTheModelAndExitsNonZeroOnFailure() {
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int code =
        training(scoring.baseUrl())
            .command(
                Map.of("--from", "2026-01-01"),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("train-model needs --to");
    assertThat(
            ModelTraining.metrics(
                Map.of("threshold", 0.2223, "cvRocAuc", 0.88434, "calibratedEce", Double.NaN)))
        .isEqualTo("cvRocAuc 0.8843, calibratedEce n/a, threshold 0.2223");
  }

  private static com.github.tomakehurst.wiremock.matching.MultipartValuePattern part(
      String name, com.github.tomakehurst.wiremock.matching.ContentPattern<?> body) {
    return aMultipart(name).withBody(body).build();
  }

  private ModelTraining.Outcome trainOn(String url, Duration timeout) {
    return training(url)
        .trainOn(
            csv,
            "churned_within_90d",
            request(false, timeout),
            new TrainingSetExport.Summary(1, 1, 1),
            s -> {});
  }
}
