package io.carbonwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineCriteriaTest {

  private final BaselineCriteria criteria = BaselineCriteria.loadDefaults();

  @Test
  void defaultsComeFromTheDataFileWithSources() {
    assertThat(criteria.defaultGateSets()).containsExactly("ashrae-g14", "enpi-lite");
    assertThat(criteria.gates("ashrae-g14"))
        .extracting(ValidityGate::id, ValidityGate::threshold, ValidityGate::granularity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("g14-monthly-cv-rmse", 15.0, Granularity.MONTHLY),
            org.assertj.core.groups.Tuple.tuple("g14-monthly-nmbe", 5.0, Granularity.MONTHLY),
            org.assertj.core.groups.Tuple.tuple("g14-hourly-cv-rmse", 30.0, Granularity.HOURLY),
            org.assertj.core.groups.Tuple.tuple("g14-hourly-nmbe", 10.0, Granularity.HOURLY));
    assertThat(criteria.gates("enpi-lite"))
        .extracting(ValidityGate::metric, ValidityGate::comparison, ValidityGate::threshold)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ValidityGate.Metric.MODEL_F_P_VALUE, ValidityGate.Comparison.LESS_THAN, 0.10),
            org.assertj.core.groups.Tuple.tuple(
                ValidityGate.Metric.R2, ValidityGate.Comparison.AT_LEAST, 0.5),
            org.assertj.core.groups.Tuple.tuple(
                ValidityGate.Metric.MAX_VARIABLE_P_VALUE, ValidityGate.Comparison.LESS_THAN, 0.20),
            org.assertj.core.groups.Tuple.tuple(
                ValidityGate.Metric.MIN_VARIABLE_P_VALUE, ValidityGate.Comparison.LESS_THAN, 0.10));
    assertThat(criteria.gates("ashrae-g14"))
        .allSatisfy(g -> assertThat(g.source()).contains("Guideline 14"));
    assertThat(criteria.gates("enpi-lite"))
        .allSatisfy(g -> assertThat(g.source()).contains("enpilite.lbl.gov"));
    assertThat(criteria.gates("caltrack-2.0").get(0).verification()).isEqualTo("primary");
  }

  @Test
  void goodMonthlyModelPassesAllApplicableGatesAndSkipsHourlyOnes() {
    BaselineModel m =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd"),
            BaselineFixtures.months(24, 400));
    GateReport report = criteria.evaluate(m);
    assertThat(report.valid()).isTrue();
    assertThat(report.result("g14-monthly-cv-rmse").status()).isEqualTo(GateResult.Status.PASS);
    assertThat(report.result("g14-hourly-cv-rmse").status())
        .isEqualTo(GateResult.Status.NOT_APPLICABLE);
    assertThat(report.result("enpi-r2").value()).isGreaterThan(0.95);
  }

  @Test
  void failingGateReportsValueAndThreshold() {
    BaselineModel noisy =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd"),
            BaselineFixtures.months(24, 15_000));
    GateReport report = criteria.evaluate(noisy);
    GateResult cv = report.result("g14-monthly-cv-rmse");
    assertThat(cv.status()).isEqualTo(GateResult.Status.FAIL);
    assertThat(cv.value()).isGreaterThan(15);
    assertThat(cv.threshold()).isEqualTo(15);
    assertThat(cv.explanation()).contains("cv_rmse_percent").contains("≤ 15").endsWith("fail");
    assertThat(report.valid()).isFalse();
    assertThat(report.failures()).contains(cv);
  }

  @Test
  void irrelevantVariableFailsTheEachVariablePValueGate() {
    BaselineModel m =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd", "junk"),
            BaselineFixtures.months(24, 400));
    GateReport report = criteria.evaluate(m);
    assertThat(report.result("enpi-each-variable-p").status()).isEqualTo(GateResult.Status.FAIL);
    assertThat(report.result("enpi-one-variable-p").status()).isEqualTo(GateResult.Status.PASS);
  }

  @Test
  void dailyModelHasNoSourcedG14Threshold() {
    BaselineModel m =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.DAILY, true, "production", "hdd"),
            BaselineFixtures.months(24, 400));
    GateReport report = criteria.evaluate(m, List.of("ashrae-g14"));
    assertThat(report.results())
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(GateResult.Status.NOT_APPLICABLE));
    assertThat(report.valid()).as("no applicable gate means not validated").isFalse();
  }

  @Test
  void absoluteBaselineReportsRegressionGatesNotApplicable() {
    BaselineModel m =
        BaselineFitter.absolute(
            BaselineFixtures.spec(Granularity.MONTHLY, true), BaselineFixtures.months(12, 400));
    GateReport report = criteria.evaluate(m);
    assertThat(report.result("enpi-r2").status()).isEqualTo(GateResult.Status.NOT_APPLICABLE);
    assertThat(report.result("enpi-r2").explanation()).contains("absolute");
    assertThat(report.result("g14-monthly-cv-rmse").status())
        .isNotEqualTo(GateResult.Status.NOT_APPLICABLE);
  }

  @Test
  void siteSpecificGatesReplaceTheDefaults() {
    ValidityGate strict =
        criteria.gates("ashrae-g14").get(0).withThreshold(0.5, "site policy 2026-11");
    BaselineModel m =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd"),
            BaselineFixtures.months(24, 400));
    GateReport report = BaselineCriteria.of(List.of(strict)).evaluate(m);
    assertThat(report.results())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(GateResult.Status.FAIL);
              assertThat(r.gate().source()).isEqualTo("site policy 2026-11");
            });
  }

  @Test
  void malformedCriteriaFileNamesFileLineAndPath() {
    String yaml =
        "version: 1\n"
            + "gateSets:\n"
            + "  - id: mine\n"
            + "    source: test\n"
            + "    verification: none\n"
            + "    gates:\n"
            + "      - {id: a, metric: cv_rmse, comparison: at_most, threshold: 1}\n";
    assertThatThrownBy(
            () ->
                BaselineCriteria.load(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                    "criteria.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("criteria.yaml:7:")
        .hasMessageContaining("gateSets[0].gates[0].metric")
        .hasMessageContaining("expected one of cv_rmse_percent");
  }

  @Test
  void criteriaFileWithoutSourceIsRejected() {
    String yaml = "gateSets:\n  - id: mine\n    verification: none\n    gates: []\n";
    assertThatThrownBy(
            () ->
                BaselineCriteria.load(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "c.yaml"))
        .hasMessageContaining("c.yaml: gateSets[0]")
        .hasMessageContaining("source");
  }
}
