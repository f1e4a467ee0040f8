package io.carbonwatch.core.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.FactorSelection;
import io.carbonwatch.core.factors.GwpSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketBasedElectricityTest {

  private static final FactorLibrary LIB = FactorLibrary.loadBundled();
  private static final Instant Y2023 = Instant.parse("2023-01-01T00:00:00Z");
  private static final Instant Y2024 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant H0 = Instant.parse("2023-06-01T00:00:00Z");
  private static final Instant H1 = Instant.parse("2023-06-01T01:00:00Z");

  private static final ContractualInstrument GEC =
      new ContractualInstrument(
          "GEC-2023-001",
          InstrumentType.ENERGY_ATTRIBUTE_CERTIFICATE,
          30_000,
          0,
          Y2023,
          Y2024,
          "GEC serials 1-30");

  private static MarketBasedElectricity market(String residual) {
    return new EmissionCalculator(
            LIB,
            new FactorSelection(
                GwpSet.AR6, "gbt32151", "cn-grid:east", "cn-heat:default", residual))
        .marketBasedElectricity();
  }

  @Test
  void certificatesCoverFirstAndTheRestDefaultsToTheLocationGridFactor() {
    // 100 000 kWh; GEC covers 30 000 kWh at 0; 70 000 kWh × 0.5500 kg/kWh (east 2023) = 38.5 t
    MarketBasedResult r =
        market(null)
            .compute(
                "incomer",
                H0,
                H1,
                100_000,
                List.of(new MarketBasedElectricity.Balance(GEC, 30_000)));
    assertThat(r.total().tco2e()).isCloseTo(38.5, within(1e-9));
    assertThat(r.residualKwh()).isCloseTo(70_000, within(1e-9));
    assertThat(r.instruments()).containsExactly(new InstrumentUse("GEC-2023-001", 30_000, 0));
    assertThat(r.total().category()).isEqualTo(EmissionCategory.ELECTRICITY_MARKET_BASED);
    assertThat(r.total().lineage().factorId()).isEqualTo("cn-grid:east:2023");
  }

  @Test
  void explicitResidualFactorIsUsedForUncoveredElectricity() {
    // 70 000 kWh × 0.6096 kg/kWh (national excl. market-traded non-fossil, 2023) = 42.672 t
    MarketBasedResult r =
        market("cn-grid:national-excl-market-nonfossil")
            .compute(
                "incomer",
                H0,
                H1,
                100_000,
                List.of(new MarketBasedElectricity.Balance(GEC, 30_000)));
    assertThat(r.total().tco2e()).isCloseTo(42.672, within(1e-9));
  }

  @Test
  void supplierRateAppliesAfterCertificatesWhateverTheListOrder() {
    ContractualInstrument supplier =
        new ContractualInstrument(
            "supplier-2023",
            InstrumentType.SUPPLIER_SPECIFIC,
            Double.POSITIVE_INFINITY,
            0.45,
            Y2023,
            Y2024,
            "supplier disclosure 2023");
    // 30 000 kWh GEC at 0 + 70 000 kWh × 0.45 t/MWh = 31.5 t, nothing left for the grid
    MarketBasedResult r =
        market(null)
            .compute(
                "incomer",
                H0,
                H1,
                100_000,
                List.of(
                    new MarketBasedElectricity.Balance(supplier, Double.POSITIVE_INFINITY),
                    new MarketBasedElectricity.Balance(GEC, 30_000)));
    assertThat(r.total().tco2e()).isCloseTo(31.5, within(1e-9));
    assertThat(r.residualKwh()).isZero();
    assertThat(r.instruments())
        .extracting(InstrumentUse::instrumentId)
        .containsExactly("GEC-2023-001", "supplier-2023");
  }

  @Test
  void exhaustedOrExpiredInstrumentsCoverNothing() {
    // GEC valid in 2023 only; at 2024-06 the whole 1 000 kWh is at the carried-forward 2023 factor
    // 0.55
    Instant later = Instant.parse("2024-06-01T00:00:00Z");
    MarketBasedResult expired =
        market(null)
            .compute(
                "i",
                later,
                later.plusSeconds(3600),
                1_000,
                List.of(new MarketBasedElectricity.Balance(GEC, 30_000)));
    assertThat(expired.instruments()).isEmpty();
    assertThat(expired.total().tco2e()).isCloseTo(0.55, within(1e-12));
    // only 400 kWh left on the certificate: 600 kWh × 0.55 kg = 0.33 t
    MarketBasedResult partial =
        market(null)
            .compute("i", H0, H1, 1_000, List.of(new MarketBasedElectricity.Balance(GEC, 400)));
    assertThat(partial.total().tco2e()).isCloseTo(0.33, within(1e-12));
  }

  @Test
  void instrumentsValidateTheirFields() {
    assertThatThrownBy(
            () ->
                new ContractualInstrument(
                    "x", InstrumentType.GREEN_POWER_CONTRACT, 10, -1, Y2023, Y2024, ""))
        .hasMessageStartingWith("tco2PerMwh:");
    assertThatThrownBy(
            () ->
                new ContractualInstrument(
                    "x", InstrumentType.GREEN_POWER_CONTRACT, 10, 0, Y2024, Y2023, ""))
        .hasMessageStartingWith("validTo:");
  }
}
