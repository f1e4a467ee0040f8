package io.carbonwatch.core.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.FactorSelection;
import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.factors.GasGroup;
import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.units.Carrier;
import io.carbonwatch.core.units.Quantity;
import io.carbonwatch.core.units.Unit;
import io.carbonwatch.core.units.Verification;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Hand-checked cases from the published tables copied into the bundled data files. */
class EmissionCalculatorTest {

  private static final FactorLibrary LIB = FactorLibrary.loadBundled();
  private static final Instant H0 = Instant.parse("2023-06-01T00:00:00Z");
  private static final Instant H1 = Instant.parse("2023-06-01T01:00:00Z");

  private static EmissionCalculator calc(GwpSet gwp, String combustionSet, String grid) {
    return new EmissionCalculator(
        LIB, new FactorSelection(gwp, combustionSet, grid, "cn-heat:default"));
  }

  @Test
  void naturalGasBoilerUnderGbt32151Defaults() {
    // GB/T 32151 Table C.1 natural gas: NCV 389.31 GJ/10^4 Nm3, carbon content 15.3 tC/TJ,
    // oxidation 99 %
    // 10 000 Nm3 → 389.31 GJ × 0.0153 tC/GJ = 5.956443 tC × 0.99 = 5.89687857 tC × 44/12 =
    // 21.62188809 tCO2
    // GB/T 32151 counts CO2 only for combustion, so CH4/N2O add nothing.
    EmissionResult r =
        calc(GwpSet.AR5, "gbt32151", "cn-grid:east")
            .combustion("boiler-1", Quantity.naturalGasNm3(10_000), H0, H1);
    assertThat(r.tco2e()).isCloseTo(21.62188809, within(1e-8));
    assertThat(r.gasTonnes()).containsOnlyKeys(Gas.CO2);
    assertThat(r.category()).isEqualTo(EmissionCategory.STATIONARY_COMBUSTION);
    assertThat(r.scope()).isEqualTo(Scope.SCOPE_1);
    assertThat(r.lineage().factorId()).isEqualTo("gbt32151:natural_gas");
    assertThat(r.lineage().files()).contains("gbt32151-fuels.yaml@2026.1");
    assertThat(r.lineage().gwpSet()).isEqualTo(GwpSet.AR5);
    assertThat(r.lineage().verification()).isEqualTo(Verification.SECONDARY);
    assertThat(r.lineage().source()).contains("GB/T 32151");
    assertThat(r.lineage().parameters()).containsEntry("oxidation", "99 %");
  }

  @Test
  void co2OnlyFactorIsTheSameUnderEveryGwpSet() {
    double ar4 =
        calc(GwpSet.AR4, "gbt32151", "cn-grid:east")
            .combustion("b", Quantity.naturalGasNm3(10_000), H0, H1)
            .tco2e();
    double ar6 =
        calc(GwpSet.AR6, "gbt32151", "cn-grid:east")
            .combustion("b", Quantity.naturalGasNm3(10_000), H0, H1)
            .tco2e();
    assertThat(ar4).isEqualTo(ar6);
  }

