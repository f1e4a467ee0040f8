package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.DemoPlant;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.ParameterInput;
import io.carbonwatch.jobs.model.PerfInput;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.util.List;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PerformanceRouterTest {
  private static final long HOUR = 3_600_000L;
  private static final long START = 1_763_942_400_000L; // 2025-11-24T00:00Z

  private static PlanRegistry plans() {
    return new PlanRegistry(DemoPlant.FILE.toString(), DemoPlant.yaml());
  }

  private static SeriesAmount total(
      Level level, String id, String metric, String unit, String window, long lengthMs, double v) {
    return new SeriesAmount(
        SeriesAmount.keyOf("sh-plant", level, id, metric),
        "sh-plant",
        "Asia/Shanghai",
        level,
        id,
        metric,
        unit,
        window,
        START,
        START + lengthMs,
        v,
        null,
        0,
        null,
        60);
  }

  private static List<Object> route(SeriesAmount... totals) throws Exception {
    try (var h =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new PerformanceRouter(plans()), ControlState.DESCRIPTOR)) {
      h.open();
      for (SeriesAmount s : totals) {
        h.processElement(s, s.startEpochMs());
      }
      List<Object> out = new java.util.ArrayList<>(h.extractOutputValues());
      var side = h.getSideOutput(PerformanceRouter.PARAMETERS);
      if (side != null) {
        side.forEach(r -> out.add(r.getValue()));
      }
      return out;
    }
  }

  @Test
  void sendsAnHourOfSeuEnergyToItsBaselineAndToItsIntensityParameter() throws Exception {
    List<Object> out = route(total(Level.SEU, "SEU-AIR", "electricity", "kWh", "1h", HOUR, 120.0));
    assertThat(out)
        .filteredOn(PerfInput.class::isInstance)
        .map(PerfInput.class::cast)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo("sh-plant|BL-AIR");
              assertThat(p.role()).isEqualTo(PerformanceEvaluator.ACTUAL);
              assertThat(p.value()).isEqualTo(120.0);
            });
    assertThat(out)
        .filteredOn(ParameterInput.class::isInstance)
        .map(ParameterInput.class::cast)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.parameter()).isEqualTo("P-AIR-SEC");
              assertThat(p.key()).isEqualTo("sh-plant|P-AIR-SEC|" + START);
              assertThat(p.denominator()).isFalse();
              assertThat(p.value()).isEqualTo(120.0);
            });
  }

  @Test
  void sendsADaysSiteEmissionsToBothSiteParametersInTheirUnits() throws Exception {
    List<Object> out =
        route(total(Level.SITE, "sh-plant", "emissions", "kgCO2e", "1d", 24 * HOUR, 5_000.0));
    assertThat(out)
        .filteredOn(ParameterInput.class::isInstance)
        .map(ParameterInput.class::cast)
        .extracting(ParameterInput::parameter, ParameterInput::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("P-SITE-CO2E", 5.0),
            org.assertj.core.groups.Tuple.tuple("P-SITE-INTENSITY", 5_000.0));
  }

  @Test
  void sendsProductionAsTheDenominatorOfEveryIntensityOnItsWindow() throws Exception {
    List<Object> out =
        route(
            total(Level.VARIABLE, "RV-PROD", "production", "pcs", "1d", 24 * HOUR, 800.0),
            total(Level.VARIABLE, "RV-PROD", "production", "pcs", "15m", 15 * 60_000L, 9.0));
    List<ParameterInput> params =
        out.stream()
            .filter(ParameterInput.class::isInstance)
            .map(ParameterInput.class::cast)
            .toList();
    // The daily site intensity only: the hourly P-AIR-SEC takes hours, no parameter takes 15m.
    assertThat(params).singleElement();
    assertThat(params.get(0).parameter()).isEqualTo("P-SITE-INTENSITY");
    assertThat(params.get(0).denominator()).isTrue();
    assertThat(params.get(0).value()).isCloseTo(800.0, Offset.offset(0.0));
  }

  @Test
  void routesOnlyTheWindowSizesThatBaselinesAndParametersUse() {
    assertThat(PerformanceRouter.routedWindows(plans())).containsExactly("1d", "1h", "1mo");
  }
}
