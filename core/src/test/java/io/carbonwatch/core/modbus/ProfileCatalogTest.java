package io.carbonwatch.core.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.RegisterType;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileCatalogTest {
  private final ProfileCatalog catalog = ProfileCatalog.shipped();

  @Test
  void shipsTheFourProfilesWithTheirSources() {
    assertThat(catalog.ids())
        .containsExactly(
            "acrel-dtsd1352", "eastron-sdm630", "gas-volume-corrector", "schneider-iem3155");
    for (String id : catalog.ids()) {
      DeviceProfile p = catalog.find(id).orElseThrow();
      assertThat(p.source()).isNotBlank().isNotEqualTo("user-defined");
      assertThat(p.verification()).isEqualTo("secondary");
    }
  }

  @Test
  void convertsEastronInputRegisterNumbersToProtocolAddresses() {
    DeviceProfile p = catalog.find("eastron-sdm630").orElseThrow();
    ProfileField energy = p.field("energy_import").orElseThrow();
    assertThat(energy.function()).isEqualTo(4);
    assertThat(energy.address()).isEqualTo(0x48);
    assertThat(energy.type()).isEqualTo(RegisterType.F32);
    assertThat(energy.kind()).isEqualTo(ChannelKind.COUNTER);
    assertThat(p.field("power_active").orElseThrow().address()).isEqualTo(0x34);
  }

  @Test
  void convertsSchneiderOneBasedRegisterNumbers() {
    DeviceProfile p = catalog.find("schneider-iem3155").orElseThrow();
    assertThat(p.field("current_l1").orElseThrow().address()).isEqualTo(2999);
    ProfileField wh = p.field("energy_import_wh").orElseThrow();
    assertThat(wh.address()).isEqualTo(3203);
    assertThat(wh.type()).isEqualTo(RegisterType.I64);
    assertThat(p.field("energy_import").orElseThrow().address()).isEqualTo(45099);
    assertThat(p.field("energy_import").orElseThrow().function()).isEqualTo(3);
  }

  @Test
  void acrelEnergyIsScaledByPtAndCt() {
    ProfileField e =
        catalog.find("acrel-dtsd1352").orElseThrow().field("energy_import").orElseThrow();
    assertThat(e.address()).isEqualTo(10);
    assertThat(e.ratio()).isEqualTo(Ratio.PT_CT);
    // raw 123456 × 0.01 × PT 10 × CT 40 = 493 824 kWh on the primary side
    int[] words = RegisterCodec.encode(123456, RegisterType.I32, e.order());
    assertThat(e.decode(words, 10, 10, 40))
        .isCloseTo(493824.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void gasCorrectorIsReadWithTheSourcesSingleRequest() {
    DeviceProfile p = catalog.find("gas-volume-corrector").orElseThrow();
    List<ReadRequest> plan = RequestPlanner.plan(p);
    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).function()).isEqualTo(3);
    assertThat(plan.get(0).start()).isEqualTo(10);
    assertThat(plan.get(0).count()).isEqualTo(20);
  }

  @Test
  void rejectsAnUnknownTypeNamingFileAndField() {
    String yaml =
        "id: x\ndefaults: {function: 3}\nfields:\n  - {name: a, address: 1, type: float, unit: kWh}\n";
    assertThatThrownBy(() -> new ProfileLoader().load(new StringReader(yaml), "my-meter.yaml"))
        .isInstanceOf(ProfileException.class)
        .hasMessage(
            "my-meter.yaml fields[0].type: expected one of u16, i16, u32, i32, u64, i64, f32, f64,"
                + " got float");
  }

  @Test
  void rejectsAModiconNumberThatContradictsTheFunction() {
    String yaml =
        "id: x\naddressing: modicon\nfields:\n"
            + "  - {name: a, function: 3, address: 30001, type: u16, unit: kWh}\n";
    assertThatThrownBy(() -> new ProfileLoader().load(new StringReader(yaml), "m.yaml"))
        .hasMessage(
            "m.yaml fields[0].address: register 30001 implies function 4 but function is 3");
  }

  @Test
  void rejectsUnknownKeys() {
    String yaml = "id: x\nfields:\n  - {name: a, function: 3, adress: 1, type: u16, unit: kWh}\n";
    assertThatThrownBy(() -> new ProfileLoader().load(new StringReader(yaml), "m.yaml"))
        .hasMessageStartingWith("m.yaml fields[0].adress: unknown key");
  }
}
