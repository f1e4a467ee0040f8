package io.carbonwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CusumTest {

  @Test
  void cusumAccumulatesExpectedMinusActualSoSavingsRise() {
    double[] expected = {100, 100, 100, 100};
    double[] actual = {90, 95, 110, 100};
    assertThat(Cusum.series(expected, actual)).containsExactly(10, 15, 5, 5);
  }

  @Test
  void cusumAgainstABaselineShowsSavingsAfterAnImprovement() {
    java.util.List<Observation> base = BaselineFixtures.months(24, 400);
    BaselineModel m =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd"), base);
    // the base period itself hovers around zero (OLS residuals sum to zero)
    double[] inBase = Cusum.against(m, base);
    assertThat(inBase[inBase.length - 1]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
    // after a 5 % saving the CUSUM rises by 5 % of each month's expected value
    java.util.List<Observation> after =
        base.stream()
            .map(
                o ->
                    new Observation(
                        o.periodStart(),
                        o.periodEnd(),
                        0.95 * m.predict(o.variables()).expected(),
                        o.variables()))
            .toList();
    double[] c = Cusum.against(m, after);
    for (int i = 1; i < c.length; i++) {
      assertThat(c[i]).isGreaterThan(c[i - 1]);
    }
  }

  @Test
  void longRunsStayAccurate() {
    Cusum c = Cusum.start();
    for (int i = 0; i < 1_000_000; i++) {
      c = c.add(1.1, 1.0);
    }
    assertThat(c.periods()).isEqualTo(1_000_000);
    assertThat(c.sum()).isCloseTo(100_000.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void rejectsNonFiniteValuesAndMismatchedSeries() {
    assertThatThrownBy(() -> Cusum.start().add(Double.NaN, 1)).hasMessageContaining("finite");
    assertThatThrownBy(() -> Cusum.series(new double[2], new double[3]))
        .hasMessageContaining("actual");
  }
}
