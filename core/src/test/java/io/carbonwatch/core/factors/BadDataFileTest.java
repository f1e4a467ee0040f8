package io.carbonwatch.core.factors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadDataFileTest {

  private static final String HEADER =
      """
      kind: emission-factors
      version: "t1"
      zone: Asia/Shanghai
      sources:
        s1: {citation: "test source"}
      defaults: {source: s1, verification: secondary}
      """;

  private static FactorLibrary load(String name, String text) {
    return FactorLibrary.builder().add(name, new StringReader(text)).build();
  }

  @Test
  void textWhereANumberBelongsNamesFileLineColumnAndField() {
    String text =
        HEADER
            + """
            factors:
              - id: "site:gas"
                type: heat
                activityUnit: GJ
                perGasUnit: "t/GJ"
                perGas: {CO2: abc}
            """;
    assertThatThrownBy(() -> load("my-factors.yaml", text))
        .isInstanceOf(DataFileException.class)
        .hasMessage("my-factors.yaml:12:19 factors[0].perGas.CO2: expected a number; got 'abc'")
        .satisfies(
            e -> {
              DataFileException d = (DataFileException) e;
              assertThat(d.file()).isEqualTo("my-factors.yaml");
              assertThat(d.line()).isEqualTo(12);
              assertThat(d.path()).isEqualTo("factors[0].perGas.CO2");
            });
  }

  @Test
  void misspeltFieldIsRejectedNotIgnored() {
    String text =
        HEADER
            + """
            factors:
              - id: "site:coal"
                type: combustion
                activityUnit: t
                ncv: {value: 20, unit: "GJ/t"}
                carbonContnet: {value: 26, unit: "tC/TJ"}
            """;
    assertThatThrownBy(() -> load("f.yaml", text))
        .hasMessageStartingWith(
            "f.yaml:12:20 factors[0].carbonContnet: unknown field; expected one of id, series");
  }

  @Test
  void unknownSourceKeyIsNamed() {
    String text =
        HEADER
            + """
            factors:
              - {id: "site:heat", type: heat, activityUnit: GJ, perGasUnit: "t/GJ", perGas: {CO2: 0.1}, source: nope}
            """;
    assertThatThrownBy(() -> load("f.yaml", text))
        .hasMessageContaining("factors[0].source: unknown source 'nope'; expected one of [s1]");
  }

  @Test
  void badVerificationLevelIsNamed() {
    String text =
        HEADER
            + """
            factors:
              - {id: "site:heat", type: heat, activityUnit: GJ, perGasUnit: "t/GJ", perGas: {CO2: 0.1}, verification: checked}
            """;
    assertThatThrownBy(() -> load("f.yaml", text))
        .hasMessageContaining(
            "factors[0].verification: verification: expected one of primary, secondary, unverified; got checked");
  }

  @Test
  void oxidationAbove100PercentIsRejected() {
    String text =
        HEADER
            + """
            constants:
              co2PerCarbon: {value: "44/12"}
            factors:
              - id: "site:coal"
                type: combustion
                activityUnit: t
                ncv: {value: 20, unit: "GJ/t"}
                carbonContent: {value: 26, unit: "tC/TJ"}
                oxidation: {value: 110, unit: "%"}
            """;
    assertThatThrownBy(() -> load("f.yaml", text))
        .hasMessageContaining("factors[0].oxidation.value: oxidation rate above 100%");
  }

  @Test
  void overlappingVersionsOfASeriesAreRejected() {
    String text =
        HEADER
            + """
            factors:
              - {id: "site:grid:a", series: "site:grid", type: electricity, activityUnit: kWh, perGasUnit: "kg/kWh", perGas: {CO2: 0.5}, effectiveFrom: 2024-01-01, effectiveTo: 2025-06-01}
              - {id: "site:grid:b", series: "site:grid", type: electricity, activityUnit: kWh, perGasUnit: "kg/kWh", perGas: {CO2: 0.4}, effectiveFrom: 2025-01-01}
            """;
    assertThatThrownBy(() -> load("f.yaml", text))
        .hasMessageStartingWith(
            "f.yaml:9:5 factors[1]: versions of series site:grid overlap: site:grid:a")
        .hasMessageContaining("site:grid:b");
  }

  @Test
  void duplicateIdAcrossFilesNamesBothFiles() {
    String text =
        HEADER
            + """
            factors:
              - {id: "cn-heat:default", type: heat, activityUnit: GJ, perGasUnit: "t/GJ", perGas: {CO2: 0.1}}
            """;
    assertThatThrownBy(
            () ->
                FactorLibrary.builder()
                    .withBundled()
                    .add("mine.yaml", new StringReader(text))
                    .build())
        .hasMessageStartingWith("mine.yaml:8:5 factors[0]: factor id cn-heat:default is already")
        .hasMessageContaining("defined in cn-heat.yaml:");
  }

  @Test
  void electricityFactorPerTonneIsRejected() {
    String text =
        HEADER
            + """
            factors:
              - {id: "site:grid", type: electricity, activityUnit: t, perGasUnit: "kg/kWh", perGas: {CO2: 0.5}}
            """;
    assertThatThrownBy(() -> load("f.yaml", text))
        .hasMessageContaining("factors[0].activityUnit: an electricity factor cannot be per t");
  }

  @Test
  void duplicateYamlKeyIsRejected() {
    String text =
        HEADER
            + """
            factors:
              - {id: "site:a", id: "site:b", type: heat, activityUnit: GJ, perGasUnit: "t/GJ", perGas: {CO2: 0.1}}
            """;
    assertThatThrownBy(() -> load("f.yaml", text))
        .hasMessageContaining("factors[0].id: duplicate key");
  }

  @Test
  void brokenYamlSyntaxNamesTheFile() {
    assertThatThrownBy(() -> load("broken.yaml", "kind: [unclosed\n"))
        .isInstanceOf(DataFileException.class)
        .hasMessageStartingWith("broken.yaml:")
        .hasMessageContaining("syntax error");
  }

  @Test
  void unknownKindIsRejected() {
    assertThatThrownBy(() -> load("x.yaml", "kind: recipes\nversion: 1\nsources: {}\n"))
        .hasMessageStartingWith("x.yaml:1:7 kind: expected one of gwp100, emission-factors");
  }

  @Test
  void missingGwpSetValueReportsTheSetName() {
    String text =
        """
        kind: gwp100
        version: "t"
        sources: {s: {citation: c}}
        defaults: {source: s, verification: primary}
        sets: {AR5: {}}
        gases:
          CO2: {AR5: 1, AR7: 1}
        """;
    assertThatThrownBy(() -> load("g.yaml", text))
        .hasMessageStartingWith(
            "g.yaml:7:22 gases.CO2.AR7: gwpSet: expected one of AR4, AR5, AR6; got AR7");
  }

  @Test
  void userFileAddsFactorsAndReplacesABundledFileByName(@TempDir Path dir) throws Exception {
    Path mine = dir.resolve("site-factors.yaml");
    Files.writeString(
        mine,
        HEADER
            + """
            factors:
              - id: "site:measured-heat"
                type: heat
                activityUnit: GJ
                perGasUnit: "t/GJ"
                perGas: {CO2: 0.095}
                note: "supplier's measured factor"
            """);
    Path grid = dir.resolve("cn-grid.yaml");
    Files.writeString(
        grid,
        HEADER
            + """
            yearlySeries:
              - {series: "cn-grid:east", type: electricity, activityUnit: kWh, gas: CO2, perGasUnit: "kg/kWh", carryForwardLatest: true, years: {2024: 0.5}}
            """);
    FactorLibrary lib = FactorLibrary.load(java.util.List.of(mine, grid));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(lib.factor("site:measured-heat", now).tonnesPerUnit().get(Gas.CO2))
        .isCloseTo(0.095, within(1e-12));
    assertThat(lib.factor("cn-grid:east", now).id()).isEqualTo("cn-grid:east:2024");
    assertThat(lib.factor("cn-grid:east", now).provenance().fileAtVersion())
        .isEqualTo("cn-grid.yaml@t1");
    assertThat(lib.seriesIds()).doesNotContain("cn-grid:jiangsu");
  }
}
