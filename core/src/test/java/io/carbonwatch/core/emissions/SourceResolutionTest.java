package io.carbonwatch.core.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.FactorSelection;
import io.carbonwatch.core.units.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Resolving the carbon sources of a site model the way the stream job does, once at start-up. */
class SourceResolutionTest {

  private static final Instant T = Instant.parse("2026-11-24T02:00:00Z");

  // the demo plant's selection: factors: {gwp: AR5, combustion: gbt32151, grid:
  // "cn-grid:east:2023",
  // heat: "cn-heat:default"}
  private final EmissionCalculator calc =
      new EmissionCalculator(
          FactorLibrary.loadBundled(),
          FactorSelection.of("AR5", "gbt32151", "cn-grid:east:2023", null, "cn-heat:default"));

  @Test
  void resolvesEachKindOfSourceFromTheSelection() {
    // boiler: 1 000 Nm3 × 0.002162188809 t/Nm3 = 2.162188809 t
    assertThat(
            calc.resolve(
                    EmissionCategory.STATIONARY_COMBUSTION, Unit.NM3, "natural_gas", null, null)
                .tco2e(T, 1_000))
        .isCloseTo(2.162188809, within(1e-9));
    // grid pinned to 2023: 1 000 kWh × 0.55 kg = 0.55 t
    assertThat(
            calc.resolve(EmissionCategory.ELECTRICITY_LOCATION_BASED, Unit.KWH, null, null, null)
                .tco2e(T, 1_000))
        .isCloseTo(0.55, within(1e-12));
    // R-410A, AR5: 1 kg × (0.5 × 677 + 0.5 × 3 170) / 1 000 = 1.9235 t
    CoefficientTimeline refrigerant =
        calc.resolve(EmissionCategory.FUGITIVE, Unit.KG, null, "R-410A", null);
    assertThat(refrigerant.tco2e(T, 1)).isCloseTo(1.9235, within(1e-12));
    assertThat(refrigerant.ref()).isEqualTo("blend:R-410A");
    // SF6, AR5: 1 kg × 23 500 / 1 000 = 23.5 t
    assertThat(calc.resolve(EmissionCategory.FUGITIVE, Unit.KG, null, "SF6", null).tco2e(T, 1))
        .isCloseTo(23.5, within(1e-12));
    // explicit factor wins over the selection: Jiangsu 2022 pinned, 1 000 kWh × 0.5978 kg
    assertThat(
            calc.resolve(
                    EmissionCategory.ELECTRICITY_LOCATION_BASED,
                    Unit.KWH,
                    null,
                    null,
                    "cn-grid:jiangsu:2022")
                .tco2e(T, 1_000))
        .isCloseTo(0.5978, within(1e-12));
  }

  @Test
  void unresolvableSourcesFailWithTheFieldName() {
    assertThatThrownBy(
            () ->
                calc.resolve(
                    EmissionCategory.STATIONARY_COMBUSTION, Unit.T, "raw_coal", null, null))
        .hasMessageContaining("unknown id 'gbt32151:raw_coal'");
    assertThatThrownBy(() -> calc.resolve(EmissionCategory.FUGITIVE, Unit.KG, null, "R-999", null))
        .hasMessageStartingWith("gas: expected one of")
        .hasMessageEndingWith("got R-999; or a refrigerant blend: [R-410A, R-407C, R-404A]");
    assertThatThrownBy(
            () ->
                calc.resolve(EmissionCategory.ELECTRICITY_MARKET_BASED, Unit.KWH, null, null, null))
        .hasMessageStartingWith("category: market-based electricity needs contractual instruments");
  }

  @Test
  void resolvedTimelineSurvivesJavaSerialisationForShippingToFlinkTasks() throws Exception {
    CoefficientTimeline grid =
        new EmissionCalculator(
                FactorLibrary.loadBundled(),
                FactorSelection.of("AR6", "gbt32151", "cn-grid:east", null, null))
            .electricityLocationTimeline(Unit.KWH);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(grid);
    }
    CoefficientTimeline copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (CoefficientTimeline) in.readObject();
    }
    Instant in2022 = Instant.parse("2022-07-01T00:00:00Z");
    assertThat(copy.tco2e(in2022, 1_000)).isCloseTo(0.5617, within(1e-12));
    assertThat(copy.at(in2022).lineage()).isEqualTo(grid.at(in2022).lineage());
  }
}
