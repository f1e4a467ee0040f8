package io.carbonwatch.core.modbus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.ReadBlock;
import io.carbonwatch.core.site.RegisterType;
import io.carbonwatch.core.site.WireEnum;
import io.carbonwatch.core.site.WordOrder;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a device profile from YAML. Addresses may be written as the source writes them and are
 * converted to 0-based protocol addresses according to {@code addressing}:
 *
 * <ul>
 *   <li>{@code protocol}: 0-based PDU address, as sent on the wire (default);
 *   <li>{@code one-based}: register number = protocol address + 1 (many vendor manuals);
 *   <li>{@code modicon}: 3xxxx = input register (function 4), 4xxxx = holding register (function
 *       3), 30001/40001 being protocol address 0 (also 6-digit 300001/400001).
 * </ul>
 */
public final class ProfileLoader {
  private static final Set<String> TOP =
      Set.of(
          "id",
          "name",
          "source",
          "verification",
          "addressing",
          "note",
          "defaults",
          "maxGap",
          "blocks",
          "fields");
  private static final Set<String> DEFAULTS = Set.of("function", "type", "order");
  private static final Set<String> BLOCK = Set.of("function", "start", "count");
  private static final Set<String> FIELD =
      Set.of(
          "name",
          "function",
          "address",
          "type",
          "order",
          "scale",
          "offset",
          "ratio",
          "unit",
          "quantity",
          "kind",
          "min",
          "max",
          "note");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  /** Parses one profile; {@code sourceName} (a file name) prefixes every error message. */
  public DeviceProfile load(Reader reader, String sourceName) {
    JsonNode root;
    try {
      root = yaml.readTree(reader);
    } catch (JsonProcessingException e) {
      throw new ProfileException(
          sourceName + ":" + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ProfileException(sourceName + ": " + e.getMessage(), e);
    }
    return new Walker(sourceName).profile(root);
  }

  private static final class Walker {
    private final String src;

    Walker(String src) {
      this.src = src;
    }

    ProfileException error(String path, String what) {
      return new ProfileException(src + " " + path + ": " + what);
    }

    void keys(JsonNode node, String path, Set<String> allowed) {
      if (!node.isObject()) {
        throw error(path, "expected a map");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          throw error(path + "." + k, "unknown key; expected one of " + String.join(", ", allowed));
        }
      }
    }

    String text(JsonNode node, String path, String key, String dflt) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        if (dflt == null) {
          throw error(path + "." + key, "required");
        }
        return dflt;
      }
      if (!v.isValueNode()) {
        throw error(path + "." + key, "expected text");
      }
      return v.asText();
    }

    Integer integer(JsonNode node, String path, String key, Integer dflt) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        if (dflt == null) {
          throw error(path + "." + key, "required");
        }
        return dflt;
      }
      if (!v.isIntegralNumber()) {
        throw error(path + "." + key, "expected an integer, got " + v.asText());
      }
      return v.intValue();
    }

    Double number(JsonNode node, String path, String key, Double dflt) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (!v.isNumber()) {
        throw error(path + "." + key, "expected a number, got " + v.asText());
      }
      return v.doubleValue();
    }

    <E extends Enum<E> & WireEnum> E wire(Class<E> type, String text, String path) {
      return WireEnum.parse(type, text)
          .orElseThrow(
              () -> error(path, "expected one of " + WireEnum.allowed(type) + ", got " + text));
    }

    DeviceProfile profile(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw error("(root)", "expected a map with id, fields, …");
      }
      keys(root, "profile", TOP);
      String id = text(root, "profile", "id", null);
      String addressing = text(root, "profile", "addressing", "protocol");
      if (!Set.of("protocol", "one-based", "modicon").contains(addressing)) {
        throw error(
            "addressing", "expected one of protocol, one-based, modicon, got " + addressing);
      }
      JsonNode defaults = root.path("defaults");
      Integer dFunction = null;
      String dType = null;
      String dOrder = "ABCD";
      if (!defaults.isMissingNode()) {
        keys(defaults, "defaults", DEFAULTS);
        dFunction = integer(defaults, "defaults", "function", 0);
        dFunction = dFunction == 0 ? null : dFunction;
        dType = text(defaults, "defaults", "type", "");
        dType = dType.isEmpty() ? null : dType;
        dOrder = text(defaults, "defaults", "order", "ABCD");
      }
      List<ReadBlock> blocks = new ArrayList<>();
      JsonNode bs = root.path("blocks");
      for (int i = 0; i < bs.size(); i++) {
        String p = "blocks[" + i + "]";
        JsonNode b = bs.get(i);
        keys(b, p, BLOCK);
        int[] fa = address(b, p, "start", integer(b, p, "function", dFunction), addressing);
        try {
          blocks.add(new ReadBlock(fa[0], fa[1], integer(b, p, "count", null)));
        } catch (IllegalArgumentException e) {
          throw error(p, e.getMessage());
        }
      }
      List<ProfileField> fields = new ArrayList<>();
      JsonNode fs = root.path("fields");
      if (!fs.isArray() || fs.isEmpty()) {
        throw error("fields", "expected a non-empty list");
      }
      for (int i = 0; i < fs.size(); i++) {
        String p = "fields[" + i + "]";
        JsonNode f = fs.get(i);
        keys(f, p, FIELD);
        int[] fa = address(f, p, "address", integer(f, p, "function", dFunction), addressing);
        RegisterType type = wire(RegisterType.class, text(f, p, "type", dType), p + ".type");
        WordOrder order = wire(WordOrder.class, text(f, p, "order", dOrder), p + ".order");
        String ratioText = text(f, p, "ratio", "none");
        Ratio ratio = Ratio.parse(ratioText);
        if (ratio == null) {
          throw error(p + ".ratio", "expected one of none, pt, ct, pt*ct, got " + ratioText);
        }
        ChannelKind kind = wire(ChannelKind.class, text(f, p, "kind", "gauge"), p + ".kind");
        try {
          fields.add(
              new ProfileField(
                  text(f, p, "name", null),
                  fa[0],
                  fa[1],
                  type,
                  order,
                  number(f, p, "scale", 1.0),
                  number(f, p, "offset", 0.0),
                  ratio,
                  text(f, p, "unit", null),
                  text(f, p, "quantity", "unspecified"),
                  kind,
                  number(f, p, "min", null),
                  number(f, p, "max", null)));
        } catch (IllegalArgumentException e) {
          throw error(p, e.getMessage());
        }
      }
      try {
        return new DeviceProfile(
            id,
            text(root, "profile", "name", id),
            text(root, "profile", "source", "user-defined"),
            text(root, "profile", "verification", "unverified"),
            addressing,
            blocks,
            fields,
            integer(root, "profile", "maxGap", 0));
      } catch (IllegalArgumentException e) {
        throw error("profile", e.getMessage());
      }
    }

    /** {function, protocol address} from a possibly manual-notation address. */
    int[] address(JsonNode node, String path, String key, Integer function, String addressing) {
      int a = integer(node, path, key, null);
      String p = path + "." + key;
      switch (addressing) {
        case "one-based" -> {
          if (a < 1 || a > 65536) {
            throw error(p, "expected a 1-based register number 1..65536, got " + a);
          }
          return new int[] {requireFunction(function, path), a - 1};
        }
        case "modicon" -> {
          int fc;
          int base;
          if (a >= 30001 && a <= 39999) {
            fc = 4;
            base = 30001;
          } else if (a >= 40001 && a <= 49999) {
            fc = 3;
            base = 40001;
          } else if (a >= 300001 && a <= 365536) {
            fc = 4;
            base = 300001;
          } else if (a >= 400001 && a <= 465536) {
            fc = 3;
            base = 400001;
          } else {
            throw error(p, "expected a 3xxxx or 4xxxx register number, got " + a);
          }
          if (function != null && function != fc) {
            throw error(
                p, "register " + a + " implies function " + fc + " but function is " + function);
          }
          return new int[] {fc, a - base};
        }
        default -> {
          if (a < 0 || a > 65535) {
            throw error(p, "expected a 0-based protocol address 0..65535, got " + a);
          }
          return new int[] {requireFunction(function, path), a};
        }
      }
    }

    int requireFunction(Integer function, String path) {
      if (function == null) {
        throw error(path + ".function", "required (3 or 4), or set defaults.function");
      }
      if (function != 3 && function != 4) {
        throw error(path + ".function", "expected one of 3, 4, got " + function);
      }
      return function;
    }
  }
}
