package io.carbonwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Checked against closed forms that hold exactly (t with 1 and 2 degrees of freedom, F(1, d) = t²,
 * F(2, d), I_x(a, 1) = xᵃ) and against published critical values of the t and F tables.
 */
class DistributionsTest {

  @Test
  void lnGammaMatchesFactorials() {
    assertThat(Distributions.lnGamma(1)).isCloseTo(0, within(1e-14));
    assertThat(Distributions.lnGamma(5)).isCloseTo(Math.log(24), within(1e-13));
    assertThat(Distributions.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
    assertThat(Distributions.lnGamma(101)).isCloseTo(363.73937555556347, within(1e-9));
  }

  @Test
  void incompleteBetaMatchesClosedForms() {
    for (double x = 0.01; x < 1; x += 0.07) {
      assertThat(Distributions.regularizedIncompleteBeta(3.5, 1, x))
          .isCloseTo(Math.pow(x, 3.5), within(1e-13));
      assertThat(Distributions.regularizedIncompleteBeta(1, 2.5, x))
          .isCloseTo(1 - Math.pow(1 - x, 2.5), within(1e-13));
      assertThat(Distributions.regularizedIncompleteBeta(1, 1, x)).isCloseTo(x, within(1e-14));
    }
    assertThat(Distributions.regularizedIncompleteBeta(7, 7, 0.5)).isCloseTo(0.5, within(1e-14));
  }

  @Test
  void studentTCdfMatchesExactFormsForOneAndTwoDegreesOfFreedom() {
    for (double t = -20; t <= 20; t += 0.37) {
      assertThat(Distributions.studentTCdf(t, 1))
          .isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-13));
      assertThat(Distributions.studentTCdf(t, 2))
          .isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-13));
    }
  }

  @Test
  void studentTCdfMatchesPublishedCriticalValues() {
    // two-sided 5 % and 1 % critical values from standard t tables
    assertThat(Distributions.studentTCdf(2.228138851986, 10)).isCloseTo(0.975, within(1e-10));
    assertThat(Distributions.studentTCdf(4.032142983557, 5)).isCloseTo(0.995, within(1e-10));
    assertThat(Distributions.studentTCdf(1.959963984540, 1e7)).isCloseTo(0.975, within(1e-7));
    assertThat(Distributions.studentTTwoSidedP(2.262157162740, 9)).isCloseTo(0.05, within(1e-10));
  }

  @Test
  void fDistributionMatchesTSquaredAndClosedFormForTwoNumeratorDegrees() {
    for (double f = 0.05; f < 40; f *= 1.7) {
      double t = Math.sqrt(f);
      assertThat(Distributions.fCdf(f, 1, 7))
          .isCloseTo(2 * Distributions.studentTCdf(t, 7) - 1, within(1e-12));
      assertThat(Distributions.fSurvival(f, 2, 9))
          .isCloseTo(Math.pow(1 + 2 * f / 9, -4.5), within(1e-13));
      assertThat(Distributions.fCdf(f, 4, 11) + Distributions.fSurvival(f, 4, 11))
          .isCloseTo(1, within(1e-13));
    }
  }

  @Test
  void fCdfMatchesPublishedCriticalValues() {
    assertThat(Distributions.fCdf(3.708264819, 3, 10)).isCloseTo(0.95, within(1e-8));
    assertThat(Distributions.fCdf(5.848932, 2, 20)).isCloseTo(0.99, within(1e-7));
  }

  @Test
  void tinyPValuesKeepTheirPrecision() {
    double p = Distributions.fSurvival(330.285339234588, 6, 9);
    assertThat(p).isGreaterThan(0).isLessThan(1e-8);
    assertThat(Distributions.studentTTwoSidedP(60, 30)).isGreaterThan(0).isLessThan(1e-30);
  }
}
