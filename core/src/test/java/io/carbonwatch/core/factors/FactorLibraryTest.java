package io.carbonwatch.core.factors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.core.site.MeteringLevel;
import io.carbonwatch.core.units.Unit;
import io.carbonwatch.core.units.Verification;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FactorLibraryTest {

  private static final FactorLibrary LIB = FactorLibrary.loadBundled();
  private static final Instant MID_2022 = Instant.parse("2022-06-01T00:00:00Z");

  @Test
  void loadsEveryBundledFile() {
    assertThat(LIB.files()).containsExactlyElementsOf(FactorLibrary.BUNDLED_FILES);
    assertThat(LIB.seriesIds())
        .contains(
            "gbt32151:natural_gas",
            "ipcc2006:natural_gas",
            "ipcc2006-1a1:natural_gas",
            "ipcc2006-1a4a:bituminous_coal",
            "cn-grid:national",
            "cn-grid:east",
            "cn-grid:jiangsu",
            "cn-heat:default",
            "cn-ets-grid:2022");
    assertThat(LIB.factorIds())
        .contains("cn-grid:east:2021", "cn-grid:east:2022", "cn-grid:east:2023");
  }

  @Test
  void gbt32151NaturalGasCarriesItsPublishedParametersAndSource() {
    EmissionFactor f = LIB.factor("gbt32151:natural_gas", MID_2022);
    // 389.31 GJ/10^4 Nm3 = 0.038931 GJ/Nm3
    assertThat(f.ncvGjPerUnit()).isCloseTo(0.038931, within(1e-12));
    assertThat(f.activityUnit()).isEqualTo(Unit.NM3);
    // 0.038931 GJ/Nm3 × 0.0153 tC/GJ × 0.99 × 44/12 = 0.002162188809 tCO2/Nm3
    assertThat(f.tonnesPerUnit().get(Gas.CO2)).isCloseTo(0.002162188809, within(1e-12));
    assertThat(f.tonnesPerUnit()).containsOnlyKeys(Gas.CO2);
    assertThat(f.parameters())
        .containsEntry("ncv", "389.31 GJ/10^4Nm3")
        .containsEntry("carbonContent", "15.3 tC/TJ")
        .containsEntry("oxidation", "99 %")
        .containsEntry("co2PerCarbon", "44/12");
    assertThat(f.provenance().verification()).isEqualTo(Verification.SECONDARY);
    assertThat(f.provenance().source()).contains("GB/T 32151.22-2024 Annex C");
    assertThat(f.provenance().fileAtVersion()).isEqualTo("gbt32151-fuels.yaml@2026.1");
  }

  @Test
  void ipccSectorSetsDifferInMethaneOnly() {
    EmissionFactor manufacturing = LIB.factor("ipcc2006:natural_gas", MID_2022);
    EmissionFactor commercial = LIB.factor("ipcc2006-1a4a:natural_gas", MID_2022);
    // 48 GJ/t × 56100 kg/TJ = 2692.8 kg/t; CH4 48 × 1 = 0.048 kg/t (1.A.2) vs 48 × 5 = 0.24 kg/t
    // (1.A.4.a)
    assertThat(manufacturing.tonnesPerUnit().get(Gas.CO2)).isCloseTo(2.6928, within(1e-12));
    assertThat(manufacturing.tonnesPerUnit().get(Gas.CH4)).isCloseTo(0.000048, within(1e-15));
    assertThat(commercial.tonnesPerUnit().get(Gas.CH4)).isCloseTo(0.00024, within(1e-15));
    assertThat(commercial.tonnesPerUnit().get(Gas.N2O)).isCloseTo(0.0000048, within(1e-15));
    assertThat(manufacturing.provenance().verification()).isEqualTo(Verification.PRIMARY);
  }

  @Test
  void gridSeriesSwitchesVersionAtMidnightNewYearInShanghai() {
    // 2023-01-01T00:00 in Asia/Shanghai is 2022-12-31T16:00Z
    Instant lastMs2022 = Instant.parse("2022-12-31T15:59:59.999Z");
    Instant first2023 = Instant.parse("2022-12-31T16:00:00Z");
    assertThat(LIB.factor("cn-grid:east", lastMs2022).id()).isEqualTo("cn-grid:east:2022");
    assertThat(LIB.factor("cn-grid:east", first2023).id()).isEqualTo("cn-grid:east:2023");
    assertThat(LIB.factor("cn-grid:east", lastMs2022).tonnesPerUnit().get(Gas.CO2))
        .isCloseTo(0.0005617, within(1e-15));
    assertThat(LIB.factor("cn-grid:east", first2023).tonnesPerUnit().get(Gas.CO2))
        .isCloseTo(0.0005500, within(1e-15));
  }

  @Test
  void latestGridYearIsCarriedForwardAndSaysSo() {
    EmissionFactor f = LIB.factor("cn-grid:east", Instant.parse("2026-11-24T02:00:00Z"));
    assertThat(f.id()).isEqualTo("cn-grid:east:2023");
    assertThat(f.effectiveTo()).isNull();
    assertThat(f.provenance().note()).contains("carried forward after 2023");
    // provinces were published up to 2022 only
    assertThat(LIB.factor("cn-grid:jiangsu", Instant.parse("2024-03-01T00:00:00Z")).id())
        .isEqualTo("cn-grid:jiangsu:2022");
  }

  @Test
  void pinnedVersionIgnoresTheInstant() {
    EmissionFactor f = LIB.factor("cn-grid:east:2022", Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(f.id()).isEqualTo("cn-grid:east:2022");
    assertThat(LIB.isPinned("cn-grid:east:2022")).isTrue();
    assertThat(LIB.isPinned("cn-grid:east")).isFalse();
  }

  @Test
  void noVersionBeforeTheFirstPublishedYear() {
    assertThatThrownBy(() -> LIB.factor("cn-grid:east", Instant.parse("2020-06-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor cn-grid:east: no version in force at 2020-06-01T00:00:00Z")
        .hasMessageContaining("cn-grid:east:2021 [2021-01-01, 2022-01-01) Asia/Shanghai");
  }

  @Test
  void unknownIdSuggestsKnownIdsOfTheSameSet() {
    assertThatThrownBy(() -> LIB.factor("cn-grid:eastern", MID_2022))
        .hasMessageContaining("unknown id 'cn-grid:eastern'")
        .hasMessageContaining("cn-grid:east");
  }

  @Test
  void nationalGrid2021IsMarkedUnverifiedWithItsConflict() {
    EmissionFactor f = LIB.factor("cn-grid:national", Instant.parse("2021-07-01T00:00:00Z"));
    assertThat(f.effectiveFrom()).isEqualTo(LocalDate.of(2021, 1, 1));
    assertThat(f.provenance().verification()).isEqualTo(Verification.UNVERIFIED);
    assertThat(f.provenance().note()).contains("CONFLICT");
  }

  @Test
  void gwpSetsDifferAndSf6Ar6CarriesTheRecordedConflict() {
    assertThat(LIB.gwp(GwpSet.AR4, Gas.CH4).tco2ePerT()).isEqualTo(25);
    assertThat(LIB.gwp(GwpSet.AR5, Gas.CH4).tco2ePerT()).isEqualTo(28);
    assertThat(LIB.gwp(GwpSet.AR6, Gas.CH4).tco2ePerT()).isEqualTo(27.9);
    assertThat(LIB.gwp(GwpSet.AR5, Gas.HFC_134A).tco2ePerT()).isEqualTo(1300);
    GwpValue sf6 = LIB.gwp(GwpSet.AR6, Gas.SF6);
    assertThat(sf6.tco2ePerT()).isEqualTo(25200);
    assertThat(sf6.provenance().note()).contains("CONFLICT").contains("24300");
    assertThat(LIB.gwp(GwpSet.AR6, Gas.CH4_FOSSIL).provenance().verification())
        .isEqualTo(Verification.SECONDARY);
  }

  @Test
  void everyGasGroupOfTheStandardHasAGwpInEverySet() {
    for (GwpSet set : GwpSet.values()) {
      for (GasGroup group : GasGroup.values()) {
        assertThat(LIB.gwpTable().set(set).keySet())
            .as("%s %s", set, group)
            .anyMatch(g -> g.group() == group);
      }
    }
  }

  @Test
  void missingGwpNamesSetGasAndFile() {
    assertThatThrownBy(() -> LIB.gwp(GwpSet.AR4, Gas.CH4_FOSSIL))
        .hasMessage("gwp: no AR4 value for CH4_FOSSIL in gwp100.yaml@2026.1");
  }

  @Test
  void selectionIsCheckedAgainstTheLibrary() {
    LIB.check(new FactorSelection(GwpSet.AR6, "gbt32151", "cn-grid:east", "cn-heat:default"));
    assertThatThrownBy(
            () ->
                LIB.check(
                    new FactorSelection(
                        GwpSet.AR6, "gbt32151", "cn-heat:default", "cn-heat:default")))
        .hasMessageStartingWith("gridFactor: factor cn-heat:default is of type heat");
    assertThatThrownBy(
            () ->
                LIB.check(
                    new FactorSelection(GwpSet.AR6, "gbt3215", "cn-grid:east", "cn-heat:default")))
        .hasMessageStartingWith("combustionSet: no factors with prefix gbt3215:");
    assertThatThrownBy(
            () ->
                LIB.check(
                    new FactorSelection(GwpSet.AR6, "gbt32151", "cn-grid:mars", "cn-heat:default")))
        .hasMessageStartingWith("gridFactor: factor: unknown id 'cn-grid:mars'");
  }

  @Test
  void gb17167RatesAndClassesAreLoadedWithVerification() {
    MeteringRequirements m = LIB.metering();
    assertThat(m.equippingRate("electricity", MeteringLevel.MAIN_EQUIPMENT))
        .hasValueSatisfying(r -> assertThat(r.requiredPercent()).isEqualTo(95));
    assertThat(m.equippingRate("steam", MeteringLevel.SECONDARY_UNIT))
        .hasValueSatisfying(r -> assertThat(r.requiredPercent()).isEqualTo(80));
    assertThat(m.equippingRate("recoverable_waste_energy", MeteringLevel.MAIN_EQUIPMENT)).isEmpty();
    assertThat(
            m.equippingRate("crude_oil", MeteringLevel.ORGANISATION)
                .orElseThrow()
                .provenance()
                .verification())
        .isEqualTo(Verification.UNVERIFIED);
    assertThat(m.knownAccuracyClasses()).contains("0.2S", "0.5S", "1.0", "2.0");
    assertThat(m.accuracyRequirements("gas_flowmeter"))
        .allSatisfy(
            a -> assertThat(a.provenance().verification()).isEqualTo(Verification.UNVERIFIED))
        .anySatisfy(a -> assertThat(a.condition()).isEqualTo("natural_gas"));
    assertThat(m.levelNames().get(MeteringLevel.ORGANISATION)).containsEntry("zh-CN", "进出用能单位");
  }

  @Test
  void gbt32151DefaultsReproduceTheReferenceDerivedChecks() {
    // reference-factors.yaml derived_check_tCO2_per_unit = NCV × CC × OX × 44/12, rounded there:
    // diesel 42.652 × 0.0202 × 0.98 × 44/12 = 3.0958 t/t; gasoline 43.070 × 0.0189 × 0.98 × 44/12 =
    // 2.9250;
    // fuel oil 41.816 × 0.0211 × 0.98 × 44/12 = 3.17046; LPG 50.179 × 0.0172 × 0.98 × 44/12 =
    // 3.1012;
    // natural gas 389.31 × 0.0153 × 0.99 × 44/12 = 21.62 t per 10^4 Nm3
    assertThat(co2PerUnit("gbt32151:diesel")).isCloseTo(3.096, within(0.0005));
    assertThat(co2PerUnit("gbt32151:gasoline")).isCloseTo(2.925, within(0.0005));
    // the reference rounds 3.17046 up to 3.171 (see docs/factors.md); within its last digit
    assertThat(co2PerUnit("gbt32151:fuel_oil")).isCloseTo(3.171, within(0.001));
    assertThat(co2PerUnit("gbt32151:lpg")).isCloseTo(3.101, within(0.0005));
    assertThat(co2PerUnit("gbt32151:natural_gas") * 10_000).isCloseTo(21.62, within(0.005));
  }

  private static double co2PerUnit(String id) {
    return LIB.factor(id, MID_2022).tonnesPerUnit().get(Gas.CO2);
  }

  @Test
  void listsWhatASiteModelMayReference() {
    assertThat(LIB.referenceableIds())
        .contains(
            "gbt32151",
            "ipcc2006",
            "cn-grid",
            "cn-grid:east",
            "cn-grid:east:2023",
            "cn-heat:default");
    assertThat(LIB.fuels("gbt32151"))
        .contains("natural_gas", "diesel", "coke")
        .doesNotContain("raw_coal");
    assertThat(LIB.fuels("ipcc2006")).contains("natural_gas", "sub_bituminous_coal");
    assertThat(LIB.gasesAndBlends(GwpSet.AR5)).contains("SF6", "HFC-134a", "R-410A", "NF3", "CF4");
  }
}
