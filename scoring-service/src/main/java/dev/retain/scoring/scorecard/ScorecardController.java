package dev.retain.scoring.scorecard;

import dev.retain.scoring.api.ScorecardsApi;
import dev.retain.scoring.scorecard.ScorecardRegistry.VersionConflictException;
import dev.retain.scoring.web.RequestProblem;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Shows the scorecard in force and its versions; replaces it with a validated new version. */
@RestController
class ScorecardController implements ScorecardsApi {

  private final ScorecardRegistry registry;

  ScorecardController(ScorecardRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ResponseEntity<dev.retain.scoring.api.model.Scorecard> getCurrentScorecard() {
    return ResponseEntity.ok(ScorecardMapper.toDto(registry.current().scorecard()));
  }

  @Override
  public ResponseEntity<dev.retain.scoring.api.model.Scorecard> getScorecard(String version) {
    return registry
        .find(version)
        .map(ScorecardMapper::toDto)
        .map(ResponseEntity::ok)
        .orElseThrow(
            () ->
                RequestProblem.notFound(
                    "There is no scorecard version '" + version + "'",
                    List.of(new FieldProblem("version", "unknown scorecard version"))));
  }

  @Override
  public ResponseEntity<dev.retain.scoring.api.model.Scorecard> replaceCurrentScorecard(
      dev.retain.scoring.api.model.Scorecard scorecard) {
    if (scorecard == null) {
      throw RequestProblem.invalid(
          "A scorecard is required", List.of(new FieldProblem("body", "required, as JSON")));
    }
    SegmentedScorecard next = ScorecardMapper.fromDto(scorecard);
    try {
      return ResponseEntity.ok(ScorecardMapper.toDto(registry.replace(next)));
    } catch (VersionConflictException e) {
      throw RequestProblem.conflict(
          "The scorecard was not replaced: " + e.getMessage(),
          List.of(new FieldProblem("version", e.getMessage())));
    }
  }
}
