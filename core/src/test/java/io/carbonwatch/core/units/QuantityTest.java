package io.carbonwatch.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuantityTest {

  @Test
  void convertsWithinADimension() {
    assertThat(Quantity.electricityKwh(2_500).amountIn(Unit.MWH)).isEqualTo(2.5);
    assertThat(new Quantity(Carrier.DIESEL, 1_250, Unit.KG).to(Unit.T).amount()).isEqualTo(1.25);
    assertThat(Quantity.waterM3(2).amountIn(Unit.L)).isEqualTo(2_000);
    assertThat(new Quantity(Carrier.HEAT, 1_500, Unit.MJ).amountIn(Unit.GJ)).isEqualTo(1.5);
  }

  @Test
  void litresOfLiquidFuelBecomeTonnesWithTheGivenDensity() {
    // 1 000 L × 0.84 kg/L = 840 kg = 0.84 t
    Quantity q = Quantity.ofLiquidVolume(Carrier.DIESEL, 1_000, 0.84);
    assertThat(q.unit()).isEqualTo(Unit.T);
    assertThat(q.amount()).isCloseTo(0.84, within(1e-12));
  }

  @Test
  void rejectsLitresOfANonLiquidAndAMissingDensity() {
    assertThatThrownBy(() -> Quantity.ofLiquidVolume(Carrier.NATURAL_GAS, 10, 0.7))
        .hasMessageStartingWith("carrier: natural_gas is not a liquid fuel");
    assertThatThrownBy(() -> Quantity.ofLiquidVolume(Carrier.DIESEL, 10, 0))
        .hasMessageStartingWith("densityKgPerL:");
  }

  @Test
  void rejectsAUnitTheCarrierCannotBeMeteredIn() {
    assertThatThrownBy(() -> new Quantity(Carrier.ELECTRICITY, 5, Unit.NM3))
        .hasMessageStartingWith("unit: electricity cannot be measured in Nm3");
    assertThatThrownBy(() -> new Quantity(Carrier.DIESEL, 5, Unit.L))
        .hasMessageStartingWith("unit: diesel cannot be measured in L");
  }

  @Test
  void rejectsNegativeAndNonFiniteAmountsNamingTheField() {
    assertThatThrownBy(() -> Quantity.electricityKwh(-1)).hasMessageStartingWith("amount:");
    assertThatThrownBy(() -> Quantity.naturalGasNm3(Double.NaN)).hasMessageStartingWith("amount:");
    assertThatThrownBy(() -> new OutputQuantity(3, " ")).hasMessageStartingWith("unit:");
  }

  @Test
  void refusesToConvertAcrossDimensions() {
    assertThatThrownBy(() -> Unit.KWH.factorTo(Unit.GJ))
        .hasMessage("unit: cannot convert kWh (ELECTRIC_ENERGY) to GJ (ENERGY)");
  }

  @Test
  void outputAddsOnlyInTheSameUserUnit() {
    assertThat(new OutputQuantity(3, "t").plus(new OutputQuantity(4.5, "t")).amount())
        .isEqualTo(7.5);
    assertThatThrownBy(() -> new OutputQuantity(3, "t").plus(new OutputQuantity(1, "pcs")))
        .hasMessage("unit: cannot add output in pcs to output in t");
  }

  @Test
  void parsesUnitsAndCarriersFromTheirIds() {
    assertThat(Unit.fromSymbol("Nm³")).isEqualTo(Unit.NM3);
    assertThat(Carrier.fromId("natural_gas")).isEqualTo(Carrier.NATURAL_GAS);
    assertThatThrownBy(() -> Carrier.fromId("gas"))
        .hasMessageContaining("carrier: expected one of");
  }
}
