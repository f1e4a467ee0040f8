package io.carbonwatch.jobs.control;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelJson;
import io.carbonwatch.core.site.check.SiteModels;
import io.carbonwatch.core.wire.ApprovedBaseline;
import io.carbonwatch.core.wire.BaselinesControl;
import io.carbonwatch.core.wire.FactorsControl;
import io.carbonwatch.core.wire.SiteModelControl;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.plan.SitePlan;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled site plans an operator works with: the site model and factor library given at
 * start-up, replaced by newer versions from the control topics (broadcast state) as they arrive.
 * Serializable with only the start-up text; everything compiled is transient and rebuilt in each
 * task.
 *
 * <p>Broadcast state holds one message per site and kind ({@link ControlUpdate#stateKey()}); every
 * refresh combines the messages of all sites (docs/stream-jobs.md, "Control plane"):
 *
 * <ul>
 *   <li>{@code factors}: the bundled library plus every site's document, added in site-id order. A
 *       factor id defined by two sites' documents (or by a document and the bundled files) rejects
 *       the later-applied document with an error naming both; that site keeps its last good
 *       document.
 *   <li>{@code site-model}: the start-up model, in which each message replaces (or adds) only the
 *       sites it contains; messages apply in site-id order of their topics, and a site carried on
 *       its own topic wins over a copy of it on another site's topic. Organisation and factor
 *       selection are organisation-wide: taken from the messages, which must agree with each other
 *       on both (the start-up model's when there is no message); a message for another organisation
 *       id is rejected.
 *   <li>{@code baselines}: the union over sites, keyed by (site, baseline id); a site's message
 *       replaces that site's approved set only.
 * </ul>
 *
 * <p>A control message that does not load or compile is logged and ignored: the job keeps running
 * on the last good version rather than stopping at 3 a.m.
 */
public final class PlanRegistry implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PlanRegistry.class);
  private static final String FACTORS = "factors";
  private static final String SITE_MODEL = "site-model";
  private static final String BASELINES = "baselines";

  private final String initialModelName;
  private final String initialModelYaml;

  private transient Map<String, SitePlan> plans;
  private transient SiteModel initialModel;
  private transient SiteModel model;
  private transient FactorLibrary library;

  /** Payload last considered per state key (site/kind), applied or rejected. */
  private transient Map<String, String> seen;

  /** Per topic site, the last good message of each kind that is in force. */
  private transient SortedMap<String, FactorsControl> goodFactors;

  private transient SortedMap<String, SiteModel> goodModels;
  private transient Map<String, Map<String, ApprovedBaseline>> approved;
  private transient long rejectedUpdates;
  private transient long generation;

  public PlanRegistry(String initialModelName, String initialModelYaml) {
    this.initialModelName = initialModelName;
    this.initialModelYaml = initialModelYaml;
  }

  /** Loads and compiles the start-up model: a broken model fails here, before the job runs. */
  public PlanRegistry validate() {
    ensureInitial();
    return this;
  }

  private void ensureInitial() {
    if (plans == null) {
      library = FactorLibrary.loadBundled();
      initialModel =
          SiteModels.loadYaml(
              initialModelName, initialModelYaml, library, ProfileCatalog.shipped());
      model = initialModel;
      plans = SitePlan.compile(model, library);
      seen = new HashMap<>();
      goodFactors = new TreeMap<>();
      goodModels = new TreeMap<>();
      approved = new HashMap<>();
      generation = 1;
    }
  }

  public SiteModel model() {
    ensureInitial();
    return model;
  }

  /** Applies control updates newer than what this instance has applied. */
  public void refresh(ReadOnlyBroadcastState<String, ControlUpdate> state) throws Exception {
    ensureInitial();
    if (state == null) {
      return;
    }
    Map<String, SortedMap<String, ControlUpdate>> current = current(state);

    // Factors first: the site models of this refresh load against the library they come with.
    SortedMap<String, FactorsControl> nextFactors = new TreeMap<>(goodFactors);
    FactorLibrary nextLibrary = library;
    boolean recompile = false;
    for (ControlUpdate u : changed(current, FACTORS)) {
      FactorsControl fc;
      try {
        fc = WireCodec.decodeFactorsControl(bytes(u.payload()));
      } catch (RuntimeException e) {
        rejected(u, e);
        continue;
      }
      SortedMap<String, FactorsControl> trial = new TreeMap<>(nextFactors);
      trial.put(u.site(), fc);
      try {
        nextLibrary = library(trial);
        nextFactors = trial;
        recompile = true;
      } catch (RuntimeException e) {
        rejected(u, e);
      }
    }

    SortedMap<String, SiteModel> nextModels = new TreeMap<>(goodModels);
    for (ControlUpdate u : changed(current, SITE_MODEL)) {
      try {
        SiteModelControl sc = WireCodec.decodeSiteModelControl(bytes(u.payload()));
        SiteModel m =
            SiteModels.loadJson(
                "control/" + u.site() + "/site-model " + sc.version(),
                sc.siteModelJson(),
                nextLibrary,
                ProfileCatalog.shipped());
        String org = initialModel.organisation().id();
        if (!m.organisation().id().equals(org)) {
          throw new IllegalArgumentException(
              "organisation.id: '"
                  + m.organisation().id()
                  + "' but this job serves organisation '"
                  + org
                  + "'");
        }
        nextModels.put(u.site(), m);
        recompile = true;
      } catch (RuntimeException e) {
        rejected(u, e);
      }
    }

    if (recompile) {
      try {
        SiteModel nextModel = merge(initialModel, nextModels);
        if (!nextModels.isEmpty()) {
          // The merged model as a whole (ids across sites, references) against the new library.
          nextModel =
              SiteModels.loadJson(
                  "control/site-model (merged from " + nextModels.keySet() + ")",
                  SiteModelJson.toJson(nextModel),
                  nextLibrary,
                  ProfileCatalog.shipped());
        }
        Map<String, SitePlan> next = SitePlan.compile(nextModel, nextLibrary);
        plans = next;
        generation++;
        model = nextModel;
        library = nextLibrary;
        goodFactors = nextFactors;
        goodModels = nextModels;
        LOG.info(
            "applied control update: site model (messages of {}) and factors (documents of {})"
                + " recompiled",
            nextModels.keySet(),
            nextFactors.keySet());
      } catch (RuntimeException e) {
        rejected("site-model/factors", e);
      }
    }

    for (ControlUpdate u : changed(current, BASELINES)) {
      try {
        BaselinesControl bc = WireCodec.decodeBaselinesControl(bytes(u.payload()));
        Map<String, ApprovedBaseline> next = new HashMap<>();
        for (ApprovedBaseline b : bc.baselines()) {
          next.put(b.id(), b);
        }
        approved.put(u.site(), next);
        LOG.info(
            "applied {} approved baselines of site {} from the control topic",
            next.size(),
            u.site());
      } catch (RuntimeException e) {
        rejected(u, e);
      }
    }
  }

  /**
   * The entries of broadcast state by kind and site. A key {@code site/kind} names both; a key
   * without a site (an older job's, one entry per kind) is taken as the message's own site and kind
   * and gives way to a {@code site/kind} entry of the same site and kind.
   */
  private static Map<String, SortedMap<String, ControlUpdate>> current(
      ReadOnlyBroadcastState<String, ControlUpdate> state) throws Exception {
    Map<String, SortedMap<String, ControlUpdate>> keyed = new HashMap<>();
    Map<String, SortedMap<String, ControlUpdate>> legacy = new HashMap<>();
    for (Map.Entry<String, ControlUpdate> e : state.immutableEntries()) {
      ControlUpdate u = e.getValue();
      if (u == null) {
        continue;
      }
      int sep = e.getKey().indexOf(ControlUpdate.KEY_SEPARATOR);
      if (sep < 0) {
        legacy.computeIfAbsent(u.kind(), k -> new TreeMap<>()).put(u.site(), u);
      } else {
        String site = e.getKey().substring(0, sep);
        String kind = e.getKey().substring(sep + 1);
        ControlUpdate v =
            site.equals(u.site()) && kind.equals(u.kind())
                ? u
                : new ControlUpdate(site, kind, u.payload());
        keyed.computeIfAbsent(kind, k -> new TreeMap<>()).put(site, v);
      }
    }
    legacy.forEach(
        (kind, bySite) -> {
          SortedMap<String, ControlUpdate> into = keyed.computeIfAbsent(kind, k -> new TreeMap<>());
          bySite.forEach(into::putIfAbsent);
        });
    return keyed;
  }

  /** The messages of {@code kind} not considered yet, in site-id order; marks them considered. */
  private List<ControlUpdate> changed(
      Map<String, SortedMap<String, ControlUpdate>> current, String kind) {
    List<ControlUpdate> out = new ArrayList<>();
    for (ControlUpdate u : current.getOrDefault(kind, new TreeMap<>()).values()) {
      String key = u.stateKey();
      if (!u.payload().equals(seen.get(key))) {
        seen.put(key, u.payload());
        out.add(u);
      }
    }
    return out;
  }

  /**
   * The bundled library plus every site's document in site-id order. Each document is named after
   * its site, so that an id defined twice is reported with both sites ("factor id … is already
   * defined in control/sh-plant/factors …").
   */
  private static FactorLibrary library(SortedMap<String, FactorsControl> documents) {
    FactorLibrary.Builder b = FactorLibrary.builder().withBundled();
    documents.forEach(
        (site, fc) ->
            b.add(
                "control/" + site + "/factors " + fc.version(),
                new StringReader(fc.factorsJson())));
    return b.build();
  }

  /**
   * The start-up model with each message's sites replacing (or added after) the sites of the same
   * id, messages in site-id order of their topics, then every site carried on its own topic again
   * so that it wins over a copy on another topic. Organisation and factor selection come from the
   * messages, which must agree; from the start-up model when there is none.
   */
  static SiteModel merge(SiteModel initial, SortedMap<String, SiteModel> messages) {
    if (messages.isEmpty()) {
      return initial;
    }
    Map<String, Site> sites = new LinkedHashMap<>();
    initial.sites().forEach(s -> sites.put(s.id(), s));
    messages.values().forEach(m -> m.sites().forEach(s -> sites.put(s.id(), s)));
    messages.forEach((topic, m) -> m.site(topic).ifPresent(s -> sites.put(s.id(), s)));
    String firstTopic = messages.firstKey();
    SiteModel first = messages.get(firstTopic);
    for (Map.Entry<String, SiteModel> e : messages.entrySet()) {
      SiteModel m = e.getValue();
      if (!m.organisation().equals(first.organisation())) {
        throw new IllegalArgumentException(
            "site models of "
                + firstTopic
                + " and "
                + e.getKey()
                + " disagree on the organisation section: "
                + first.organisation()
                + " vs "
                + m.organisation());
      }
      if (!m.factors().equals(first.factors())) {
        throw new IllegalArgumentException(
            "site models of "
                + firstTopic
                + " and "
                + e.getKey()
                + " disagree on the factor selection (organisation-wide): "
                + first.factors()
                + " vs "
                + m.factors());
      }
    }
    return new SiteModel(first.organisation(), first.factors(), List.copyOf(sites.values()));
  }

  private void rejected(ControlUpdate u, RuntimeException e) {
    rejected("control/" + u.kind() + " of site " + u.site(), e);
  }

  private void rejected(String what, RuntimeException e) {
    rejectedUpdates++;
    LOG.error("{} rejected, keeping the previous version: {}", what, e.getMessage());
  }

  public long rejectedUpdates() {
    return rejectedUpdates;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Changes whenever the compiled plans are replaced: a caller may keep what it resolved against
   * {@link #plan} while this stays the same.
   */
  public long generation() {
    ensureInitial();
    return generation;
  }

  /** The plan of a site, or {@code null} when the site model has no such site. */
  public SitePlan plan(String site) {
    ensureInitial();
    return plans.get(site);
  }

  /**
   * The approved baseline published on {@code site}'s control topic for {@code baselineId}, or
   * {@code null}; the same baseline id at two sites names two baselines.
   */
  public ApprovedBaseline approvedBaseline(String site, String baselineId) {
    ensureInitial();
    Map<String, ApprovedBaseline> ofSite = approved.get(site);
    return ofSite == null ? null : ofSite.get(baselineId);
  }

  public List<String> sites() {
    ensureInitial();
    return List.copyOf(plans.keySet());
  }
}