  @Test
  void ipccNaturalGasAddsMethaneAndNitrousOxideWeightedByTheGwpSet() {
    // IPCC 2006, 1.A.2: NCV 48.0 GJ/t; CO2 56 100, CH4 1, N2O 0.1 kg/TJ. 7.5 t of gas = 360 GJ =
    // 0.36 TJ
    // CO2 0.36 × 56 100 = 20 196 kg; CH4 0.36 × 1 = 0.36 kg; N2O 0.36 × 0.1 = 0.036 kg
    // AR6: 20.196 + 0.00036 × 27.9 + 0.000036 × 273 = 20.196 + 0.010044 + 0.009828 = 20.215872 t
    // AR4: 20.196 + 0.00036 × 25   + 0.000036 × 298 = 20.196 + 0.009    + 0.010728 = 20.215728 t
    Quantity gas = Quantity.massT(Carrier.NATURAL_GAS, 7.5);
    EmissionResult ar6 = calc(GwpSet.AR6, "ipcc2006", "cn-grid:east").combustion("b", gas, H0, H1);
    EmissionResult ar4 = calc(GwpSet.AR4, "ipcc2006", "cn-grid:east").combustion("b", gas, H0, H1);
    assertThat(ar6.tco2e()).isCloseTo(20.215872, within(1e-9));
    assertThat(ar4.tco2e()).isCloseTo(20.215728, within(1e-9));
    assertThat(ar6.gasTonnes().get(Gas.CH4)).isCloseTo(0.00036, within(1e-12));
    assertThat(ar6.gasTonnes().get(Gas.N2O)).isCloseTo(0.000036, within(1e-12));
    assertThat(ar6.lineage().verification()).isEqualTo(Verification.PRIMARY);
    assertThat(ar4.lineage().gwpSet()).isEqualTo(GwpSet.AR4);
    // per gas group, per t of gas (AR6): CO2 2.6928, CH4 0.000048 × 27.9, N2O 0.0000048 × 273
    EmissionCoefficient perT =
        calc(GwpSet.AR6, "ipcc2006", "cn-grid:east")
            .combustionTimeline(Carrier.NATURAL_GAS, Unit.T)
            .at(H0);
    assertThat(perT.tco2ePerUnit(GasGroup.CO2)).isCloseTo(2.6928, within(1e-12));
    assertThat(perT.tco2ePerUnit(GasGroup.CH4)).isCloseTo(0.0013392, within(1e-12));
    assertThat(perT.tco2ePerUnit(GasGroup.N2O)).isCloseTo(0.0013104, within(1e-12));
    assertThat(perT.tco2ePerUnit(GasGroup.SF6)).isZero();
    assertThat(perT.tco2e(GasGroup.CH4, 7.5)).isCloseTo(0.010044, within(1e-12));
  }

  @Test
  void ipccFactorAcceptsEnergyButNotVolume() {
    // 100 GJ × 56.1 kg CO2/GJ = 5.61 t CO2 (+ CH4 0.1 kg × 28 + N2O 0.01 kg × 265 under AR5)
    double t =
        calc(GwpSet.AR5, "ipcc2006", "cn-grid:east")
            .combustion("b", new Quantity(Carrier.NATURAL_GAS, 100, Unit.GJ), H0, H1)
            .tco2e();
    assertThat(t).isCloseTo(5.61 + 0.0001 * 28 + 0.00001 * 265, within(1e-12));
    assertThatThrownBy(
            () ->
                calc(GwpSet.AR5, "ipcc2006", "cn-grid:east")
                    .combustion("b", Quantity.naturalGasNm3(10), H0, H1))
        .hasMessageContaining("factor ipcc2006:natural_gas is per t")
        .hasMessageContaining("activity in Nm3 cannot be converted");
  }

  @Test
  void purchasedElectricityOnTheEastChinaGrid() {
    // East China grid 2023: 0.5500 kgCO2/kWh; 100 000 kWh × 0.5500 = 55 000 kg = 55.0 t
    EmissionResult r =
        calc(GwpSet.AR6, "gbt32151", "cn-grid:east")
            .electricityLocationBased("main-incomer", Quantity.electricityKwh(100_000), H0, H1);
    assertThat(r.tco2e()).isCloseTo(55.0, within(1e-9));
    assertThat(r.category()).isEqualTo(EmissionCategory.ELECTRICITY_LOCATION_BASED);
    assertThat(r.scope()).isEqualTo(Scope.SCOPE_2);
    assertThat(r.lineage().factorId()).isEqualTo("cn-grid:east:2023");
    assertThat(r.lineage().factorSeries()).isEqualTo("cn-grid:east");
    assertThat(r.lineage().effectiveFrom()).hasToString("2023-01-01");
    // Jiangsu provincial 2022: 100 MWh × 0.5978 t/MWh = 59.78 t
    EmissionResult js =
        calc(GwpSet.AR6, "gbt32151", "cn-grid:jiangsu")
            .electricityLocationBased(
                "m",
                new Quantity(Carrier.ELECTRICITY, 100, Unit.MWH),
                Instant.parse("2022-03-01T00:00:00Z"),
                Instant.parse("2022-03-01T01:00:00Z"));
    assertThat(js.tco2e()).isCloseTo(59.78, within(1e-9));
  }

