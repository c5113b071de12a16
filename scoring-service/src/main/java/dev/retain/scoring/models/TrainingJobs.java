package dev.retain.scoring.models;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training as jobs, one at a time on a single worker thread with a short queue, and remembers
 * the last {@link #MAX_JOBS} jobs in memory (a restart forgets them; the models they trained stay
 * in the core's registry).
 */
final class TrainingJobs implements AutoCloseable {

  static final int MAX_JOBS = 100;
  static final int MAX_QUEUED = 4;

  private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

  /** What a job is doing. */
  enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /** A job's state; {@code modelVersion} once it succeeded, {@code error} once it failed. */
  record Job(
      String id,
      Status status,
      Instant submittedAt,
      Instant startedAt,
      Instant finishedAt,
      String modelVersion,
      String error) {
    Job {
      requireNonNull(id, "id");
      requireNonNull(status, "status");
      requireNonNull(submittedAt, "submittedAt");
    }
  }

  private final Clock clock;
  private final ThreadPoolExecutor worker;
  private final Map<String, Job> jobs =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
          return size() > MAX_JOBS;
        }
      };

  TrainingJobs(Clock clock) {
    this.clock = clock;
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED),
            r -> {
              Thread t = new Thread(r, "model-training");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Queues a training run.
   *
   * @throws RejectedExecutionException when {@link #MAX_QUEUED} jobs are waiting already
   */
  synchronized Job submit(ChurnModels models, TrainingData data) {
    String id = UUID.randomUUID().toString();
    Job queued = new Job(id, Status.QUEUED, clock.instant(), null, null, null, null);
    worker.execute(() -> run(id, models, data));
    jobs.put(id, queued);
    return queued;
  }

  synchronized Optional<Job> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  private void run(String id, ChurnModels models, TrainingData data) {
    update(
        id, j -> new Job(id, Status.RUNNING, j.submittedAt(), clock.instant(), null, null, null));
    try {
      ModelInfo trained = models.train(data);
      update(
          id,
          j ->
              new Job(
                  id,
                  Status.SUCCEEDED,
                  j.submittedAt(),
                  j.startedAt(),
                  clock.instant(),
                  trained.version(),
                  null));
    } catch (RuntimeException | Error e) {
      log.warn("Training job {} failed", id, e);
      String error =
          e instanceof InvalidTrainingDataException invalid
              ? invalid.field() + ": " + invalid.getMessage()
              : e.getClass().getSimpleName() + ": " + e.getMessage();
      update(
          id,
          j ->
              new Job(
                  id, Status.FAILED, j.submittedAt(), j.startedAt(), clock.instant(), null, error));
    }
  }

  private synchronized void update(String id, java.util.function.UnaryOperator<Job> change) {
    Job job = jobs.get(id);
    if (job != null) {
      jobs.put(id, change.apply(job));
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
