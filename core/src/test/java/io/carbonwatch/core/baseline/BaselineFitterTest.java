package io.carbonwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineFitterTest {

  private final List<Observation> months = BaselineFixtures.months(24, 400);
  private final BaselineModel model =
      BaselineFitter.regression(
          BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd"), months);

  @Test
  void regressionBaselineRecoversCoefficientsAndCarriesStatistics() {
    assertThat(model.kind()).isEqualTo(BaselineModel.Kind.REGRESSION);
    assertThat(model.intercept()).isCloseTo(5000, within(1000.0));
    assertThat(model.terms()).extracting(Term::variable).containsExactly("production", "hdd");
    // the generating coefficients lie within three standard errors of the estimates
    Term production = model.terms().get(0);
    Term hdd = model.terms().get(1);
    assertThat(production.coefficient()).isCloseTo(120, within(3 * production.standardError()));
    assertThat(hdd.coefficient()).isCloseTo(30, within(3 * hdd.standardError()));
    FitStatistics s = model.statistics();
    assertThat(s.n()).isEqualTo(24);
    assertThat(s.parameters()).isEqualTo(3);
    assertThat(s.dfResidual()).isEqualTo(21);
    assertThat(s.r2()).isGreaterThan(0.95);
    assertThat(s.fPValue()).isLessThan(1e-10);
    assertThat(model.terms()).allSatisfy(t -> assertThat(t.pValue()).isLessThan(1e-6));
    assertThat(model.basePeriodStart()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(model.basePeriodEnd()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void cvRmseAndNmbeUseAshraeDegreesOfFreedom() {
    double sse = 0;
    double mean = 0;
    for (Observation o : months) {
      double e = o.actual() - model.predict(o.variables()).expected();
      sse += e * e;
      mean += o.actual();
    }
    mean /= months.size();
    int p = 3;
    assertThat(model.statistics().cvRmsePercent())
        .isCloseTo(100 * Math.sqrt(sse / (months.size() - p)) / mean, within(1e-9));
    // OLS with an intercept has residuals summing to zero: in-sample NMBE is 0 by construction
    assertThat(model.statistics().nmbePercent()).isCloseTo(0, within(1e-9));
  }

  @Test
  void fittedRangePerVariableIsRecorded() {
    double min = months.stream().mapToDouble(o -> o.variables().get("hdd")).min().orElseThrow();
    double max = months.stream().mapToDouble(o -> o.variables().get("hdd")).max().orElseThrow();
    Term hdd = model.terms().get(1);
    assertThat(hdd.fittedMin()).isEqualTo(min);
    assertThat(hdd.fittedMax()).isEqualTo(max);
  }

  @Test
  void predictionInsideRangeHasNoWarnings() {
    Map<String, Double> x = Map.of("production", 310.0, "hdd", 100.0);
    Prediction p = model.predict(x);
    double manual =
        model.intercept()
            + model.terms().get(0).coefficient() * 310
            + model.terms().get(1).coefficient() * 100;
    assertThat(p.expected()).isCloseTo(manual, within(1e-9));
    assertThat(p.warnings()).isEmpty();
    assertThat(p.standardErrorOfPrediction()).isGreaterThan(p.standardErrorOfFit());
  }

  @Test
  void predictionWarnsWhenVariableLiesOutsideFittedRange() {
    Prediction p = model.predict(Map.of("production", 900.0, "hdd", 100.0));
    assertThat(p.extrapolated()).isTrue();
    assertThat(p.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.variable()).isEqualTo("production");
              assertThat(w.value()).isEqualTo(900.0);
              assertThat(w.messages().get("en"))
                  .contains("production")
                  .contains("outside the fitted range");
              assertThat(w.messages().get("zh-CN")).contains("production").contains("超出基准期拟合范围");
            });
  }

  @Test
  void predictionErrorGrowsAwayFromTheBasePeriodMean() {
    double meanProduction = model.terms().get(0).mean();
    double meanHdd = model.terms().get(1).mean();
    Prediction center = model.predict(Map.of("production", meanProduction, "hdd", meanHdd));
    Prediction edge = model.predict(Map.of("production", meanProduction + 60, "hdd", meanHdd));
    assertThat(edge.standardErrorOfFit()).isGreaterThan(center.standardErrorOfFit());
    // at the centroid the fit error of an OLS mean is s/√n
    assertThat(center.standardErrorOfFit())
        .isCloseTo(model.statistics().residualStandardError() / Math.sqrt(24), within(1e-9));
  }

  @Test
  void predictionWithMissingVariableNamesIt() {
    assertThatThrownBy(() -> model.predict(Map.of("production", 300.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hdd' is missing")
        .hasMessageContaining("bl-air");
  }

  @Test
  void intensityBaselineIsTheRatioOfBasePeriodTotals() {
    List<Observation> obs =
        List.of(
            obs("2025-01-01T00:00:00Z", 100, 10),
            obs("2025-02-01T00:00:00Z", 220, 20),
            obs("2025-03-01T00:00:00Z", 330, 30));
    BaselineModel m =
        BaselineFitter.intensity(
            BaselineFixtures.spec(Granularity.MONTHLY, false, "production"), obs);
    assertThat(m.kind()).isEqualTo(BaselineModel.Kind.INTENSITY);
    assertThat(m.terms().get(0).coefficient()).isCloseTo(650.0 / 60, within(1e-12));
    assertThat(m.predict(Map.of("production", 12.0)).expected()).isCloseTo(130, within(1e-9));
    // residuals 100 − 108.33, 220 − 216.67, 330 − 325 → SSE = 69.444 + 11.111 + 25 = 105.555…
    assertThat(m.statistics().sse()).isCloseTo(105.0 + 5.0 / 9, within(1e-9));
    assertThat(m.statistics().r2()).isNull();
  }

  @Test
  void absoluteBaselineIsTheBasePeriodMean() {
    List<Observation> obs =
        List.of(
            obs("2025-01-01T00:00:00Z", 100, 0),
            obs("2025-02-01T00:00:00Z", 120, 0),
            obs("2025-03-01T00:00:00Z", 140, 0));
    BaselineModel m =
        BaselineFitter.absolute(BaselineFixtures.spec(Granularity.MONTHLY, true), obs);
    assertThat(m.intercept()).isEqualTo(120.0);
    assertThat(m.predict(Map.of()).expected()).isEqualTo(120.0);
    // s = √(800/2) = 20, CV = 100·20/120
    assertThat(m.statistics().cvRmsePercent()).isCloseTo(100.0 * 20 / 120, within(1e-9));
  }

  @Test
  void observationMissingAVariableIsNamedWithItsPeriod() {
    List<Observation> obs =
        List.of(
            obs("2025-01-01T00:00:00Z", 100, 1),
            new Observation(
                Instant.parse("2025-02-01T00:00:00Z"),
                Instant.parse("2025-03-01T00:00:00Z"),
                1,
                Map.of()),
            obs("2025-03-01T00:00:00Z", 100, 3));
    assertThatThrownBy(
            () ->
                BaselineFitter.regression(
                    BaselineFixtures.spec(Granularity.MONTHLY, true, "production"), obs))
        .hasMessageContaining(
            "observations[1] (2025-02-01T00:00:00Z): variable 'production' is missing");
  }

  @Test
  void baselineWithoutReasonIsRejected() {
    assertThatThrownBy(
            () ->
                new BaselineSpec(
                    "b", 1, "s", "t", "energy", "kWh", Granularity.DAILY, List.of(), true, " "))
        .hasMessageContaining("reason");
  }

  static Observation obs(String start, double actual, double production) {
    Instant s = Instant.parse(start);
    return new Observation(s, s.plusSeconds(86400 * 28), actual, Map.of("production", production));
  }
}
