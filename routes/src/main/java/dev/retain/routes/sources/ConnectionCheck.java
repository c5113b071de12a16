package dev.retain.routes.sources;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.TicketingSink;
import dev.retain.routes.scoring.client.api.ScorecardsApi;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Tests every connection the app depends on: sources, the scoring service, the ticket sink. */
@Component
public class ConnectionCheck {
  private final SourceRegistry sources;
  private final ScorecardsApi scorecards;
  private final TicketingSink sink;

  ConnectionCheck(SourceRegistry sources, ScorecardsApi scorecards, TicketingSink sink) {
    this.sources = sources;
    this.scorecards = scorecards;
    this.sink = sink;
  }

  public List<CheckResult> checkAll() {
    List<CheckResult> results = new ArrayList<>(sources.checkAll());
    try {
      String version = scorecards.getCurrentScorecard().getVersion();
      results.add(CheckResult.ok("scoring", "scorecard " + version + " in force"));
    } catch (Exception e) {
      results.add(CheckResult.failed("scoring", "scoring-service not usable: " + e.getMessage()));
    }
    try {
      results.add(sink.check());
    } catch (RuntimeException e) {
      results.add(CheckResult.failed(sink.system(), e.getMessage()));
    }
    return results;
  }
}