  @Test
  void gridFactorChangesAtTheYearBoundaryInTheHotPath() {
    CoefficientTimeline grid =
        calc(GwpSet.AR6, "gbt32151", "cn-grid:east").electricityLocationTimeline(Unit.KWH);
    // 1 000 kWh: 2022 → 0.5617 t, 2023 → 0.5500 t; the boundary is midnight Asia/Shanghai
    assertThat(grid.tco2e(Instant.parse("2022-12-31T15:45:00Z"), 1_000))
        .isCloseTo(0.5617, within(1e-12));
    assertThat(grid.tco2e(Instant.parse("2022-12-31T16:00:00Z"), 1_000))
        .isCloseTo(0.5500, within(1e-12));
    assertThat(grid.at(Instant.parse("2021-05-01T00:00:00Z")).lineage().factorId())
        .isEqualTo("cn-grid:east:2021");
    assertThatThrownBy(() -> grid.at(Instant.parse("2019-05-01T00:00:00Z")))
        .hasMessage("factor cn-grid:east: no version in force at 2019-05-01T00:00:00Z");
  }

  @Test
  void pinnedGridYearAppliesAtAnyTime() {
    // 1 000 kWh × 0.5617 kg/kWh (2022) even in 2026
    CoefficientTimeline grid =
        calc(GwpSet.AR6, "gbt32151", "cn-grid:east:2022").electricityLocationTimeline(Unit.KWH);
    assertThat(grid.tco2e(Instant.parse("2026-11-24T00:00:00Z"), 1_000))
        .isCloseTo(0.5617, within(1e-12));
  }

  @Test
  void sf6TopUpIsMassTimesGwpOfTheSelectedSet() {
    // 2 kg SF6 = 0.002 t; AR4 22 800 → 45.6; AR5 23 500 → 47.0; AR6 25 200 → 50.4 tCO2e
    assertThat(sf6(GwpSet.AR4).tco2e()).isCloseTo(45.6, within(1e-9));
    assertThat(sf6(GwpSet.AR5).tco2e()).isCloseTo(47.0, within(1e-9));
    EmissionResult ar6 = sf6(GwpSet.AR6);
    assertThat(ar6.tco2e()).isCloseTo(50.4, within(1e-9));
    assertThat(ar6.category()).isEqualTo(EmissionCategory.FUGITIVE);
    assertThat(ar6.lineage().factorId()).isEqualTo("gwp:AR6:SF6");
    assertThat(ar6.lineage().note()).contains("CONFLICT").contains("24300");
    assertThat(ar6.gasTonnes()).containsEntry(Gas.SF6, 0.002);
  }

  private static EmissionResult sf6(GwpSet set) {
    return calc(set, "gbt32151", "cn-grid:east")
        .fugitive("gis-switchgear", Gas.SF6, 2, Unit.KG, H0, H1);
  }

