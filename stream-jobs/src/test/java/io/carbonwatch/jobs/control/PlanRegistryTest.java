package io.carbonwatch.jobs.control;

import static io.carbonwatch.jobs.control.ControlMessages.demoYaml;
import static io.carbonwatch.jobs.control.ControlMessages.factorsPayload;
import static io.carbonwatch.jobs.control.ControlMessages.gridFactorJson;
import static io.carbonwatch.jobs.control.ControlMessages.siteModelPayload;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.emissions.EmissionCoefficient;
import io.carbonwatch.jobs.DemoPlant;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.EmissionRate;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PlanRegistryTest {
  /** An interval after the updates (2026-12-01 in Shanghai). */
  private static final long NEXT_INTERVAL = Instant.parse("2026-11-30T16:00:00Z").toEpochMilli();

  private static final String GRID_SELECTION = "grid: \"cn-grid:east:2023\"";

  /** The example plant with its purchased electricity on the supplier factor {@code acme:grid}. */
  private static String onSupplierFactor(String yaml) {
    assertThat(yaml).contains(GRID_SELECTION);
    return yaml.replace(GRID_SELECTION, "grid: \"acme:grid\"");
  }

  private static PlanRegistry demo() {
    return new PlanRegistry(DemoPlant.FILE.toString(), DemoPlant.yaml()).validate();
  }

  private static EmissionCoefficient gridRate(PlanRegistry r, String site, long at) {
    ChannelPlan c = r.plan(site).channel("M-MAIN", "energy_import");
    EmissionRate rate =
        c.emissions().stream()
            .map(ChannelPlan.EmissionRoute::rate)
            .filter(x -> x.sourceId().equals("SRC-GRID"))
            .findFirst()
            .orElseThrow();
    return rate.at(at);
  }

  @Test
  void compilesASiteModelThatUsesAFactorPublishedInTheSameRefresh() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put("sh-plant", "site-model", siteModelPayload(onSupplierFactor(demoYaml())));

    r.refresh(state);

    assertThat(r.rejectedUpdates()).isZero();
    assertThat(r.generation()).isEqualTo(2);
    EmissionCoefficient c = gridRate(r, "sh-plant", NEXT_INTERVAL);
    assertThat(c.lineage().factorId()).isEqualTo("acme:grid:2026a");
    assertThat(c.tco2e(1000.0)).isCloseTo(0.5, Offset.offset(1e-9));
  }

  @Test
  void aNewFactorSetChangesTheRateOfTheNextIntervalWithoutARestart() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put("sh-plant", "site-model", siteModelPayload(onSupplierFactor(demoYaml())));
    r.refresh(state);
    assertThat(gridRate(r, "sh-plant", NEXT_INTERVAL).tco2e(1000.0))
        .isCloseTo(0.5, Offset.offset(1e-9));

    // The supplier re-issues its 2026 disclosure as a new version; the site model is unchanged.
    state.put(
        "sh-plant",
        "factors",
        factorsPayload("v2", gridFactorJson("2026.2", "acme:grid:2026b", 0.4)));
    r.refresh(state);

    EmissionCoefficient c = gridRate(r, "sh-plant", NEXT_INTERVAL);
    assertThat(c.lineage().factorId()).isEqualTo("acme:grid:2026b");
    assertThat(c.tco2e(1000.0)).isCloseTo(0.4, Offset.offset(1e-9));
    assertThat(r.generation()).isEqualTo(3);
    assertThat(r.rejectedUpdates()).isZero();
  }

  @Test
  void rejectsABrokenMessageCountsItAndKeepsThePreviousVersion() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put("sh-plant", "site-model", siteModelPayload(onSupplierFactor(demoYaml())));
    r.refresh(state);
    long generation = r.generation();

    // Not a factor document (a number where the factor needs a unit) and not a site model.
    state.put(
        "sh-plant",
        "factors",
        factorsPayload(
            "v2", gridFactorJson("2026.2", "acme:grid:2026b", 0.4).replace("\"kWh\"", "42")));
    state.put("sh-plant", "site-model", "{\"v\": 1, \"version\": \"x\", \"siteModel\": {}}");
    r.refresh(state);

    assertThat(r.rejectedUpdates()).isEqualTo(2);
    assertThat(r.generation()).isEqualTo(generation);
    EmissionCoefficient c = gridRate(r, "sh-plant", NEXT_INTERVAL);
    assertThat(c.lineage().factorId()).isEqualTo("acme:grid:2026a");
    assertThat(r.plan("sh-plant").hasMeter("M-MAIN")).isTrue();

    // The same broken messages seen again are not counted twice.
    r.refresh(state);
    assertThat(r.rejectedUpdates()).isEqualTo(2);
  }
}
