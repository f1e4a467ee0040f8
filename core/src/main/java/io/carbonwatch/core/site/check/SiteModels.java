package io.carbonwatch.core.site.check;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.modbus.DeviceProfile;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.modbus.ProfileField;
import io.carbonwatch.core.site.References;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelLoader;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.core.site.yaml.Node;
import io.carbonwatch.core.site.yaml.TreeParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a site model and checks it against the bundled factor library and the shipped device
 * profiles as well: unknown factor ids, fuels without a factor in the chosen combustion set, gases
 * without a GWP in the chosen set, unknown profiles and channels a profile does not provide are
 * errors. This is what every component calls at start-up.
 *
 * <pre>{@code
 * SiteModel model = SiteModels.load(Path.of("site.yaml")); // throws ConfigException with all errors
 * }</pre>
 */
public final class SiteModels {
  private SiteModels() {}

  /** Loads a file against the bundled factor library and shipped profiles. */
  public static SiteModel load(Path file) {
    return load(file, FactorLibrary.loadBundled(), ProfileCatalog.shipped());
  }

  public static SiteModel load(Path file, FactorLibrary library, ProfileCatalog profiles) {
    return bind(TreeParser.parseFile(file), library, profiles);
  }

  /** Loads YAML text (a file's content handed over by a caller) against the libraries. */
  public static SiteModel loadYaml(
      String name, String yaml, FactorLibrary library, ProfileCatalog profiles) {
    return bind(TreeParser.parseYaml(name, yaml), library, profiles);
  }

  /** Loads the canonical JSON (control topic) against the libraries. */
  public static SiteModel loadJson(
      String name, String json, FactorLibrary library, ProfileCatalog profiles) {
    return bind(TreeParser.parseJson(name, json), library, profiles);
  }

  private static SiteModel bind(Node root, FactorLibrary library, ProfileCatalog profiles) {
    // The fuels and gases that may be referenced depend on the sets the file itself selects; read
    // them from the tree so that one pass reports every error, catalogue errors included.
    String gwp = scalar(root, "gwp");
    String combustion = scalar(root, "combustion");
    Map<String, Set<String>> channels = profileChannels(profiles);
    Set<String> gases = null;
    try {
      gases = gwp == null ? null : library.gasesAndBlends(GwpSet.fromId(gwp));
    } catch (IllegalArgumentException e) {
      // an unknown GWP set is reported by the loader
    }
    Set<String> fuels = combustion == null ? null : library.fuels(combustion);
    References refs =
        new References(
            Set.copyOf(profiles.ids()),
            channels,
            library.referenceableIds(),
            fuels == null || fuels.isEmpty() ? null : fuels,
            gases);
    return new SiteModelLoader(refs).bind(root);
  }

  private static String scalar(Node root, String key) {
    if (root instanceof Node.MapNode m
        && m.entries().get("factors") instanceof Node.MapNode f
        && f.entries().get(key) instanceof Node.ScalarNode s) {
      return s.text();
    }
    return null;
  }

  private static Map<String, Set<String>> profileChannels(ProfileCatalog profiles) {
    Map<String, Set<String>> channels = new LinkedHashMap<>();
    for (String id : profiles.ids()) {
      DeviceProfile p = profiles.find(id).orElseThrow();
      channels.put(id, p.fields().stream().map(ProfileField::name).collect(Collectors.toSet()));
    }
    return channels;
  }

  /** The catalogues for a GWP set and combustion set of the factor library. */
  public static References references(
      FactorLibrary library, ProfileCatalog profiles, String gwp, String combustionSet) {
    return new References(
        Set.copyOf(profiles.ids()),
        profileChannels(profiles),
        library.referenceableIds(),
        library.fuels(combustionSet),
        library.gasesAndBlends(GwpSet.fromId(gwp)));
  }

  /** Convenience: all error lines of a failed load, for printing. */
  public static String describe(ConfigException e) {
    return String.join("\n", SiteModelLoader.messages(e));
  }
}
