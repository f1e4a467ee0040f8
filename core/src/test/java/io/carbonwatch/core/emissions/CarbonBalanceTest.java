package io.carbonwatch.core.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.FactorSelection;
import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.units.Quantity;
import io.carbonwatch.core.units.Unit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarbonBalanceTest {

  private static final Instant H0 = Instant.parse("2023-06-01T00:00:00Z");
  private static final Instant H1 = Instant.parse("2023-06-01T01:00:00Z");

  @Test
  void netSubtractsRemovalsAndOffsetsButGrossKeepsThem() {
    EmissionCalculator c =
        new EmissionCalculator(
            FactorLibrary.loadBundled(),
            new FactorSelection(GwpSet.AR6, "gbt32151", "cn-grid:east", "cn-heat:default"));
    // scope 1: 21.62188809 (10 000 Nm3 gas) + 50.4 (2 kg SF6, AR6) = 72.02188809
    // scope 2 location: 55.0 (100 000 kWh east 2023); market: 38.5 (30 000 kWh covered by a GEC)
    EmissionResult gas = c.combustion("boiler", Quantity.naturalGasNm3(10_000), H0, H1);
    EmissionResult sf6 = c.fugitive("gis", Gas.SF6, 2, Unit.KG, H0, H1);
    EmissionResult loc =
        c.electricityLocationBased("incomer", Quantity.electricityKwh(100_000), H0, H1);
    ContractualInstrument gec =
        new ContractualInstrument(
            "gec", InstrumentType.ENERGY_ATTRIBUTE_CERTIFICATE, 30_000, 0, H0, H1, "serials");
    EmissionResult mkt =
        c.marketBasedElectricity()
            .compute(
                "incomer",
                H0,
                H1,
                100_000,
                List.of(new MarketBasedElectricity.Balance(gec, 30_000)))
            .total();
    List<EmissionResult> all = List.of(gas, sf6, loc, mkt);
    List<Removal> removals = List.of(new Removal("trees", H0, H1, 5, "forestry survey"));
    List<Offset> offsets = List.of(new Offset("ccer-1", "CCER", "CCER-0001..0010", H1, 10));

    CarbonBalance location = CarbonBalance.of(all, removals, offsets, Scope2Method.LOCATION_BASED);
    assertThat(location.scope1Tco2e()).isCloseTo(72.02188809, within(1e-8));
    assertThat(location.scope2Tco2e()).isCloseTo(55.0, within(1e-9));
    assertThat(location.grossTco2e()).isCloseTo(127.02188809, within(1e-8));
    assertThat(location.removalsTco2e()).isEqualTo(5);
    assertThat(location.offsetsTco2e()).isEqualTo(10);
    // 127.02188809 − 5 − 10 = 112.02188809
    assertThat(location.netTco2e()).isCloseTo(112.02188809, within(1e-8));

    CarbonBalance market = CarbonBalance.of(all, removals, offsets, Scope2Method.MARKET_BASED);
    assertThat(market.scope2Tco2e()).isCloseTo(38.5, within(1e-9));
    // 72.02188809 + 38.5 − 15 = 95.52188809
    assertThat(market.netTco2e()).isCloseTo(95.52188809, within(1e-8));
  }

  @Test
  void removalsAndOffsetsAreStoredAsPositiveAmounts() {
    assertThatThrownBy(() -> new Removal("r", H0, H1, -3, "m"))
        .hasMessageStartingWith("removedTco2e: expected a positive amount");
    assertThatThrownBy(() -> new Offset("o", "CCER", "s", H0, -1))
        .hasMessageStartingWith("tco2e: expected a positive amount");
  }

  @Test
  void netMayBeNegativeWhenRemovalsExceedEmissions() {
    CarbonBalance b =
        CarbonBalance.of(
            List.of(),
            List.of(new Removal("r", H0, H1, 3, "m")),
            List.of(),
            Scope2Method.LOCATION_BASED);
    assertThat(b.netTco2e()).isEqualTo(-3);
  }
}
