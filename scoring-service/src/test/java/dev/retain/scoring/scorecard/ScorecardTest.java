package dev.retain.scoring.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScorecardTest {

  private static final Measure A = Measure.of("a", "fa", "usage", 0.5, 0, 10);

  @Test
  void thresholdsMustBeOrderedAndWithinZeroToHundred() {
    assertThatThrownBy(() -> new Scorecard("v", 65, 65, List.of(A)))
        .isInstanceOfSatisfying(
            InvalidScorecardException.class, e -> assertThat(e.key()).isEqualTo("red-below"));
    assertThatThrownBy(() -> new Scorecard("v", 40, 101, List.of(A)))
        .isInstanceOfSatisfying(
            InvalidScorecardException.class, e -> assertThat(e.key()).isEqualTo("yellow-below"));
  }

  @Test
  void measureNamesMustBeUnique() {
    Measure again = Measure.of("a", "other", "support", 0.2, 0, 1);

    assertThatThrownBy(() -> new Scorecard("v", 40, 65, List.of(A, again)))
        .isInstanceOfSatisfying(
            InvalidScorecardException.class,
            e -> {
              assertThat(e.key()).isEqualTo("measures[1].name");
              assertThat(e.problem()).contains("duplicate", "'a'");
            });
  }

  @Test
  void measuresAreCheckedOnTheirOwn() {
    assertThatThrownBy(() -> Measure.of("a", "fa", "g", 0, 0, 1))
        .isInstanceOfSatisfying(
            InvalidScorecardException.class, e -> assertThat(e.key()).isEqualTo("weight"));
    assertThatThrownBy(() -> Measure.of("a", "fa", "g", 1, 3, 3))
        .isInstanceOfSatisfying(
            InvalidScorecardException.class, e -> assertThat(e.key()).isEqualTo("good"));
    assertThatThrownBy(() -> Measure.of(" ", "fa", "g", 1, 0, 1))
        .isInstanceOfSatisfying(
            InvalidScorecardException.class, e -> assertThat(e.key()).isEqualTo("name"));
    assertThatThrownBy(
            () ->
                new Measure(
                    "p", "f", "g", 1, 1, 0, null, ReasonKind.FLAG, "failed", null, null, null))
        .isInstanceOfSatisfying(
            InvalidScorecardException.class, e -> assertThat(e.key()).isEqualTo("off-label"));
  }

  @Test
  void labelDefaultsToTheNameInWords() {
    assertThat(Measure.of("seat_utilisation", "f", "g", 1, 0, 1).label())
        .isEqualTo("seat utilisation");
  }
}
