package io.carbonwatch.core.factors;

import io.carbonwatch.core.units.EnergyConversion;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The loaded data files: emission factors (effective-dated, by id), GWP sets, GB/T 2589
 * coefficients, GB 17167 requirements and refrigerant blends. Immutable and safe to share between
 * threads; load it once at start-up so a broken file fails then, not at the first interval.
 *
 * <p>Ids: a factor version has an id ({@code cn-grid:east:2022}) and belongs to a series ({@code
 * cn-grid:east}). {@link #factor(String, Instant)} with a series id returns the version in force at
 * that instant; with a version id it returns that version whatever the instant (an explicit pin).
 */
public final class FactorLibrary {

  /** The bundled data files, under {@code io/carbonwatch/data/} on the classpath. */
  public static final List<String> BUNDLED_FILES =
      List.of(
          "gwp100.yaml",
          "gbt32151-fuels.yaml",
          "ipcc2006-stationary.yaml",
          "cn-grid.yaml",
          "cn-heat.yaml",
          "gbt2589-coefficients.yaml",
          "gb17167-2006.yaml",
          "refrigerant-blends.yaml");

  private static final String RESOURCE_DIR = "/io/carbonwatch/data/";

  private final Map<String, EmissionFactor> byId;
  private final Map<String, List<EmissionFactor>> bySeries;
  private final GwpTable gwp;
  private final EnergyConversion energyConversion;
  private final MeteringRequirements metering;
  private final Map<String, RefrigerantBlend> blends;
  private final List<String> files;

  private FactorLibrary(
      Map<String, EmissionFactor> byId,
      Map<String, List<EmissionFactor>> bySeries,
      GwpTable gwp,
      EnergyConversion energyConversion,
      MeteringRequirements metering,
      Map<String, RefrigerantBlend> blends,
      List<String> files) {
    this.byId = byId;
    this.bySeries = bySeries;
    this.gwp = gwp;
    this.energyConversion = energyConversion;
    this.metering = metering;
    this.blends = blends;
    this.files = files;
  }

  /** The bundled data files only. */
  public static FactorLibrary loadBundled() {
    return builder().withBundled().build();
  }

  /**
   * The bundled files plus the user's files. A user file with the same file name as a bundled one
   * replaces it (e.g. a newer {@code cn-grid.yaml}); other user files add factors with new ids.
   */
  public static FactorLibrary load(List<Path> userFiles) {
    Builder b = builder().withBundled();
    userFiles.forEach(b::addFile);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects data files by name; {@link #build()} parses and cross-checks them. */
  public static final class Builder {
    private final Map<String, String> texts = new LinkedHashMap<>();

    private Builder() {}

    public Builder withBundled() {
      for (String name : BUNDLED_FILES) {
        try (InputStream in = FactorLibrary.class.getResourceAsStream(RESOURCE_DIR + name)) {
          if (in == null) {
            throw new DataFileException(name, "bundled data file missing from the classpath", null);
          }
          texts.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new DataFileException(name, "cannot read bundled data file", e);
        }
      }
      return this;
    }

    /** Adds (or, by file name, replaces) a data file read from {@code path}. */
    public Builder addFile(Path path) {
      String name = path.getFileName().toString();
      try {
        texts.put(name, Files.readString(path, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new DataFileException(path.toString(), "cannot read: " + e.getMessage(), e);
      }
      return this;
    }

    /** Adds (or replaces) a data file from a reader; {@code name} is used in error messages. */
    public Builder add(String name, Reader reader) {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      try (reader) {
        int n;
        while ((n = reader.read(buf)) >= 0) {
          sb.append(buf, 0, n);
        }
      } catch (IOException e) {
        throw new DataFileException(name, "cannot read: " + e.getMessage(), e);
      }
      texts.put(name, sb.toString());
      return this;
    }

    public FactorLibrary build() {
      Map<String, EmissionFactor> byId = new TreeMap<>();
      Map<String, Node> idNode = new LinkedHashMap<>();
      GwpTable gwp = null;
      EnergyConversion conversion = null;
      MeteringRequirements metering = null;
      Map<String, RefrigerantBlend> blends = new LinkedHashMap<>();
      Map<String, String> singletons = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : texts.entrySet()) {
        String file = e.getKey();
        Node root = Node.parse(file, new StringReader(e.getValue()));
        FileContext ctx = FileContext.read(file, root);
        String kind = ctx.kind();
        if (!kind.equals(FactorFiles.EMISSION_FACTORS)) {
          String other = singletons.put(kind, file);
          if (other != null) {
            throw root.required("kind")
                .error("a second '" + kind + "' file; " + other + " already provides it");
          }
        }
        switch (kind) {
          case FactorFiles.GWP -> gwp = FactorFiles.gwp(ctx, root);
          case FactorFiles.COAL_EQUIVALENT -> conversion = FactorFiles.coalEquivalent(ctx, root);
          case FactorFiles.METERING -> metering = FactorFiles.metering(ctx, root);
          case FactorFiles.BLENDS -> blends.putAll(FactorFiles.blends(ctx, root));
          case FactorFiles.EMISSION_FACTORS -> {
            for (FactorFiles.Located l : FactorFiles.emissionFactors(ctx, root)) {
              EmissionFactor f = l.factor();
              Node prev = idNode.put(f.id(), l.at());
              if (prev != null) {
                throw l.at()
                    .error(
                        "factor id "
                            + f.id()
                            + " is already defined in "
                            + prev.file()
                            + ":"
                            + prev.line());
              }
              byId.put(f.id(), f);
            }
          }
          default ->
              throw root.required("kind")
                  .error(
                      "expected one of gwp100, emission-factors, coal-equivalent, "
                          + "metering-requirements, refrigerant-blends; got "
                          + kind);
        }
      }
      Map<String, List<EmissionFactor>> bySeries = new TreeMap<>();
      byId.values()
          .forEach(f -> bySeries.computeIfAbsent(f.series(), s -> new ArrayList<>()).add(f));
      for (Map.Entry<String, List<EmissionFactor>> s : bySeries.entrySet()) {
        EmissionFactor holder = byId.get(s.getKey());
        if (holder != null && !holder.series().equals(s.getKey())) {
          throw idNode
              .get(holder.id())
              .error("id " + holder.id() + " is also the name of series " + s.getKey());
        }
        List<EmissionFactor> versions = s.getValue();
        versions.sort(Comparator.comparing(EmissionFactor::effectiveFromInstant));
        for (int i = 1; i < versions.size(); i++) {
          EmissionFactor a = versions.get(i - 1);
          EmissionFactor b = versions.get(i);
          if (b.effectiveFromInstant().isBefore(a.effectiveToInstant())) {
            throw idNode
                .get(b.id())
                .error(
                    "versions of series "
                        + s.getKey()
                        + " overlap: "
                        + a.id()
                        + " "
                        + a.validity()
                        + " and "
                        + b.id()
                        + " "
                        + b.validity());
          }
        }
        s.setValue(List.copyOf(versions));
      }
      return new FactorLibrary(
          Collections.unmodifiableMap(byId),
          Collections.unmodifiableMap(bySeries),
          gwp,
          conversion,
          metering,
          Collections.unmodifiableMap(blends),
          List.copyOf(texts.keySet()));
    }
  }

  // ---------------------------------------------------------------- lookups

  /**
   * The factor {@code ref} in force at {@code at}: for a series id the version whose validity
   * contains {@code at}; for a version id that version (pinned by the caller). Fails with a message
   * listing the versions, or near ids, when there is none.
   */
  public EmissionFactor factor(String ref, Instant at) {
    Objects.requireNonNull(at, "at");
    List<EmissionFactor> versions = bySeries.get(ref);
    if (versions != null) {
      for (EmissionFactor f : versions) {
        if (f.inForceAt(at)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "factor "
              + ref
              + ": no version in force at "
              + at
              + "; versions: "
              + versions.stream()
                  .map(f -> f.id() + " " + f.validity())
                  .collect(Collectors.joining(", ")));
    }
    return version(ref);
  }

  /** The versions of {@code ref}: all versions of a series, or the single pinned version. */
  public List<EmissionFactor> versions(String ref) {
    List<EmissionFactor> versions = bySeries.get(ref);
    return versions != null ? versions : List.of(version(ref));
  }

  /** Whether {@code ref} is a pinned version rather than a series. */
  public boolean isPinned(String ref) {
    return !bySeries.containsKey(ref) && byId.containsKey(ref);
  }

  private EmissionFactor version(String ref) {
    EmissionFactor f = byId.get(ref);
    if (f == null) {
      throw new IllegalArgumentException("factor: unknown id '" + ref + "'" + suggestions(ref));
    }
    return f;
  }

  private String suggestions(String ref) {
    int colon = ref.indexOf(':');
    String prefix = colon > 0 ? ref.substring(0, colon + 1) : ref;
    List<String> near =
        bySeries.keySet().stream().filter(s -> s.startsWith(prefix)).limit(12).toList();
    return near.isEmpty()
        ? "; known sets: "
            + bySeries.keySet().stream()
                .map(s -> s.substring(0, s.indexOf(':')))
                .distinct()
                .collect(Collectors.joining(", "))
        : "; known ids starting with "
            + prefix
            + ": "
            + String.join(", ", near)
            + (near.size() == 12 ? ", …" : "");
  }

  /** All factor version ids. */
  public Set<String> factorIds() {
    return byId.keySet();
  }

  /**
   * Everything a site model may reference as a factor: version ids, series ids and set prefixes
   * ({@code gbt32151}, {@code ipcc2006}, {@code cn-grid}, …).
   */
  public Set<String> referenceableIds() {
    Set<String> out = new java.util.TreeSet<>(byId.keySet());
    out.addAll(bySeries.keySet());
    bySeries.keySet().forEach(s -> out.add(s.substring(0, s.indexOf(':'))));
    return Collections.unmodifiableSet(out);
  }

  /** Fuel ids with a factor in {@code combustionSet} ({@code natural_gas}, {@code diesel}, …). */
  public Set<String> fuels(String combustionSet) {
    Set<String> out = new java.util.TreeSet<>();
    String prefix = combustionSet + ":";
    bySeries.forEach(
        (s, versions) -> {
          if (s.startsWith(prefix) && versions.get(0).type() == FactorType.COMBUSTION) {
            out.add(s.substring(prefix.length()));
          }
        });
    return Collections.unmodifiableSet(out);
  }

  /** Gas codes with a GWP in {@code set} and the refrigerant blend names ({@code R-410A}). */
  public Set<String> gasesAndBlends(GwpSet set) {
    Set<String> out = new java.util.TreeSet<>();
    gwpTable().set(set).keySet().forEach(g -> out.add(g.code()));
    out.addAll(blends.keySet());
    return Collections.unmodifiableSet(out);
  }

  /** All series ids. */
  public Set<String> seriesIds() {
    return bySeries.keySet();
  }

  public GwpValue gwp(GwpSet set, Gas gas) {
    return gwpTable().gwp(set, gas);
  }

  public GwpTable gwpTable() {
    if (gwp == null) {
      throw new IllegalStateException("no gwp100 data file loaded; files: " + files);
    }
    return gwp;
  }

  public EnergyConversion energyConversion() {
    if (energyConversion == null) {
      throw new IllegalStateException("no coal-equivalent data file loaded; files: " + files);
    }
    return energyConversion;
  }

  public MeteringRequirements metering() {
    if (metering == null) {
      throw new IllegalStateException("no metering-requirements data file loaded; files: " + files);
    }
    return metering;
  }

  public RefrigerantBlend blend(String name) {
    RefrigerantBlend b = blends.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          "refrigerant: unknown blend '" + name + "'; known: " + blends.keySet());
    }
    return b;
  }

  public Map<String, RefrigerantBlend> blends() {
    return blends;
  }

  public List<String> files() {
    return files;
  }

  /**
   * Checks at start-up that every id of {@code selection} exists and has the expected type, and
   * that the GWP set is loaded. Messages name the selection field.
   */
  public void check(FactorSelection selection) {
    if (gwpTable().set(selection.gwpSet()).isEmpty()) {
      throw new IllegalArgumentException("gwpSet: no values for " + selection.gwpSet());
    }
    boolean anyCombustion =
        bySeries.keySet().stream().anyMatch(s -> s.startsWith(selection.combustionSet() + ":"));
    if (!anyCombustion) {
      throw new IllegalArgumentException(
          "combustionSet: no factors with prefix " + selection.combustionSet() + ":");
    }
    checkType("gridFactor", selection.gridFactor(), FactorType.ELECTRICITY);
    if (selection.heatFactor() != null) {
      checkType("heatFactor", selection.heatFactor(), FactorType.HEAT);
    }
    if (selection.residualGridFactor() != null) {
      checkType("residualGridFactor", selection.residualGridFactor(), FactorType.ELECTRICITY);
    }
  }

  private void checkType(String field, String ref, FactorType type) {
    List<EmissionFactor> versions;
    try {
      versions = versions(ref);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
    if (versions.get(0).type() != type) {
      throw new IllegalArgumentException(
          field
              + ": factor "
              + ref
              + " is of type "
              + versions.get(0).type().id()
              + ", expected "
              + type.id());
    }
  }
}
