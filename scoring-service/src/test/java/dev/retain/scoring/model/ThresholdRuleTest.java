package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Operating thresholds against hand-computed choices. */
class ThresholdRuleTest {

  // F1 at 0.9: 2/4; 0.8: 4/5; 0.7: 4/6; 0.6: 6/7 (best); 0.3: 6/8; 0.1: 6/9
  static final double[] Y = {1, 1, 0, 1, 0, 0};
  static final double[] P = {0.9, 0.8, 0.7, 0.6, 0.3, 0.1};

  @Test
  void f1PicksTheBestF1() {
    assertThat(ThresholdRule.parse("f1").choose(Y, P)).isEqualTo(0.6);
  }

  @Test
  void costWeighsMissedChurners() {
    // fp + R fn: 0.9: 2R; 0.8: R; 0.7: 1 + R; 0.6: 1; 0.3: 2; 0.1: 3
    assertThat(ThresholdRule.parse("cost:5").choose(Y, P)).isEqualTo(0.6);
    assertThat(ThresholdRule.parse("cost:0.5").choose(Y, P)).isEqualTo(0.8);
  }

  @Test
  void aNumberIsFixed() {
    assertThat(ThresholdRule.parse("0.35").choose(Y, P)).isEqualTo(0.35);
    assertThatThrownBy(() -> ThresholdRule.parse("1.5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThresholdRule.parse("best"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
