package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad site model or option stops the agent at start-up with a message naming what and where. */
class EdgeCommandTest {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run run(String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new EdgeCommand()
            .run(
                List.of(args),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, err.toString(StandardCharsets.UTF_8));
  }

  private Path site(String yaml) throws Exception {
    Path f = dir.resolve("site.yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void anUnknownProfileFailsWithFileLineAndPath() throws Exception {
    String yaml =
        TestSites.yaml(15020, "1s", "2026-06-01")
            .replace("profile: schneider-iem3155", "profile: schneider-iem9999");
    Run r =
        run(
            "--site",
            site(yaml).toString(),
            "--data-dir",
            dir.resolve("d").toString(),
            "--http",
            "off");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains("invalid configuration")
        .containsPattern("site\\.yaml:\\d+:\\d+ sites\\[0\\]\\.meters\\[1\\]\\.read\\.profile")
        .contains("schneider-iem9999");
  }

  @Test
  void aChannelTheProfileDoesNotProvideFails() throws Exception {
    String yaml =
        TestSites.yaml(15020, "1s", "2026-06-01")
            .replace(
                "- {id: voltage_l1n, quantity: voltage", "- {id: voltage_l9n, quantity: voltage");
    Run r =
        run(
            "--site",
            site(yaml).toString(),
            "--data-dir",
            dir.resolve("d").toString(),
            "--http",
            "off");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err()).contains("voltage_l9n");
  }

  @Test
  void aUnitTheDeviceCannotDeliverFailsNamingMeterAndChannel() throws Exception {
    String yaml =
        TestSites.yaml(15020, "1s", "2026-06-01")
            .replace(
                "- {id: voltage_l1n, quantity: voltage, kind: gauge, unit: V}",
                "- {id: voltage_l1n, quantity: voltage, kind: gauge, unit: kWh}");
    Run r =
        run(
            "--site",
            site(yaml).toString(),
            "--data-dir",
            dir.resolve("d").toString(),
            "--http",
            "off");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains(
            "meter M-SDM channel voltage_l1n: unit kWh cannot be converted from the device's V");
  }

  @Test
  void anUnknownAgentFailsListingTheAgentsThereAre() throws Exception {
    Path f = site(TestSites.yaml(15020, "1s", "2026-06-01"));
    Run r =
        run(
            "--site",
            f.toString(),
            "--agent",
            "edge-9",
            "--data-dir",
            dir.resolve("d").toString(),
            "--http",
            "off");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains("--agent edge-9: no such agent; the site model has t-plant/edge-t");
  }

  @Test
  void aMissingSiteOptionFailsWithUsage() throws Exception {
    Run r = run("--agent", "edge-t");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err()).contains("missing option: --site").contains("carbonwatch edge --site FILE");
  }

  @Test
  void aBrokerUriWithoutSchemeFails() throws Exception {
    Path f = site(TestSites.yaml(15020, "1s", "2026-06-01"));
    Run r = run("--site", f.toString(), "--broker", "localhost:1883", "--http", "off");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains("broker: expected tcp://host:port or ssl://host:port, got localhost:1883");
  }
}
