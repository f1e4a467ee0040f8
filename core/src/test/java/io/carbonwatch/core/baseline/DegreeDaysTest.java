package io.carbonwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DegreeDaysTest {

  @Test
  void heatingAndCoolingDegreeDaysFromDailyMeans() {
    assertThat(DegreeDays.heating(5.5, 18)).isEqualTo(12.5);
    assertThat(DegreeDays.heating(20, 18)).isZero();
    assertThat(DegreeDays.cooling(29, 26)).isEqualTo(3);
    assertThat(DegreeDays.cooling(20, 26)).isZero();
    assertThat(DegreeDays.dailyMeanFromMinMax(-2, 9)).isEqualTo(3.5);
    assertThat(DegreeDays.heatingSum(new double[] {10, 15, 20}, 18)).isEqualTo(11);
  }

  @Test
  void integratedDegreeDaysCountHoursBelowBaseOnCrossingDays() {
    double[] hours = new double[24];
    for (int h = 0; h < 24; h++) {
      hours[h] = h < 12 ? 14 : 22; // mean 18 = base: daily-mean method says 0
    }
    assertThat(DegreeDays.heating(18, 18)).isZero();
    assertThat(DegreeDays.heatingFromSamples(hours, 18)).isCloseTo(2, within(1e-12));
    assertThat(DegreeDays.coolingFromSamples(hours, 18)).isCloseTo(2, within(1e-12));
  }
}
