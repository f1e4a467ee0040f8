package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelLoader;
import io.carbonwatch.edge.poll.DeviceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentPlanTest {
  private static final Path PLANT = Path.of("../docs/examples/demo-plant.yaml");

  @Test
  void deviceTakesTimingAndTransformerRatiosFromItsSiteModelEntry() throws Exception {
    String yaml =
        Files.readString(PLANT, StandardCharsets.UTF_8)
            .replace(
                "unitId: 1, profile: acrel-dtsd1352}",
                "unitId: 1, profile: acrel-dtsd1352, timeout: 3s, retries: 0,"
                    + " pauseBetweenRequests: 20ms, ptRatio: 10, ctRatio: 60}");
    SiteModel model = new SiteModelLoader().loadYaml("demo-plant.yaml", yaml);

    AgentPlan plan = AgentPlan.of(model, "edge-1", ProfileCatalog.shipped());

    List<DeviceSpec> devices = plan.devices().values().stream().flatMap(List::stream).toList();
    DeviceSpec main =
        devices.stream().filter(d -> d.meter().id().equals("M-MAIN")).findFirst().orElseThrow();
    assertThat(main.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(main.retries()).isZero();
    assertThat(main.pause()).isEqualTo(Duration.ofMillis(20));
    assertThat(main.ptRatio()).isEqualTo(10.0);
    assertThat(main.ctRatio()).isEqualTo(60.0);
    DeviceSpec air =
        devices.stream().filter(d -> d.meter().id().equals("M-AIR-1")).findFirst().orElseThrow();
    assertThat(air.timeout()).as("gateway's timeout applies").isNull();
    assertThat(air.ctRatio()).isEqualTo(1.0);
  }
}
