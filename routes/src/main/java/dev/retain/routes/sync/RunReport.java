package dev.retain.routes.sync;

import dev.retain.routes.act.ActStage;
import dev.retain.routes.ingest.SyncProgress.StreamCounts;
import dev.retain.routes.score.ScoreStage;
import dev.retain.routes.unify.UnifyStage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/** What one sync did: the answer of {@code direct:sync} and the run log's summary. */
public record RunReport(
    long runId,
    LocalDate asOf,
    String status,
    Map<String, StreamCounts> streams,
    UnifyStage.Summary unify,
    int featureRows,
    int customersPublished,
    ScoreStage.Summary score,
    ActStage.Summary act,
    Duration elapsed) {}
