package dev.retain.routes.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.routes.act.ActStage;
import dev.retain.routes.features.FeatureStage;
import dev.retain.routes.ingest.SyncProgress;
import dev.retain.routes.publish.PublishStage;
import dev.retain.routes.score.ScoreStage;
import dev.retain.routes.unify.UnifyStage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One sync run: opens the run log, runs each stage with its timing in {@code ops.stage_log}, and
 * closes the run with its report. The Camel routes call these methods; they hold no Camel logic.
 */
@Component
public class SyncRun {
  public static final String RUN_ID = "retainRunId";
  public static final String AS_OF = "retainAsOf";
  private static final Logger log = LoggerFactory.getLogger(SyncRun.class);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SyncProgress progress;
  private final UnifyStage unify;
  private final FeatureStage features;
  private final PublishStage publish;
  private final ScoreStage score;
  private final ActStage act;
  private final ObjectMapper json;
  private final Map<Long, Partial> partials = new ConcurrentHashMap<>();

  SyncRun(
      JdbcTemplate jdbc,
      Clock clock,
      SyncProgress progress,
      UnifyStage unify,
      FeatureStage features,
      PublishStage publish,
      ScoreStage score,
      ActStage act,
      ObjectMapper json) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.progress = progress;
    this.unify = unify;
    this.features = features;
    this.publish = publish;
    this.score = score;
    this.act = act;
    this.json = json;
  }

  /** Opens a run as of the given date, or today by the injected clock when null. */
  public long start(@Header(AS_OF) LocalDate asOf) {
    LocalDate day = asOf != null ? asOf : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Long runId =
        jdbc.queryForObject(
            "insert into ops.run_log (started_at, as_of) values (?, ?) returning run_id",
            Long.class,
            Timestamp.from(clock.instant()),
            day);
    partials.put(runId, new Partial(day, clock.instant()));
    log.info("sync run {} started, as of {}", runId, day);
    return runId;
  }

  public LocalDate asOf(@Header(RUN_ID) long runId) {
    return partial(runId).asOf;
  }

  public void unify(@Header(RUN_ID) long runId) throws Exception {
    partial(runId).unify = stage(runId, "unify", () -> unify.run(), s -> s.linked(), 0);
  }

  public void features(@Header(RUN_ID) long runId) throws Exception {
    LocalDate day = partial(runId).asOf;
    partial(runId).featureRows = stage(runId, "features", () -> features.run(day), n -> n, 0);
  }

  public void publish(@Header(RUN_ID) long runId) throws Exception {
    LocalDate day = partial(runId).asOf;
    partial(runId).published = stage(runId, "publish", () -> publish.run(day), n -> n, 0);
  }

  public void score(@Header(RUN_ID) long runId) throws Exception {
    LocalDate day = partial(runId).asOf;
    partial(runId).score = stage(runId, "score", () -> score.run(day), s -> s.scored(), 0);
  }

  public void act(@Header(RUN_ID) long runId) throws Exception {
    LocalDate day = partial(runId).asOf;
    partial(runId).act =
        stage(
            runId,
            "act",
            () -> act.run(day),
            s -> s.opened() + s.updated() + s.resolved() + s.reopened(),
            0);
  }

  /** Closes the run and returns its report. */
  public RunReport finish(@Header(RUN_ID) long runId) throws Exception {
    return close(runId, "succeeded");
  }

  /** Closes a run that a stage failed. */
  public RunReport fail(@Header(RUN_ID) Long runId) throws Exception {
    return runId == null ? null : close(runId, "failed");
  }

  private RunReport close(long runId, String status) throws Exception {
    Partial p = partials.remove(runId);
    if (p == null) {
      return null;
    }
    RunReport report =
        new RunReport(
            runId,
            p.asOf,
            status,
            progress.finish(runId),
            p.unify,
            p.featureRows,
            p.published,
            p.score,
            p.act,
            Duration.between(p.started, clock.instant()));
    jdbc.update(
        "update ops.run_log set finished_at = ?, status = ?, summary = ?::jsonb where run_id = ?",
        Timestamp.from(clock.instant()),
        status,
        json.writeValueAsString(report),
        runId);
    log.info("sync run {} {} in {} s", runId, status, report.elapsed().toSeconds());
    return report;
  }

  private <T> T stage(
      long runId,
      String name,
      Callable<T> work,
      java.util.function.ToLongFunction<T> count,
      long rejected)
      throws Exception {
    Instant started = clock.instant();
    String status = "failed";
    String detail = null;
    long records = 0;
    try {
      T result = work.call();
      records = count.applyAsLong(result);
      status = "succeeded";
      return result;
    } catch (Exception e) {
      detail = e.getClass().getSimpleName() + ": " + e.getMessage();
      throw e;
    } finally {
      jdbc.update(
          "insert into ops.stage_log (run_id, stage, status, records, rejected, detail,"
              + " started_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?)"
              + " on conflict (run_id, stage) do update set status = excluded.status,"
              + " records = excluded.records, detail = excluded.detail,"
              + " finished_at = excluded.finished_at",
          runId,
          name,
          status,
          records,
          rejected,
          detail,
          Timestamp.from(started),
          Timestamp.from(clock.instant()));
    }
  }

  private Partial partial(long runId) {
    Partial p = partials.get(runId);
    if (p == null) {
      throw new IllegalStateException("run " + runId + " is not open");
    }
    return p;
  }

  private static final class Partial {
    final LocalDate asOf;
    final Instant started;
    volatile UnifyStage.Summary unify;
    volatile int featureRows;
    volatile int published;
    volatile ScoreStage.Summary score;
    volatile ActStage.Summary act;

    Partial(LocalDate asOf, Instant started) {
      this.asOf = asOf;
      this.started = started;
    }
  }
}
