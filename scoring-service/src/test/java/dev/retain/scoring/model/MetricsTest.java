package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every metric against values worked out by hand (shown in the comments). */
class MetricsTest {

  // four customers: two stayed (0.1, 0.4), two churned (0.35, 0.8)
  private final double[] y = {0, 0, 1, 1};
  private final double[] p = {0.1, 0.4, 0.35, 0.8};

  @Test
  void rocAucCountsOrderedPairs() {
    // pairs (positive, negative): (0.35,0.1) yes, (0.35,0.4) no, (0.8,0.1) yes, (0.8,0.4) yes: 3/4
    assertThat(Metrics.rocAuc(y, p)).isEqualTo(0.75);
  }

  @Test
  void rocAucCountsTiesAsHalf() {
    assertThat(Metrics.rocAuc(new double[] {0, 1}, new double[] {0.5, 0.5})).isEqualTo(0.5);
    // (0.7 vs 0.7) = 1/2, (0.7 vs 0.2) = 1: 1.5 / 2
    assertThat(Metrics.rocAuc(new double[] {0, 0, 1}, new double[] {0.7, 0.2, 0.7}))
        .isEqualTo(0.75);
  }

  @Test
  void prAucIsAveragePrecision() {
    // descending: 0.8 (1): P=1, R=1/2; 0.4 (0): no recall gained; 0.35 (1): P=2/3, R=1
    // AP = 1/2 * 1 + 1/2 * 2/3 = 5/6
    assertThat(Metrics.prAuc(y, p)).isCloseTo(5.0 / 6, within(1e-12));
  }

  @Test
  void logLossIsMeanNegativeLogLikelihood() {
    double expected = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4;
    assertThat(Metrics.logLoss(y, p)).isCloseTo(expected, within(1e-12));
    assertThat(expected).isCloseTo(0.472287, within(1e-6));
  }

  @Test
  void brierIsMeanSquaredError() {
    // (0.01 + 0.16 + 0.4225 + 0.04) / 4
    assertThat(Metrics.brier(y, p)).isCloseTo(0.158125, within(1e-12));
  }

  @Test
  void expectedCalibrationErrorWeighsBinsByCount() {
    // bin [0, .5): 0.1, 0.4, 0.35 -> mean 0.28333, rate 1/3, gap 0.05, weight 3/4
    // bin [.5, 1]: 0.8 -> rate 1, gap 0.2, weight 1/4;  ECE = 0.0375 + 0.05
    Metrics.Calibration c = Metrics.calibration(y, p, 2);
    assertThat(c.ece()).isCloseTo(0.0875, within(1e-12));
    assertThat(c.bins()).hasSize(2);
    assertThat(c.bins().get(0).count()).isEqualTo(3);
    assertThat(c.bins().get(0).meanPredicted()).isCloseTo(0.85 / 3, within(1e-12));
    assertThat(c.bins().get(0).observedRate()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(c.bins().get(1).observedRate()).isEqualTo(1.0);
    // a probability of exactly 1 falls in the last bin
    assertThat(Metrics.calibration(new double[] {1}, new double[] {1.0}, 10).bins().get(9).count())
        .isEqualTo(1);
  }

  @Test
  void topDecileLiftAndRecall() {
    // 20 customers, 4 churners; the two highest scores are churners, the other two are low
    double[] y20 = new double[20];
    double[] p20 = new double[20];
    for (int i = 0; i < 20; i++) {
      p20[i] = i / 100.0;
    }
    y20[19] = 1;
    y20[18] = 1;
    y20[0] = 1;
    y20[1] = 1;
    Metrics.TopDecile top = Metrics.topDecile(y20, p20);
    assertThat(top.size()).isEqualTo(2);
    assertThat(top.positiveRate()).isEqualTo(1.0);
    assertThat(top.lift()).isCloseTo(5.0, within(1e-12)); // 1.0 / 0.2
    assertThat(top.recall()).isEqualTo(0.5); // 2 of 4
  }

  @Test
  void confusionAtThresholdCountsAtOrAboveAsPositive() {
    Metrics.Confusion c = Metrics.confusion(y, p, 0.4);
    assertThat(c.truePositives()).isEqualTo(1); // 0.8
    assertThat(c.falsePositives()).isEqualTo(1); // 0.4
    assertThat(c.trueNegatives()).isEqualTo(1); // 0.1
    assertThat(c.falseNegatives()).isEqualTo(1); // 0.35
    assertThat(c.precision()).isEqualTo(0.5);
    assertThat(c.recall()).isEqualTo(0.5);
    assertThat(c.accuracy()).isEqualTo(0.5);
  }
}
