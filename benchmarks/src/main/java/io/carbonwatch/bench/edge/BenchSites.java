package io.carbonwatch.bench.edge;

import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelLoader;

/** Generated site models for the edge benchmarks: gateways × units, 20-register blocks. */
final class BenchSites {
  private BenchSites() {}

  /**
   * {@code gateways} TCP gateways on consecutive ports from {@code basePort}, {@code
   * unitsPerGateway} meters each, every meter an inline map of one FC3 block of 20 registers
   * holding 10 float32 values (the "block of about 20 registers").
   */
  static SiteModel site(int gateways, int unitsPerGateway, int basePort, String pollInterval) {
    StringBuilder y = new StringBuilder();
    y.append(
        """
        organisation: {id: bench, name: {zh: 基准, en: Bench}}
        factors: {gwp: AR5, combustion: gbt32151, grid: "cn-grid:east:2023", heat: "cn-heat:default"}
        sites:
          - id: bench
            name: {zh: 基准, en: Bench}
            timeZone: Asia/Shanghai
            gridRegion: east
            agents:
              - id: edge-b
                gateways:
        """);
    for (int g = 0; g < gateways; g++) {
      y.append("          - {id: gw-")
          .append(g)
          .append(", transport: tcp, host: 127.0.0.1, port: ")
          .append(basePort + g)
          .append(", timeout: 2s, retries: 0, pauseBetweenRequests: 0s}\n");
    }
    y.append("    meters:\n");
    for (int g = 0; g < gateways; g++) {
      for (int u = 1; u <= unitsPerGateway; u++) {
        String id = "M-" + g + "-" + u;
        y.append("      - id: ").append(id).append('\n');
        y.append("        name: {zh: 表").append(id).append(", en: Meter ").append(id).append("}\n");
        y.append(
            """
                    level: main_equipment
                    energyType: electricity
                    accuracyClass: "1"
                    calibration: {intervalMonths: 12, lastCalibrated: 2026-06-01, status: qualified}
            """);
        y.append(
                "        read:\n          protocol: modbus\n          agent: edge-b\n          gateway: gw-")
            .append(g)
            .append("\n          unitId: ")
            .append(u)
            .append('\n');
        y.append(
            "          registerMap:\n            blocks: [{function: 3, start: 0, count: 20}]\n");
        y.append("            fields:\n");
        y.append(
            "              - {channel: energy_import, function: 3, address: 0, type: f32, order: ABCD, scale: 1, offset: 0}\n");
        for (int f = 1; f < 10; f++) {
          y.append("              - {channel: v")
              .append(f)
              .append(", function: 3, address: ")
              .append(2 * f)
              .append(", type: f32, order: ABCD, scale: 1, offset: 0}\n");
        }
        y.append("        pollInterval: ").append(pollInterval).append('\n');
        y.append("        channels:\n");
        y.append(
            "          - {id: energy_import, quantity: electricity, kind: counter, unit: kWh}\n");
        for (int f = 1; f < 10; f++) {
          y.append("          - {id: v")
              .append(f)
              .append(", quantity: active_power, kind: gauge, unit: kW}\n");
        }
      }
    }
    return new SiteModelLoader().loadYaml("bench-site.yaml", y.toString());
  }
}
