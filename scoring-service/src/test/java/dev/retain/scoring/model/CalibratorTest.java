package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratorTest {

  @Test
  void plattRecoversAKnownDistortion() {
    // true probability sigmoid(z); the model reports sigmoid(z / 2 - 1): Platt should find a=2, b=2
    Random random = new Random(7);
    int n = 40_000;
    double[] y = new double[n];
    double[] raw = new double[n];
    for (int i = 0; i < n; i++) {
      double z = random.nextGaussian() * 2;
      y[i] = random.nextDouble() < Calibrator.sigmoid(z) ? 1 : 0;
      raw[i] = Calibrator.sigmoid(z / 2 - 1);
    }
    Calibrator c = Calibrator.fit(Calibrator.Method.PLATT, y, raw);
    assertThat(c.a()).isCloseTo(2, within(0.1));
    assertThat(c.b()).isCloseTo(2, within(0.1));
    assertThat(Metrics.calibration(y, c.apply(raw), 10).ece())
        .isLessThan(Metrics.calibration(y, raw, 10).ece());
  }

  @Test
  void isotonicPoolsViolatorsIntoAMonotoneFit() {
    double[] raw = {0.1, 0.2, 0.3, 0.4};
    double[] y = {0, 1, 0, 1};
    // PAV: 0 | 1, 0 -> pooled 0.5 | 1
    Calibrator c = Calibrator.fit(Calibrator.Method.ISOTONIC, y, raw);
    assertThat(c.y()).containsExactly(0.0, 0.5, 1.0);
    assertThat(c.x().get(1)).isCloseTo(0.25, within(1e-12));
    assertThat(c.apply(0.05)).isEqualTo(0.0);
    assertThat(c.apply(0.25)).isCloseTo(0.5, within(1e-12));
    assertThat(c.apply(0.9)).isEqualTo(1.0);
  }
}
