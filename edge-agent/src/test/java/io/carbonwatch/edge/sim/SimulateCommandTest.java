package io.carbonwatch.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;

  private String run(int expectedCode, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new SimulateCommand()
            .run(
                List.of(args),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(expectedCode);
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path site() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (InputStream in = getClass().getResourceAsStream("/io/carbonwatch/edge/test-site.yaml")) {
      String yaml =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("PORT", Integer.toString(port))
              .replace("POLL", "1s")
              .replace("CALDATE", "2026-06-01");
      Path f = dir.resolve("site.yaml");
      Files.writeString(f, yaml);
      return f;
    }
  }

  @Test
  void rejectsAnUnknownOptionAndAMissingSite() throws Exception {
    assertThat(run(SimulateCommand.INVALID, "--sight", "x.yaml"))
        .contains("unknown option or missing value: --sight");
    assertThat(run(SimulateCommand.INVALID, "--speed", "10")).contains("missing option: --site");
  }

  @Test
  void rejectsAFaultScriptForAMeterItDoesNotServe() throws Exception {
    Path faults = dir.resolve("faults.yaml");
    Files.writeString(faults, "faults:\n  - {meter: M-NOPE, fault: timeout, at: 1m, for: 1m}\n");
    assertThat(
            run(
                SimulateCommand.INVALID,
                "--site",
                site().toString(),
                "--faults",
                faults.toString()))
        .contains("faults[0].meter: no simulated Modbus meter M-NOPE");
  }

  @Test
  void reportsSiteModelErrorsWithTheirLocation() throws Exception {
    Path f = site();
    Files.writeString(
        f, Files.readString(f).replace("timeZone: Asia/Shanghai", "timeZone: Mars/Olympus"));
    assertThat(run(SimulateCommand.INVALID, "--site", f.toString()))
        .containsPattern("site\\.yaml:\\d+:\\d+ sites\\[0\\]\\.timeZone");
  }

  @Test
  void refusesAProfileChannelTheDeviceDoesNotHave() throws Exception {
    Path f = site();
    String yaml = Files.readString(f);
    String broken = yaml.replaceFirst("\\{id: energy_import,", "{id: energy_imp,");
    assertThat(broken).as("the bench site has an energy_import channel").isNotEqualTo(yaml);
    Files.writeString(f, broken);
    assertThat(run(SimulateCommand.INVALID, "--site", f.toString()))
        .containsPattern(
            "site\\.yaml:\\d+:\\d+ sites\\[0\\]\\.meters\\[\\d+\\]\\.channels\\[\\d+\\]\\.id: profile .* has no channel 'energy_imp'");
  }
}
