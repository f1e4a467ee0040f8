package io.carbonwatch.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.core.factors.FactorLibrary;
import org.junit.jupiter.api.Test;

/** Hand-checked against the GB/T 2589 coefficients in gbt2589-coefficients.yaml. */
class EnergyConversionTest {

  private static final EnergyConversion CONV = FactorLibrary.loadBundled().energyConversion();

  @Test
  void electricityToTceAndGj() {
    // 100 000 kWh × 0.1229 kgce/kWh = 12 290 kgce = 12.29 tce
    assertThat(CONV.tce(Quantity.electricityKwh(100_000))).isCloseTo(12.29, within(1e-9));
    // 100 000 kWh × 3 600 kJ/kWh = 360 000 000 kJ = 360 GJ
    assertThat(CONV.gj(Quantity.electricityKwh(100_000))).isCloseTo(360.0, within(1e-9));
    // same in MWh
    assertThat(CONV.tce(new Quantity(Carrier.ELECTRICITY, 100, Unit.MWH)))
        .isCloseTo(12.29, within(1e-9));
  }

  @Test
  void naturalGasWithoutCalorificValueDerivesGjFromTheKgceDefinition() {
    // 10 000 Nm3 × 1.2143 kgce/Nm3 = 12 143 kgce = 12.143 tce
    assertThat(CONV.tce(Quantity.naturalGasNm3(10_000))).isCloseTo(12.143, within(1e-9));
    // 12 143 kgce × 29 307.6 kJ/kgce = 355 882 186.8 kJ = 355.8821868 GJ
    assertThat(CONV.gj(Quantity.naturalGasNm3(10_000))).isCloseTo(355.8821868, within(1e-7));
  }

  @Test
  void dieselByMassAndByVolume() {
    // 5 t = 5 000 kg × 1.4571 kgce/kg = 7 285.5 kgce = 7.2855 tce; 5 000 kg × 42 652 kJ/kg = 213.26
    // GJ
    assertThat(CONV.tce(Quantity.massT(Carrier.DIESEL, 5))).isCloseTo(7.2855, within(1e-9));
    assertThat(CONV.gj(Quantity.massT(Carrier.DIESEL, 5))).isCloseTo(213.26, within(1e-9));
    // 1 000 L × 0.84 kg/L = 840 kg × 1.4571 = 1 223.964 kgce
    assertThat(CONV.tce(Quantity.ofLiquidVolume(Carrier.DIESEL, 1_000, 0.84)))
        .isCloseTo(1.223964, within(1e-9));
  }

  @Test
  void steamWaterAndHeat() {
    // 20 t steam = 20 000 kg × 0.1286 kgce/kg = 2 572 kgce
    assertThat(CONV.tce(Quantity.massT(Carrier.STEAM, 20))).isCloseTo(2.572, within(1e-9));
    // 1 000 m3 water × 0.0857 kgce/m3 = 85.7 kgce
    assertThat(CONV.tce(Quantity.waterM3(1_000))).isCloseTo(0.0857, within(1e-12));
    // 100 GJ heat = 100 000 MJ × 0.03412 kgce/MJ = 3 412 kgce
    assertThat(CONV.tce(Quantity.heatGj(100))).isCloseTo(3.412, within(1e-9));
    assertThat(CONV.gj(Quantity.heatGj(100))).isEqualTo(100);
    // steam from a heat meter in GJ converts like heat
    assertThat(CONV.tce(new Quantity(Carrier.STEAM, 100, Unit.GJ))).isCloseTo(3.412, within(1e-9));
  }

  @Test
  void coefficientsKeepTheirVerificationLevel() {
    assertThat(CONV.coefficient(Carrier.ELECTRICITY).orElseThrow().provenance().verification())
        .isEqualTo(Verification.SECONDARY);
    assertThat(CONV.coefficient(Carrier.NATURAL_GAS).orElseThrow().provenance().verification())
        .isEqualTo(Verification.UNVERIFIED);
    assertThat(CONV.kgceDefinition().verification()).isEqualTo(Verification.UNVERIFIED);
  }

  @Test
  void carrierWithoutCoefficientFailsNamingIt() {
    assertThatThrownBy(() -> CONV.tce(Quantity.massT(Carrier.LIGNITE, 1)))
        .hasMessageStartingWith("carrier: no GB/T 2589 coefficient for lignite");
  }
}
