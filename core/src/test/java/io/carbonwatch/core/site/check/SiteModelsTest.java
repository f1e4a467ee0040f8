package io.carbonwatch.core.site.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelJson;
import io.carbonwatch.core.site.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteModelsTest {
  private static final Path DEMO = Path.of("../docs/examples/demo-plant.yaml");

  @Test
  void examplePlantPassesAgainstTheBundledFactorsAndProfiles() {
    SiteModel model = SiteModels.load(DEMO);
    assertThat(model.sites()).hasSize(1);
    SiteModel fromJson =
        SiteModels.loadJson(
            "control.json",
            SiteModelJson.toJson(model),
            FactorLibrary.loadBundled(),
            ProfileCatalog.shipped());
    assertThat(fromJson).isEqualTo(model);
  }

  @Test
  void unknownFactorFuelGasAndProfileChannelAreErrors(@TempDir Path dir) throws IOException {
    String text =
        Files.readString(DEMO)
            .replace("grid: \"cn-grid:east:2023\"", "grid: \"cn-grid:east-china:2023\"")
            .replace("fuel: natural_gas", "fuel: natural_gaz")
            .replace("gas: R-410A", "gas: R-999")
            .replace("{id: flow_standard, quantity: gas_flow", "{id: flow_std, quantity: gas_flow");
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, text);
    assertThatThrownBy(() -> SiteModels.load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> {
              String all = SiteModels.describe((ConfigException) e);
              assertThat(((ConfigException) e).errors()).hasSize(5);
              assertThat(all)
                  .contains("factors.grid: unknown factor 'cn-grid:east-china:2023'")
                  .contains(
                      "sites[0].sources[0].type: factors.grid cn-grid:east-china:2023 is for 'east-china'")
                  .contains("sites[0].sources[1].fuel: unknown fuel 'natural_gaz', expected one of")
                  .contains("sites[0].sources[2].gas: unknown gas 'R-999', expected one of")
                  .contains(
                      "sites[0].meters[5].channels[1].id: profile gas-volume-corrector has no channel"
                          + " 'flow_std', expected one of");
            });
  }
}
