package io.carbonwatch.jobs.control;

import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelJson;
import io.carbonwatch.core.site.SiteModelLoader;
import io.carbonwatch.core.wire.ApprovedBaseline;
import io.carbonwatch.core.wire.BaselinesControl;
import io.carbonwatch.core.wire.FactorsControl;
import io.carbonwatch.core.wire.SiteModelControl;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.DemoPlant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * Control messages as the API and tools publish them, built from the example plant, and a broadcast
 * state the way the control-aware operators fill it ({@link ControlUpdate#stateKey()}).
 */
final class ControlMessages {
  private ControlMessages() {}

  /** The example plant's single site, as its YAML text. */
  static String demoYaml() {
    return DemoPlant.yaml();
  }

  /**
   * The example plant with a copy of its site under another id: {@code sh-plant} and {@code
   * siteId}, same meters, sources and baselines.
   */
  static String twoSiteYaml(String siteId) {
    String yaml = DemoPlant.yaml();
    int sites = yaml.indexOf("\nsites:\n") + "\nsites:\n".length();
    return yaml + "\n" + renamed(yaml.substring(sites), siteId);
  }

  /** The example plant's site block (from {@code sites:}) under another site id. */
  static String renamed(String siteBlock, String siteId) {
    return siteBlock.replace("sh-plant", siteId);
  }

  /** Organisation and factor selection of the example plant followed by {@code siteBlocks}. */
  static String modelYaml(String... siteBlocks) {
    String yaml = DemoPlant.yaml();
    int sites = yaml.indexOf("\nsites:\n") + "\nsites:\n".length();
    return yaml.substring(0, sites) + String.join("\n", siteBlocks);
  }

  /** The site block of the example plant (everything under {@code sites:}). */
  static String demoSiteBlock() {
    String yaml = DemoPlant.yaml();
    return yaml.substring(yaml.indexOf("\nsites:\n") + "\nsites:\n".length());
  }

  /**
   * A site model parsed without the factor-library checks (those are the registry's job), in the
   * canonical JSON of the control topic.
   */
  static String siteModelPayload(String yaml) {
    SiteModel model = new SiteModelLoader().loadYaml("test-model.yaml", yaml);
    String json = SiteModelJson.toJson(model);
    return text(WireCodec.encode(new SiteModelControl(SiteModelJson.hash(json), json)));
  }

  /** A site-model message with a well-formed envelope around {@code siteModelJson}. */
  static String rawSiteModelPayload(String siteModelJson) {
    return text(
        WireCodec.encode(new SiteModelControl(SiteModelJson.hash(siteModelJson), siteModelJson)));
  }

  static String factorsPayload(String version, String factorsJson) {
    return text(WireCodec.encode(new FactorsControl(version, factorsJson)));
  }

  /** An emission-factor document with one electricity factor of series {@code acme:grid}. */
  static String gridFactorJson(String docVersion, String factorId, double kgCo2PerKwh) {
    return gridFactorJson(docVersion, factorId, "acme:grid", kgCo2PerKwh);
  }

  static String gridFactorJson(
      String docVersion, String factorId, String series, double kgCo2PerKwh) {
    return """
        {"kind": "emission-factors", "version": "%s", "zone": "Asia/Shanghai",
         "sources": {"acme-2026": {"citation": "Acme green-power supplier, 2026 disclosure"}},
         "defaults": {"source": "acme-2026", "verification": "secondary"},
         "factors": [{"id": "%s", "series": "%s", "name": "Acme supplier mix",
           "type": "electricity", "activityUnit": "kWh", "perGasUnit": "kg/kWh",
           "perGas": {"CO2": %s}, "effectiveFrom": "2026-01-01"}]}
        """
        .formatted(docVersion, factorId, series, kgCo2PerKwh);
  }

  static String baselinesPayload(ApprovedBaseline... baselines) {
    return text(WireCodec.encode(new BaselinesControl(List.of(baselines))));
  }

  static ApprovedBaseline approved(String id, String target, double intercept) {
    return new ApprovedBaseline(
        id,
        1,
        target,
        "energy",
        "hour",
        "kWh",
        intercept,
        Map.of("RV-PROD", 0.5),
        5.0,
        Instant.parse("2026-11-23T01:00:00Z"),
        "energy-manager",
        "test approval");
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Broadcast state as the operators' {@code processBroadcastElement} fills it. */
  static final class State implements ReadOnlyBroadcastState<String, ControlUpdate> {
    private final Map<String, ControlUpdate> entries = new LinkedHashMap<>();

    State put(String site, String kind, String payload) {
      ControlUpdate u = new ControlUpdate(site, kind, payload);
      entries.put(u.stateKey(), u);
      return this;
    }

    /** An entry written under an arbitrary key (e.g. a kind-only key of an older checkpoint). */
    State putRaw(String key, ControlUpdate u) {
      entries.put(key, u);
      return this;
    }

    @Override
    public ControlUpdate get(String key) {
      return entries.get(key);
    }

    @Override
    public boolean contains(String key) {
      return entries.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<String, ControlUpdate>> immutableEntries() {
      return Collections.unmodifiableMap(entries).entrySet();
    }

    @Override
    public void clear() {
      entries.clear();
    }
  }
}
