package dev.retain.routes.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.routes.features.TrainingSetExport;
import dev.retain.routes.scoring.client.ApiException;
import dev.retain.routes.scoring.client.api.ModelsApi;
import dev.retain.routes.scoring.client.model.ModelDetails;
import dev.retain.routes.scoring.client.model.ModelSummary;
import dev.retain.routes.scoring.client.model.TrainingJob;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Trains a churn model from the warehouse's own history ({@code train-model}): exports the labelled
 * training set ({@link TrainingSetExport}), uploads it to scoring-service ({@code POST
 * /v1/models}), follows the training job up to a time limit, reads the new model's metrics and,
 * when asked, activates it. Every failure ends in a {@link Failure} that says what went wrong in
 * plain words.
 */
@Component
public class ModelTraining {

  /** The id column of the export; not a feature. */
  static final String ID_COLUMN = "customer_id";

  /** The export's snapshot date; the service validates in time order by it. */
  static final String DATE_COLUMN = "snapshot_date";

  /** The export's label value for "churned within the horizon". */
  static final String POSITIVE = "1";

  /** The command's options that take a value; {@code --activate} is a flag. */
  public static final List<String> VALUE_OPTIONS =
      List.of("--from", "--to", "--step", "--horizon-days", "--out", "--candidates", "--timeout");

  /**
   * What to train on and how.
   *
   * @param csv where the training set goes; null for a temporary file, deleted afterwards
   * @param candidates comma-separated learners to try, null for the service's default
   * @param timeout how long to wait for the training job
   */
  public record Request(
      LocalDate from,
      LocalDate to,
      Period step,
      int horizonDays,
      Path csv,
      String candidates,
      boolean activate,
      Duration timeout) {}

  /** A trained model: the job, the version, its metrics, and whether it is active now. */
  public record Outcome(
      TrainingSetExport.Summary export,
      String jobId,
      Duration took,
      String modelVersion,
      String algorithm,
      Map<String, Double> metrics,
      boolean active) {}

  /** Training did not produce a model (or it could not be activated); the message says why. */
  public static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Waits between polls; a test replaces it. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainingSetExport export;
  private final ModelsApi models;
  private final String baseUrl;
  private final RestClient upload;
  private final Duration pollEvery;
  private final Sleeper sleeper;

