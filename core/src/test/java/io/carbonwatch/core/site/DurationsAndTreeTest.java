package io.carbonwatch.core.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.site.yaml.ConfigErrors;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.core.site.yaml.Durations;
import io.carbonwatch.core.site.yaml.MapReader;
import io.carbonwatch.core.site.yaml.Node;
import io.carbonwatch.core.site.yaml.TreeParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsAndTreeTest {
  @Test
  void durationsParseShortAndIsoFormsAndFormatBack() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("PT15S")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThatThrownBy(() -> Durations.parse("15 sec"))
        .hasMessage("expected a duration such as 500ms, 15s, 1m, 1h30m, 1d or PT15S, got '15 sec'");
  }

  @Test
  void mapReaderIsReusableForOtherFilesWithLocatedErrors() {
    Node root =
        TreeParser.parseYaml(
            "profile.yaml",
            "id: x\nfields:\n  - {name: a, address: -1}\n  - {name: b, adress: 2}\n");
    ConfigErrors errors = new ConfigErrors();
    MapReader m = MapReader.of(root, errors);
    m.string("id", true);
    for (Node f : m.list("fields", true)) {
      MapReader fm = MapReader.of(f, errors);
      fm.string("name", true);
      fm.integer("address", true, 0, 65535);
      fm.finish();
    }
    m.finish();
    assertThatThrownBy(errors::throwIfAny)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "3 errors:\n"
                + "profile.yaml:3:24 fields[0].address: expected an integer in 0..65535, got -1\n"
                + "profile.yaml:4:5 fields[1].address: missing, expected a value for required key 'address'\n"
                + "profile.yaml:4:15 fields[1].adress: unknown key, expected one of name, address");
  }

  @Test
  void duplicateKeysAreErrors() {
    assertThatThrownBy(() -> TreeParser.parseYaml("a.yaml", "id: 1\nname: x\nid: 2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "a.yaml:3:1 id: duplicate key (first at line 1), expected each key once");
  }

  @Test
  void aliasesSecondDocumentsAndSyntaxErrorsAreLocatedErrors() {
    assertThatThrownBy(() -> TreeParser.parseYaml("a.yaml", "a: &x {b: 1}\nc: *x\n"))
        .hasMessageContaining(
            "a.yaml:2:4 c: YAML aliases (*x) are not supported, expected the value written out");
    assertThatThrownBy(() -> TreeParser.parseYaml("a.yaml", "a: 1\n---\nb: 2\n"))
        .hasMessageContaining("a.yaml:3:1 expected one document, got a second one (remove '---')");
    assertThatThrownBy(() -> TreeParser.parseYaml("a.yaml", "a: [1, 2\n"))
        .hasMessageContaining(
            "a.yaml:1:9 syntax error: while parsing a flow sequence; expected ',' or ']', but got"
                + " <stream end>");
    assertThatThrownBy(() -> TreeParser.parseYaml("a.yaml", ""))
        .hasMessageContaining("a.yaml:1:1 expected a document, got an empty file");
  }
}
