package dev.retain.scoring.scorecard;

import dev.retain.scoring.api.ScorecardsApi;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Shows the scorecard in force. */
@RestController
class ScorecardController implements ScorecardsApi {

  private final dev.retain.scoring.api.model.Scorecard current;

  ScorecardController(Scorecard scorecard) {
    this.current = toDto(scorecard);
  }

  @Override
  public ResponseEntity<dev.retain.scoring.api.model.Scorecard> getCurrentScorecard() {
    return ResponseEntity.ok(current);
  }

  private static dev.retain.scoring.api.model.Scorecard toDto(Scorecard scorecard) {
    List<dev.retain.scoring.api.model.Measure> measures = new ArrayList<>();
    for (Measure m : scorecard.measures()) {
      measures.add(
          new dev.retain.scoring.api.model.Measure(
                  m.name(), m.feature(), m.weight(), m.bad(), m.good())
              .group(m.group())
              .unit(m.unit()));
    }
    return new dev.retain.scoring.api.model.Scorecard(
        scorecard.version(), scorecard.redBelow(), scorecard.yellowBelow(), measures);
  }
}
