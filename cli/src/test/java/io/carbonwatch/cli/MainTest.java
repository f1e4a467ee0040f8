package io.carbonwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private static final Path DEMO = Path.of("../docs/examples/demo-plant.yaml");

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void validateAcceptsTheExamplePlantAndPrintsTheCollectionPlan() {
    Result r = run("validate", DEMO.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("站点模型有效 / site model valid: " + DEMO)
        .containsPattern("版本 / version: sha256:[0-9a-f]{64}")
        .contains("合计 / totals: 站点 sites 1, 计量器具 meters 9, 碳源碳汇 sources & sinks 4, 主要能源使用 SEUs 3")
        .contains("进出用能单位 organisation 2, 进出主要次级用能单位 secondary_unit 2, 主要用能设备 main_equipment 5")
        .contains("数据收集计划 / data collection plan (6.1.6):")
        .containsPattern(
            "M-MAIN\\.energy_import \\(electricity, kWh\\) +modbus +5s +M-MAIN +0\\.5S +2027-03-15")
        .containsPattern("M-PROD\\.units \\(production, pcs\\) +mqtt +10s +M-PROD +- +2027-01-10");
  }

  @Test
  void validateJsonPrintsTheCanonicalForm() {
    Result r = run("validate", "--json", DEMO.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("{\"organisation\":{\"id\":\"demo-co\"");
  }

  @Test
  void validateListsEveryErrorWithFileLineColumnAndExits2(@TempDir Path dir) throws IOException {
    String text =
        Files.readString(DEMO)
            .replace("accuracyClass: 0.5S", "accuracyClass: 0.3")
            .replace("timeZone: Asia/Shanghai", "timeZone: Shanghai")
            .replace("activity: M-GAS.volume_standard", "activity: M-GAZ.volume_standard");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, text);
    Result r = run("validate", broken.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    String f = broken.toString();
    assertThat(r.err())
        .contains("站点模型无效 / site model invalid: " + f)
        .contains("配置有误，共 4 处 / invalid configuration, 4 errors:")
        .containsPattern(
            java.util.regex.Pattern.quote(f)
                + ":\\d+:15 sites\\[0\\]\\.timeZone: expected an IANA time zone")
        .containsPattern(
            java.util.regex.Pattern.quote(f)
                + ":\\d+:24 sites\\[0\\]\\.meters\\[0\\]\\.accuracyClass: expected one of 0\\.2S, 0\\.5S")
        .containsPattern(
            java.util.regex.Pattern.quote(f)
                + ":\\d+:19 sites\\[0\\]\\.sources\\[1\\]\\.activity: unknown meter 'M-GAZ'");
  }

  @Test
  void validateRefusesWhatTheStreamJobCannotCompileNamingFileAndPath(@TempDir Path dir)
      throws IOException {
    String yaml = Files.readString(DEMO);
    Path wrongUnit = dir.resolve("wrong-unit.yaml");
    Files.writeString(wrongUnit, yaml.replace("unit: kWh/pcs", "unit: kWh/t"));
    Result r = run("validate", wrongUnit.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("站点模型无效 / site model invalid")
        .contains("流处理作业无法使用此模型 / the stream job cannot use this model")
        .contains(
            wrongUnit
                + ": parameters.P-AIR-SEC.unit: the denominator t does not match the unit of"
                + " RV-PROD (pcs)");
  }

  @Test
  void validateNotesOverdueAndDisabledInstrumentsWithoutFailing(@TempDir Path dir)
      throws IOException {
    String text =
        Files.readString(DEMO)
            .replace(
                "lastCalibrated: 2025-09-01, status: qualified",
                "lastCalibrated: 2023-09-01, status: qualified")
            .replace(
                "lastCalibrated: 2026-05-10, status: qualified",
                "lastCalibrated: 2026-05-10, status: disabled");
    Path file = dir.resolve("overdue.yaml");
    Files.writeString(file, text);
    ValidateCommand validate =
        new ValidateCommand(
            java.time.Clock.fixed(
                java.time.Instant.parse("2026-11-24T02:00:00Z"), java.time.ZoneOffset.UTC));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        validate.run(
            java.util.List.of(file.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("提示 / notes (2):")
        .contains("sh-plant M-PV: 器具已停用 / instrument is disabled (停用)")
        .contains("sh-plant M-GAS: 校准已过期 / calibration overdue (2025-09-01)");
  }

  @Test
  void missingFileAndBadArgumentsExit2WithBilingualMessages() {
    Result missing = run("validate", "no-such-file.yaml");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("找不到文件 / file not found: no-such-file.yaml");
    Result none = run("validate");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("缺少文件 / missing FILE").contains("carbonwatch validate FILE");
    Result option = run("validate", "--strict", DEMO.toString());
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("未知选项 / unknown option: --strict");
  }

  @Test
  void helpListsCommandsAndUnknownCommandsFail() {
    Result help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("用法 / usage: carbonwatch COMMAND [ARGS]")
        .contains("validate  校验站点模型文件 / validate a site model file");
    assertThat(run("help", "validate").out()).startsWith("carbonwatch validate FILE [--json]");
    assertThat(run("validate", "--help").out()).startsWith("carbonwatch validate FILE [--json]");
    Result unknown = run("frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("未知命令 / unknown command: frobnicate");
    Result nothing = run();
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).contains("命令 / commands:");
  }

  @Test
  void everyComponentCommandIsReachableWithItsUsage() {
    for (String command : List.of("edge", "simulate", "job", "api", "demo")) {
      assertThat(run("--help").out()).as(command).containsPattern("(?m)^  " + command + " +\\S");
      assertThat(run("help", command).out()).as(command).contains("carbonwatch " + command);
    }
  }

  @Test
  void versionComesFromTheBuild() {
    Result r = run("version");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).matches("carbonwatch \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void displayWidthCountsChineseAsTwoColumns() {
    assertThat(ValidateCommand.displayWidth("数据 / data")).isEqualTo(11);
  }
}
