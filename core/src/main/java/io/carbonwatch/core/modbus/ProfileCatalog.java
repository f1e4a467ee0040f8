package io.carbonwatch.core.modbus;

import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.RegisterField;
import io.carbonwatch.core.site.RegisterMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device profiles shipped in {@code io/carbonwatch/profiles/} (listed in {@code index.txt}),
 * loaded once; plus conversion of a site model's inline register map into a profile.
 */
public final class ProfileCatalog {
  private static final String DIR = "io/carbonwatch/profiles/";

  private final Map<String, DeviceProfile> profiles;

  private ProfileCatalog(Map<String, DeviceProfile> profiles) {
    this.profiles = Map.copyOf(profiles);
  }

  /** Loads every shipped profile; a broken one fails here with its file and field. */
  public static ProfileCatalog shipped() {
    ClassLoader cl = ProfileCatalog.class.getClassLoader();
    Map<String, DeviceProfile> out = new LinkedHashMap<>();
    ProfileLoader loader = new ProfileLoader();
    for (String file : index(cl)) {
      try (InputStream in = cl.getResourceAsStream(DIR + file)) {
        if (in == null) {
          throw new ProfileException(DIR + "index.txt lists " + file + " but it is missing");
        }
        DeviceProfile p = loader.load(new InputStreamReader(in, StandardCharsets.UTF_8), file);
        if (out.put(p.id(), p) != null) {
          throw new ProfileException(file + " profile.id: duplicate id " + p.id());
        }
      } catch (IOException e) {
        throw new ProfileException(file + ": " + e.getMessage(), e);
      }
    }
    return new ProfileCatalog(out);
  }

  private static List<String> index(ClassLoader cl) {
    try (InputStream in = cl.getResourceAsStream(DIR + "index.txt")) {
      if (in == null) {
        throw new ProfileException(DIR + "index.txt missing from the class path");
      }
      List<String> files = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          files.add(t);
        }
      }
      return files;
    } catch (IOException e) {
      throw new ProfileException(DIR + "index.txt: " + e.getMessage(), e);
    }
  }

  public Optional<DeviceProfile> find(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  public List<String> ids() {
    return profiles.keySet().stream().sorted().toList();
  }

  /**
   * A profile for a meter's inline register map: each field takes its unit, quantity and kind from
   * the meter channel it feeds.
   */
  public static DeviceProfile fromRegisterMap(
      String meterId, RegisterMap map, List<Channel> channels, int maxGap) {
    List<ProfileField> fields = new ArrayList<>();
    for (RegisterField f : map.fields()) {
      Channel c =
          channels.stream()
              .filter(ch -> ch.id().equals(f.channel()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ProfileException(
                          "meter "
                              + meterId
                              + " registerMap field "
                              + f.channel()
                              + ": no channel with that id"));
      fields.add(
          new ProfileField(
              f.channel(),
              f.function(),
              f.address(),
              f.type(),
              f.order(),
              f.scale(),
              f.offset(),
              Ratio.NONE,
              c.unit(),
              c.quantity(),
              c.kind(),
              null,
              null));
    }
    return new DeviceProfile(
        "inline:" + meterId,
        meterId + " register map",
        "site model",
        "user",
        "protocol",
        map.blocks(),
        fields,
        0);
  }
}
