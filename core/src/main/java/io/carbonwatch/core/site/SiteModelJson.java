package io.carbonwatch.core.site;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.carbonwatch.core.site.yaml.Durations;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form of a site model: the same keys as the YAML file, defaults filled in, null
 * and empty lists left out, record components in declaration order, free map keys sorted, no
 * whitespace. Two files describing the same model give the same bytes, hence the same {@link
 * #version(SiteModel)} — the {@code configHash} agents report and the {@code version} of the
 * control message. {@link SiteModelLoader#loadJson} reads it back to an equal model.
 */
public final class SiteModelJson {
  private static final JsonFactory JSON = new JsonFactory();

  private SiteModelJson() {}

  /** Canonical JSON text. */
  public static String toJson(SiteModel model) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** {@code sha256:<64 hex>} of the canonical JSON's UTF-8 bytes. */
  public static String version(SiteModel model) {
    return hash(toJson(model));
  }

  /** {@code sha256:<64 hex>} of a canonical JSON text. */
  public static String hash(String canonicalJson) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static boolean omitted(Object value) {
    return value == null
        || (value instanceof Collection<?> c && c.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty());
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        g.writeNumber((long) (double) d);
      } else {
        g.writeNumber(d);
      }
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof WireEnum e) {
      g.writeString(e.wire());
    } else if (value instanceof Duration d) {
      g.writeString(Durations.format(d));
    } else if (value instanceof LocalDate d) {
      g.writeString(d.toString());
    } else if (value instanceof ZoneId z) {
      g.writeString(z.getId());
    } else if (value instanceof Formula f) {
      g.writeString(f.text());
    } else if (value instanceof ChannelRef r) {
      g.writeString(r.toString());
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      entries.sort(
          (a, b) -> {
            if (a.getKey() instanceof Enum<?> ea && b.getKey() instanceof Enum<?> eb) {
              return Integer.compare(ea.ordinal(), eb.ordinal());
            }
            return key(a.getKey()).compareTo(key(b.getKey()));
          });
      g.writeStartObject();
      for (Map.Entry<?, ?> e : entries) {
        g.writeFieldName(key(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Record r) {
      g.writeStartObject();
      if (r instanceof Acquisition a) {
        g.writeStringField("protocol", a.protocol());
      }
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object v;
        try {
          v = c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read " + c, e);
        }
        if (!omitted(v)) {
          g.writeFieldName(c.getName());
          write(g, v);
        }
      }
      g.writeEndObject();
    } else {
      throw new IllegalStateException("no canonical JSON for " + value.getClass());
    }
  }

  private static String key(Object k) {
    return k instanceof WireEnum e ? e.wire() : String.valueOf(k);
  }
}
