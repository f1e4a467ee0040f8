package io.carbonwatch.core.factors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.units.Provenance;
import io.carbonwatch.core.units.Unit;
import io.carbonwatch.core.units.Verification;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactorRecordsTest {

  private static final Provenance P =
      new Provenance("test", Verification.SECONDARY, "t.yaml", "1", "");

  private static EmissionFactor grid(LocalDate from, LocalDate to) {
    return new EmissionFactor(
        "x:grid:2024",
        "x:grid",
        "test grid",
        FactorType.ELECTRICITY,
        Unit.KWH,
        Map.of(Gas.CO2, 0.0005),
        Double.NaN,
        from,
        to,
        ZoneId.of("Asia/Shanghai"),
        P,
        Map.of());
  }

  @Test
  void validityIsInclusiveFromAndExclusiveToInTheFactorsZone() {
    EmissionFactor f = grid(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1));
    assertThat(f.inForceAt(Instant.parse("2023-12-31T16:00:00Z"))).isTrue();
    assertThat(f.inForceAt(Instant.parse("2023-12-31T15:59:59Z"))).isFalse();
    assertThat(f.inForceAt(Instant.parse("2024-12-31T16:00:00Z"))).isFalse();
    assertThat(f.validity()).isEqualTo("[2024-01-01, 2025-01-01) Asia/Shanghai");
  }

  @Test
  void unboundedValidityHoldsAtAnyTime() {
    EmissionFactor f = grid(null, null);
    assertThat(f.inForceAt(Instant.parse("1990-01-01T00:00:00Z"))).isTrue();
    assertThat(f.inForceAt(Instant.parse("2090-01-01T00:00:00Z"))).isTrue();
  }

  @Test
  void rejectsEndBeforeStartAndNegativeFactors() {
    assertThatThrownBy(() -> grid(LocalDate.of(2025, 1, 1), LocalDate.of(2024, 1, 1)))
        .hasMessageStartingWith("effectiveTo: 2024-01-01 must be after effectiveFrom 2025-01-01");
    assertThatThrownBy(
            () ->
                new EmissionFactor(
                    "x:y",
                    "x:y",
                    "n",
                    FactorType.HEAT,
                    Unit.GJ,
                    Map.of(Gas.CO2, -0.1),
                    Double.NaN,
                    null,
                    null,
                    ZoneId.of("UTC"),
                    P,
                    Map.of()))
        .hasMessageStartingWith("tonnesPerUnit.CO2: expected a finite value >= 0");
  }

  @Test
  void convertsPerUnitWithinTheDimensionOrThroughTheCalorificValue() {
    EmissionFactor f = grid(null, null);
    // 0.0005 t/kWh = 0.5 t/MWh
    assertThat(f.tonnesPer(Unit.MWH).get(Gas.CO2)).isEqualTo(0.5);
    assertThatThrownBy(() -> f.tonnesPer(Unit.GJ))
        .hasMessageContaining("factor x:grid:2024 is per kWh; activity in GJ cannot be converted");
  }

  @Test
  void selectionValidatesItsFieldsByName() {
    assertThatThrownBy(() -> FactorSelection.of("AR7", "gbt32151", "cn-grid:east", null, null))
        .hasMessageStartingWith("gwpSet: expected one of AR4, AR5, AR6");
    assertThatThrownBy(() -> FactorSelection.of("AR6", "GB 32151", "cn-grid:east", null, null))
        .hasMessageStartingWith("combustionSet:");
    assertThatThrownBy(() -> FactorSelection.of("AR6", "gbt32151", "east", null, null))
        .hasMessageStartingWith("gridFactor: expected a factor id");
    FactorSelection s =
        FactorSelection.of("AR6", "gbt32151", "cn-grid:east", null, "cn-heat:default");
    assertThat(s.marketResidualFactor()).isEqualTo("cn-grid:east");
    assertThat(s.combustionFactorId(io.carbonwatch.core.units.Carrier.NATURAL_GAS))
        .isEqualTo("gbt32151:natural_gas");
  }

  @Test
  void blendFractionsMustSumToOne() {
    assertThatThrownBy(
            () -> new RefrigerantBlend("R-X", Map.of(Gas.HFC_32, 0.5, Gas.HFC_125, 0.4), P))
        .hasMessageStartingWith("massFractions: expected a sum of 1");
  }

  @Test
  void verificationWeakestPicksTheLessVerified() {
    assertThat(Verification.PRIMARY.weakest(Verification.UNVERIFIED))
        .isEqualTo(Verification.UNVERIFIED);
    assertThat(Verification.SECONDARY.weakest(Verification.PRIMARY))
        .isEqualTo(Verification.SECONDARY);
  }
}
