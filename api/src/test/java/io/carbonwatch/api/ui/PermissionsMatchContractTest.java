package io.carbonwatch.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The UI decides which action buttons to show from webroot/js/permissions.json; the API decides
 * what it allows from the x-roles of each operation in openapi.yaml. They must agree, or a user
 * sees buttons that are refused (or misses ones they may use).
 */
class PermissionsMatchContractTest {

  private static JsonNode read(String resource, ObjectMapper mapper) throws IOException {
    try (InputStream in = PermissionsMatchContractTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the classpath").isNotNull();
      return mapper.readTree(in);
    }
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> s = new TreeSet<>();
    array.forEach(n -> s.add(n.asText()));
    return s;
  }

  @Test
  void everyUiActionHasTheRolesOfItsOperationInTheContract() throws IOException {
    JsonNode ui = read("/webroot/js/permissions.json", new ObjectMapper());
    JsonNode contract =
        read("/io/carbonwatch/api/openapi.yaml", new ObjectMapper(new YAMLFactory()));
    JsonNode paths = contract.get("paths");
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = ui.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("_")) {
        continue;
      }
      JsonNode a = e.getValue();
      String path = a.get("path").asText();
      String method = a.get("method").asText();
      boolean pending = a.path("pending").asBoolean(false);
      JsonNode op = paths.path(path).path(method);
      if (op.isMissingNode()) {
        if (!pending) {
          mismatches.add(e.getKey() + ": " + method + " " + path + " is not in openapi.yaml");
        }
        continue;
      }
      if (pending) {
        mismatches.add(
            e.getKey()
                + ": "
                + method
                + " "
                + path
                + " now exists; drop \"pending\" and check its roles");
        continue;
      }
      Set<String> want = strings(op.get("x-roles"));
      Set<String> have = strings(a.get("roles"));
      if (!want.equals(have)) {
        mismatches.add(e.getKey() + ": UI roles " + have + " but contract x-roles " + want);
      }
      checked++;
    }
    assertThat(mismatches).isEmpty();
    assertThat(checked).as("actions checked against the contract").isGreaterThanOrEqualTo(2);
  }
}