  @Test
  void refrigerantTopUps() {
    // HFC-134a 10 kg, AR5 GWP 1 300: 0.01 t × 1 300 = 13.0 tCO2e
    assertThat(
            calc(GwpSet.AR5, "gbt32151", "cn-grid:east")
                .fugitive("chiller-2", Gas.fromCode("R-134a"), 10, Unit.KG, H0, H1)
                .tco2e())
        .isCloseTo(13.0, within(1e-9));
    // R-410A 5 kg = 50 % HFC-32 + 50 % HFC-125; AR6: 0.005 × (0.5 × 771 + 0.5 × 3 740) = 11.2775
    // tCO2e
    EmissionCoefficient r410a =
        calc(GwpSet.AR6, "gbt32151", "cn-grid:east").fugitiveBlend("R-410A", Unit.KG);
    EmissionResult r = r410a.result("chiller-1", H0, H1, 5);
    assertThat(r.tco2e()).isCloseTo(11.2775, within(1e-9));
    assertThat(r.gasTonnes()).containsOnlyKeys(Gas.HFC_32, Gas.HFC_125);
    assertThat(r.lineage().factorId()).isEqualTo("blend:R-410A");
    assertThat(r410a.tco2ePerUnit(GasGroup.HFCS)).isCloseTo(r410a.tco2ePerUnit(), within(1e-15));
    assertThat(r.lineage().verification()).isEqualTo(Verification.UNVERIFIED);
    assertThat(r.lineage().files())
        .contains("refrigerant-blends.yaml@2026.1", "gwp100.yaml@2026.1");
  }

  @Test
  void topUpMustBeAMass() {
    assertThatThrownBy(
            () -> calc(GwpSet.AR6, "gbt32151", "cn-grid:east").fugitive(Gas.SF6, Unit.NM3))
        .hasMessage("unit: a gas top-up is a mass (kg or t); got Nm3");
  }

  @Test
  void purchasedHeatUsesTheDefaultFactor() {
    // 500 GJ × 0.11 tCO2/GJ = 55.0 t
    EmissionResult r =
        calc(GwpSet.AR6, "gbt32151", "cn-grid:east")
            .purchasedHeat("steam-in", Quantity.heatGj(500), H0, H1);
    assertThat(r.tco2e()).isCloseTo(55.0, within(1e-9));
    assertThat(r.category()).isEqualTo(EmissionCategory.PURCHASED_HEAT);
    assertThat(r.lineage().factorId()).isEqualTo("cn-heat:default");
    // 20 000 MJ = 20 GJ × 0.11 = 2.2 t
    assertThat(
            calc(GwpSet.AR6, "gbt32151", "cn-grid:east")
                .purchasedHeat("s", new Quantity(Carrier.STEAM, 20_000, Unit.MJ), H0, H1)
                .tco2e())
        .isCloseTo(2.2, within(1e-9));
  }

  @Test
  void heatWithoutASelectedFactorFailsClearly() {
    EmissionCalculator c =
        new EmissionCalculator(
            LIB, FactorSelection.of("AR5", "gbt32151", "cn-grid:east", null, null));
    assertThatThrownBy(() -> c.heatTimeline(Unit.GJ)).hasMessageStartingWith("heatFactor:");
  }

  @Test
  void selectionWithAnUnknownGridIdFailsAtConstruction() {
    assertThatThrownBy(() -> calc(GwpSet.AR6, "gbt32151", "cn-grid:atlantis"))
        .hasMessageStartingWith("gridFactor: factor: unknown id 'cn-grid:atlantis'");
  }

  @Test
  void coefficientsAreResolvedOncePerUnit() {
    EmissionCalculator c = calc(GwpSet.AR6, "gbt32151", "cn-grid:east");
    EmissionCoefficient perNm3 = c.combustionTimeline(Carrier.NATURAL_GAS, Unit.NM3).at(H0);
    // 0.002162188809 tCO2/Nm3 (see naturalGasBoilerUnderGbt32151Defaults)
    assertThat(perNm3.tco2ePerUnit()).isCloseTo(0.002162188809, within(1e-15));
    assertThat(perNm3.tco2e(10_000)).isCloseTo(21.62188809, within(1e-8));
    assertThat(c.combustionTimeline(Carrier.NATURAL_GAS, Unit.NM3).at(H0).lineage())
        .isEqualTo(perNm3.lineage());
  }
}
