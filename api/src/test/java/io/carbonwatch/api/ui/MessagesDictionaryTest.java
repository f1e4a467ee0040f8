package io.carbonwatch.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonwatch.api.alerts.AlertState;
import io.carbonwatch.api.auth.Role;
import io.carbonwatch.core.site.MeteringLevel;
import io.carbonwatch.core.wire.AgentState;
import io.carbonwatch.core.wire.AlertEventType;
import io.carbonwatch.core.wire.AlertSeverity;
import io.carbonwatch.core.wire.Quality;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UI's dictionary (webroot/i18n/messages.json) is complete in both languages: the same keys, no
 * blanks, every key the scripts ask for, and a label for every value of the enums the API sends.
 */
class MessagesDictionaryTest {
  static final Path JS = Path.of("src", "main", "resources", "webroot", "js");
  static JsonNode zh;
  static JsonNode en;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        MessagesDictionaryTest.class.getResourceAsStream("/webroot/i18n/messages.json")) {
      assertThat(in).as("webroot/i18n/messages.json on the classpath").isNotNull();
      JsonNode root = new ObjectMapper().readTree(in);
      zh = root.get("zh-CN");
      en = root.get("en");
    }
    assertThat(zh).as("zh-CN dictionary").isNotNull();
    assertThat(en).as("en dictionary").isNotNull();
  }

  private static Set<String> keys(JsonNode n) {
    Set<String> s = new TreeSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }

  @Test
  void bothLanguagesHaveTheSameKeysAndNoBlankText() {
    assertThat(keys(zh)).isEqualTo(keys(en));
    List<String> blank = new ArrayList<>();
    for (JsonNode lang : List.of(zh, en)) {
      for (Iterator<String> it = lang.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (lang.get(k).asText().isBlank()) {
          blank.add(k);
        }
      }
    }
    assertThat(blank).isEmpty();
  }

  @Test
  void chineseTextIsActuallyChineseWhereTheEnglishIsAPhrase() {
    List<String> untranslated = new ArrayList<>();
    for (String k : keys(en)) {
      String e = en.get(k).asText();
      String z = zh.get(k).asText();
      // Phrases of two or more words must not be copied over untranslated.
      if (e.trim().contains(" ") && e.matches(".*[a-z]{3,}.*") && z.equals(e)) {
        untranslated.add(k);
      }
    }
    assertThat(untranslated).isEmpty();
  }

  @Test
  void everyKeyTheScriptsUseIsInTheDictionary() throws IOException {
    Pattern literal = Pattern.compile("\\bt\\('([A-Za-z0-9_.-]+)'");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(JS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).endsWith(".")) {
            used.add(m.group(1));
          }
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(100);
    assertThat(keys(en)).containsAll(used);
  }

  @Test
  void severityLabelsAreTheSiteModelsTermsSoAlertTextAndScreenAgree() {
    // Alert messages (core) and the site model say 一般 / 严重 / 紧急; the screen must not call a
    // "critical" alert by the word the messages use for "major".
    for (io.carbonwatch.core.site.Severity s : io.carbonwatch.core.site.Severity.values()) {
      assertThat(zh.get("severity." + s.wire()).asText()).as(s.wire()).isEqualTo(s.zh());
    }
  }

  @Test
  void everyEnumValueTheApiSendsHasALabel() {
    List<String> needed = new ArrayList<>();
    for (Role r : Role.values()) {
      needed.add("role." + r.wire());
    }
    for (AlertState s : AlertState.values()) {
      needed.add("state." + s.wire());
      if (s != AlertState.OPEN) {
        needed.add("transition." + s.wire());
        needed.add("transition." + s.wire() + ".legend");
      }
    }
    for (AlertSeverity s : AlertSeverity.values()) {
      needed.add("severity." + s.wire());
    }
    for (AlertEventType e : AlertEventType.values()) {
      needed.add("event." + e.wire());
    }
    for (Quality q : Quality.values()) {
      needed.add("quality." + q.wire());
    }
    for (AgentState a : AgentState.values()) {
      needed.add("agentState." + a.wire());
    }
    for (MeteringLevel l : MeteringLevel.values()) {
      needed.add("level." + l.wire());
    }
    for (String s : List.of("qualified", "conditional", "disabled")) {
      needed.add("instrumentStatus." + s);
    }
    for (String s : List.of("ok", "overdue", "failed")) {
      needed.add("calibration." + s);
    }
    for (String s : List.of("pass", "adjusted", "fail")) {
      needed.add("result." + s);
    }
    for (String g : List.of("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")) {
      needed.add("gas." + g);
    }
    assertThat(keys(en)).containsAll(needed);
  }
}
