package dev.retain.scoring.scores;

import dev.retain.scoring.api.ScoringApi;
import dev.retain.scoring.api.model.ScoreRequest;
import dev.retain.scoring.api.model.ScoreResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** POST /v1/scores. */
@RestController
class ScoresController implements ScoringApi {

  private final ScoringService scoring;

  ScoresController(ScoringService scoring) {
    this.scoring = scoring;
  }

  @Override
  public ResponseEntity<ScoreResponse> scoreCustomers(ScoreRequest scoreRequest) {
    return ResponseEntity.ok(scoring.score(scoreRequest));
  }
}
