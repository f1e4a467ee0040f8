package io.carbonwatch.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.check.SiteModels;
import io.carbonwatch.jobs.DemoPlant;
import io.carbonwatch.jobs.model.ChannelMode;
import io.carbonwatch.jobs.model.Level;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class SitePlanTest {
  private static final SitePlan PLAN =
      SitePlan.compile(DemoPlant.model(), DemoPlant.library()).get("sh-plant");

  private static List<String> activityTargets(String meter, String channel) {
    return PLAN.channel(meter, channel).activity().stream()
        .flatMap(
            r ->
                r.targets().stream()
                    .map(
                        t ->
                            t.level().tag()
                                + ":"
                                + t.id()
                                + ":"
                                + t.metric()
                                + "×"
                                + r.coefficient()))
        .toList();
  }

  private static List<String> emissionTargets(String meter, String channel) {
    return PLAN.channel(meter, channel).emissions().stream()
        .flatMap(
            r ->
                r.targets().stream()
                    .map(
                        t ->
                            r.rate().sourceId()
                                + "→"
                                + t.level().tag()
                                + ":"
                                + t.id()
                                + ":"
                                + t.metric()))
        .toList();
  }

  @Test
  void countsSiteActivityThroughCarbonSourcesSoSubMetersAreNotCountedTwice() {
    assertThat(activityTargets("M-MAIN", "energy_import"))
        .contains(
            "meter:M-MAIN:energy_import×1.0",
            "virtual_meter:VM-OTHER:electricity×1.0",
            "source:SRC-GRID:electricity×1.0",
            "site:sh-plant:electricity×1.0",
            "organisation:demo-co:electricity×1.0");
    assertThat(activityTargets("M-AIR-1", "energy_import"))
        .containsExactlyInAnyOrder(
            "meter:M-AIR-1:energy_import×1.0",
            "virtual_meter:VM-OTHER:electricity×-1.0",
            "seu:SEU-AIR:electricity×1.0");
  }

  @Test
  void givesAnSeuWithoutOwnSourceTheEmissionsOfTheSupplyingSource() {
    assertThat(emissionTargets("M-AIR-1", "energy_import"))
        .containsExactlyInAnyOrder(
            "SRC-GRID→seu:SEU-AIR:emissions.scope2", "SRC-GRID→seu:SEU-AIR:emissions");
    assertThat(emissionTargets("M-GAS", "volume_standard"))
        .containsExactlyInAnyOrder(
            "SRC-BOILER-GAS→source:SRC-BOILER-GAS:emissions.scope1",
            "SRC-BOILER-GAS→source:SRC-BOILER-GAS:emissions",
            "SRC-BOILER-GAS→site:sh-plant:emissions.scope1",
            "SRC-BOILER-GAS→site:sh-plant:emissions",
            "SRC-BOILER-GAS→organisation:demo-co:emissions.scope1",
            "SRC-BOILER-GAS→organisation:demo-co:emissions",
            "SRC-BOILER-GAS→seu:SEU-BOILER:emissions.scope1",
            "SRC-BOILER-GAS→seu:SEU-BOILER:emissions");
  }

  @Test
  void booksRefrigerantTopUpsToTheChillerSeuAsActivityAndEmissions() {
    assertThat(activityTargets("M-REFRIG", "topup")).contains("seu:SEU-CHILL:refrigerant×1.0");
    assertThat(emissionTargets("M-REFRIG", "topup"))
        .contains("SRC-REFRIG→seu:SEU-CHILL:emissions.scope1");
    var rate = PLAN.channel("M-REFRIG", "topup").emissions().get(0).rate();
    // R-410A has a GWP of roughly two thousand: every kg is about two tonnes of CO2e.
    assertThat(rate.at(0).tco2e(1.0)).isBetween(1.5, 2.5);
  }

  @Test
  void integratesTemperatureForDegreeDaysAndKeepsPowerForTheLiveFeed() {
    assertThat(PLAN.channel("M-WEATHER", "temperature").mode()).isEqualTo(ChannelMode.INTEGRATE);
    assertThat(PLAN.channel("M-WEATHER", "temperature").variables())
        .extracting(v -> v.variable().id())
        .containsExactlyInAnyOrder("RV-CDD", "RV-HDD");
    assertThat(PLAN.channel("M-AIR-1", "power_active").mode()).isEqualTo(ChannelMode.LIVE_ONLY);
    assertThat(PLAN.channel("M-AIR-1", "power_active").live())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.seu()).isEqualTo("SEU-AIR");
              assertThat(l.toKw()).isEqualTo(0.001);
              assertThat(l.rate().sourceId()).isEqualTo("SRC-GRID");
            });
    assertThat(PLAN.channel("M-PROD", "units").variables()).hasSize(1);
    assertThat(PLAN.channel("M-PROD", "units").variables().get(0).target().level())
        .isEqualTo(Level.VARIABLE);
  }

  @Test
  void everyMeterChannelOfThePlantIsKnown() {
    Map<String, SitePlan> plans = SitePlan.compile(DemoPlant.model(), DemoPlant.library());
    assertThat(plans).containsOnlyKeys("sh-plant");
    assertThat(PLAN.channels()).hasSize(17);
    assertThat(PLAN.zone().getId()).isEqualTo("Asia/Shanghai");
  }

  @Test
  void resolvesEachPerformanceParameterToItsSeriesAndUnitFactors() {
    assertThat(PLAN.parameters())
        .extracting(
            p ->
                p.id()
                    + " "
                    + p.window()
                    + " "
                    + p.level().tag()
                    + ":"
                    + p.targetId()
                    + ":"
                    + p.metric()
                    + "×"
                    + p.numeratorScale()
                    + (p.isIntensity()
                        ? " / " + p.per() + ":" + p.perMetric() + "×" + p.denominatorScale()
                        : ""))
        .containsExactly(
            // kgCO2e series → tCO2e.
            "P-SITE-CO2E 1d site:sh-plant:emissions×0.001",
            "P-SITE-INTENSITY 1d site:sh-plant:emissions×1.0 / RV-PROD:production×1.0",
            "P-AIR-SEC 1h seu:SEU-AIR:electricity×1.0 / RV-PROD:production×1.0");
  }

  private static String compileError(String from, String to) {
    String yaml = DemoPlant.yaml();
    assertThat(yaml).contains(from);
    var model =
        SiteModels.loadYaml(
            "demo-plant.yaml",
            yaml.replace(from, to),
            DemoPlant.library(),
            ProfileCatalog.shipped());
    return Assertions.catchThrowableOfType(
            IllegalArgumentException.class, () -> SitePlan.compile(model, DemoPlant.library()))
        .getMessage();
  }

  @Test
  void refusesAParameterWhoseUnitsDoNotMatchItsSeriesAtStartUp() {
    assertThat(compileError("unit: kWh/pcs", "unit: kWh/t"))
        .isEqualTo(
            "parameters.P-AIR-SEC.unit: the denominator t does not match the unit of RV-PROD (pcs)");
    assertThat(compileError("unit: kWh/pcs", "unit: Nm3/pcs"))
        .isEqualTo(
            "parameters.P-AIR-SEC.unit: SEU-AIR has no metered energy in a unit convertible to"
                + " Nm3");
    assertThat(compileError("unit: kgCO2e/pcs", "unit: kg/pcs"))
        .isEqualTo(
            "parameters.P-SITE-INTENSITY.unit: emissions are in gCO2e, kgCO2e or tCO2e, got kg");
  }

  @Test
  void convertsAnEnergyParameterToAPrefixedUnit() {
    var model =
        SiteModels.loadYaml(
            "demo-plant.yaml",
            DemoPlant.yaml().replace("unit: kWh/pcs", "unit: MWh/pcs"),
            DemoPlant.library(),
            ProfileCatalog.shipped());
    var air =
        SitePlan.compile(model, DemoPlant.library()).get("sh-plant").parameters().stream()
            .filter(p -> p.id().equals("P-AIR-SEC"))
            .findFirst()
            .orElseThrow();
    assertThat(air.numeratorScale()).isEqualTo(0.001);
  }
}