  @Autowired
  ModelTraining(TrainingSetExport export, ModelsApi models, ScoringSettings settings) {
    this(export, models, settings, Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()));
  }

  ModelTraining(
      TrainingSetExport export,
      ModelsApi models,
      ScoringSettings settings,
      Duration pollEvery,
      Sleeper sleeper) {
    this.export = export;
    this.models = models;
    this.baseUrl = settings.url().toString().replaceAll("/$", "");
    JdkClientHttpRequestFactory factory =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder()
                // a plain HTTP/1.1 upload: no h2c upgrade dance with a large multipart body
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
    factory.setReadTimeout(settings.timeout());
    RestClient.Builder builder = RestClient.builder().requestFactory(factory).baseUrl(baseUrl);
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      builder.defaultHeader("X-API-Key", settings.apiKey());
    }
    this.upload = builder.build();
    this.pollEvery = pollEvery;
    this.sleeper = sleeper;
  }

  /**
   * The {@code train-model} command on parsed options ({@link #VALUE_OPTIONS} by name, {@code
   * --activate} as a key): prints what it did to {@code out} and returns the exit code, 0 when a
   * model was trained (and activated, if asked), else 1 with the reason on {@code err}.
   */
  public int command(Map<String, String> options, PrintStream out, PrintStream err) {
    Request request;
    try {
      request = request(options);
    } catch (IllegalArgumentException e) {
      err.println("train-model: " + e.getMessage());
      return 2;
    }
    try {
      Outcome outcome = train(request, out::println);
      out.printf(
          Locale.ROOT,
          "model %s (%s) trained in %ds%n",
          outcome.modelVersion(),
          outcome.algorithm() == null ? "unknown learner" : outcome.algorithm(),
          outcome.took().toSeconds());
      out.println("metrics: " + metrics(outcome.metrics()));
      out.println(
          outcome.active()
              ? "model " + outcome.modelVersion() + " is active: scores now carry its churn risk"
              : "model "
                  + outcome.modelVersion()
                  + " is not active; activate it with train-model --activate next time, or POST "
                  + baseUrl
                  + "/v1/models/"
                  + outcome.modelVersion()
                  + "/activate");
      return 0;
    } catch (Failure e) {
      err.println("train-model failed: " + e.getMessage());
      return 1;
    }
  }

  /**
   * The request the options describe: {@code --from} and {@code --to} are required, the rest as for
   * export-training-set, plus {@code --candidates}, {@code --timeout} (ISO-8601, default 30
   * minutes) and {@code --activate}.
   *
   * @throws IllegalArgumentException naming a missing or invalid option
   */
  public static Request request(Map<String, String> options) {
    for (String required : List.of("--from", "--to")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("train-model needs " + required);
      }
    }
    try {
      String candidates = options.get("--candidates");
      return new Request(
          LocalDate.parse(options.get("--from")),
          LocalDate.parse(options.get("--to")),
          Period.parse(options.getOrDefault("--step", "P1M")),
          Integer.parseInt(options.getOrDefault("--horizon-days", "90")),
          options.containsKey("--out") ? Path.of(options.get("--out")) : null,
          candidates == null || candidates.isBlank() ? null : candidates.strip(),
          options.containsKey("--activate"),
          Duration.parse(options.getOrDefault("--timeout", "PT30M")));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("invalid option value: " + e.getMessage(), e);
    }
  }

  /** Exports the training set, trains on it and (if asked) activates the model. */
  public Outcome train(Request request, Consumer<String> progress) {
    Path csv = request.csv();
    boolean temporary = csv == null;
    try {
      if (temporary) {
        csv = Files.createTempFile("retain-training-", ".csv");
      }
      TrainingSetExport.Summary summary;
      try {
        summary =
            export.export(request.from(), request.to(), request.step(), request.horizonDays(), csv);
      } catch (IOException e) {
        throw new Failure("cannot write the training set to " + csv + ": " + e.getMessage(), e);
      }
      progress.accept(
          String.format(
              Locale.ROOT,
              "training set: %d rows (%d churned within %d days) over %d snapshots, %s to %s",
              summary.rows(),
              summary.positives(),
              request.horizonDays(),
              summary.snapshots(),
              request.from(),
              request.to()));
      if (summary.positives() == 0 || summary.positives() == summary.rows()) {
        throw new Failure(
            summary.positives() == 0
                ? "nobody in the training set churned within "
                    + request.horizonDays()
                    + " days of a snapshot, so there is nothing to learn from: pick snapshots"
                    + " further back (--from/--to) whose horizon has passed"
                : "every row of the training set is labelled churned; check the export range");
      }
      return trainOn(
          csv, TrainingSetExport.labelColumn(request.horizonDays()), request, summary, progress);
    } catch (IOException e) {
      throw new Failure("cannot create a temporary training file: " + e.getMessage(), e);
    } finally {
      if (temporary && csv != null) {
        try {
          Files.deleteIfExists(csv);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  /** Uploads an exported training set and follows the job; package-private for tests. */
  Outcome trainOn(
      Path csv,
      String labelColumn,
      Request request,
      TrainingSetExport.Summary summary,
      Consumer<String> progress) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("file", new FileSystemResource(csv));
    form.add("labelColumn", labelColumn);
    form.add("positiveValue", POSITIVE);
    form.add("idColumn", ID_COLUMN);
    form.add("dateColumn", DATE_COLUMN);
    if (request.candidates() != null) {
      form.add("candidates", request.candidates());
    }
    TrainingJob job;
    try {
      job =
          upload
              .post()
              .uri("/v1/models")
              .contentType(MediaType.MULTIPART_FORM_DATA)
              .body(form)
              .retrieve()
              .body(TrainingJob.class);
    } catch (RestClientResponseException e) {
      throw refused(
          "the training upload", e.getStatusCode().value(), e.getResponseBodyAsString(), e);
    } catch (ResourceAccessException e) {
      throw unreachable(e);
    } catch (RestClientException e) {
      throw new Failure("the training upload to " + baseUrl + " failed: " + e.getMessage(), e);
    }
    if (job == null || job.getId() == null) {
      throw new Failure(baseUrl + "/v1/models answered without a training job");
    }
    progress.accept("training job " + job.getId() + " submitted to " + baseUrl);

    long started = System.nanoTime();
    long deadline = started + request.timeout().toNanos();
    while (!finished(job)) {
      if (System.nanoTime() >= deadline) {
        throw new Failure(
            "training job "
                + job.getId()
                + " did not finish within "
                + human(request.timeout())
                + " (still "
                + job.getStatus().getValue()
                + "); it carries on in scoring-service: see "
                + baseUrl
                + "/v1/training-jobs/"
                + job.getId()
                + " (a longer --timeout, or fewer --candidates, may help)");
      }
      try {
        sleeper.sleep(pollEvery);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure("interrupted while waiting for training job " + job.getId(), e);
      }
      String id = job.getId();
      job = call("following training job " + id, () -> models.getTrainingJob(id));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (job.getStatus() == TrainingJob.StatusEnum.FAILED) {
      throw new Failure(
          "training job "
              + job.getId()
              + " failed: "
              + (job.getError() == null ? "scoring-service gave no reason" : job.getError()));
    }
    String version = job.getModelVersion();
    if (version == null) {
      throw new Failure("training job " + job.getId() + " succeeded without a model version");
    }
    progress.accept("training job " + job.getId() + " succeeded: model " + version);
    ModelDetails model = call("reading model " + version, () -> models.getModel(version));
    Map<String, Double> metrics =
        model.getMetrics() == null ? Map.of() : new LinkedHashMap<>(model.getMetrics());
    boolean active = Boolean.TRUE.equals(model.getActive());
    if (request.activate() && !active) {
      ModelSummary activated =
          call("activating model " + version, () -> models.activateModel(version));
      active = Boolean.TRUE.equals(activated.getActive());
      if (!active) {
        throw new Failure("scoring-service did not activate model " + version);
      }
    }
    return new Outcome(summary, job.getId(), took, version, model.getAlgorithm(), metrics, active);
  }

  private static boolean finished(TrainingJob job) {
    return job.getStatus() == TrainingJob.StatusEnum.SUCCEEDED
        || job.getStatus() == TrainingJob.StatusEnum.FAILED;
  }

  private interface Call<T> {
    T call() throws ApiException;
  }

  private <T> T call(String doing, Call<T> call) {
    try {
      return call.call();
    } catch (ApiException e) {
      if (e.getCode() == 0) {
        throw unreachable(e);
      }
      throw refused(doing, e.getCode(), e.getResponseBody(), e);
    }
  }

  private Failure unreachable(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new Failure(
        "scoring-service is not reachable at "
            + baseUrl
            + " ("
            + why
            + "); check retain.scoring.url and that the service is running",
        e);
  }

  private Failure refused(String doing, int status, String body, Exception e) {
    String detail = problem(body);
    String why =
        switch (status) {
          case 401, 403 -> "the API key was refused (" + status + "); check retain.scoring.api-key";
          case 501 ->
              "this scoring-service has no churn-model core (501); start it with"
                  + " retain.models.dir set to train models";
          default -> "HTTP " + status;
        };
    return new Failure(
        "scoring-service at "
            + baseUrl
            + " refused "
            + doing
            + ": "
            + why
            + (detail.isEmpty() ? "" : ": " + detail),
        e);
  }

  /** The problem's detail and field errors, or the start of a body that is not one. */
  static String problem(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = JSON.readTree(body);
      StringBuilder sb = new StringBuilder(node.path("detail").asText(""));
      for (JsonNode error : node.path("errors")) {
        sb.append(sb.isEmpty() ? "" : "; ")
            .append(error.path("field").asText("?"))
            .append(": ")
            .append(error.path("message").asText(""));
      }
      if (!sb.isEmpty()) {
        return sb.toString();
      }
    } catch (IOException | RuntimeException e) {
      // not a problem document
    }
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /**
   * "cvRocAuc 0.8843, calibratedEce 0.0041, …": the cross-validated ROC AUC first, then by name.
   */
  static String metrics(Map<String, Double> metrics) {
    if (metrics.isEmpty()) {
      return "none reported";
    }
    Map<String, Double> ordered =
        new java.util.TreeMap<>(
            java.util.Comparator.comparing((String name) -> !name.equals("cvRocAuc"))
                .thenComparing(java.util.Comparator.naturalOrder()));
    ordered.putAll(metrics);
    StringBuilder sb = new StringBuilder();
    ordered.forEach(
        (name, value) ->
            sb.append(sb.isEmpty() ? "" : ", ")
                .append(name)
                .append(' ')
                .append(
                    value == null || value.isNaN()
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.4f", value)));
    return sb.toString();
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
