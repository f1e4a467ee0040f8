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
 *       the document of the later site id with an error naming both; that site falls back to its
 *       last good document.
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

  /** The payload of every state key (site/kind) the plans were last rebuilt from. */
  private transient Map<String, String> considered;

  /** Per state key, the last payload that was accepted: what a broken successor falls back to. */
  private transient Map<String, String> lastGood;

  /** The accepted payloads the current plans were compiled from (factors and site models). */
  private transient Map<String, String> compiledFrom;

  /** Rejections already counted and logged, as {@code key + '\n' + payload}. */
  private transient java.util.Set<String> counted;

  private transient Map<String, Map<String, ApprovedBaseline>> approved;

  /**
   * Whether broadcast state has been read since it last changed. False after deserialization, so a
   * task's first element (after a restore too) reads the restored state.
   */
  private transient boolean upToDate;

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
      considered = new HashMap<>();
      lastGood = new HashMap<>();
      compiledFrom = new HashMap<>();
      counted = new java.util.HashSet<>();
      approved = new HashMap<>();
      generation = 1;
    }
  }

  public SiteModel model() {
    ensureInitial();
    return model;
  }

  /**
   * Brings the plans in line with broadcast state. Whenever any message changed, everything is
   * rebuilt from all messages in state, in site-id order, each message accepted only if it loads
   * and compiles on top of those accepted before it: the result depends on the state alone, not on
   * the order in which messages arrived or which subtask refreshed when — so every subtask, and a
   * job restored from a checkpoint, runs on the same plans. A rejected message falls back to the
   * last good message of the same site and kind this instance has seen (none after a restore: then
   * to the start-up model's version).
   */
  public void refresh(ReadOnlyBroadcastState<String, ControlUpdate> state) throws Exception {
    ensureInitial();
    if (state == null) {
      return;
    }
    Map<String, SortedMap<String, ControlUpdate>> current = current(state);
    Map<String, String> now = new HashMap<>();
    current
        .values()
        .forEach(bySite -> bySite.values().forEach(u -> now.put(u.stateKey(), u.payload())));
    if (now.equals(considered)) {
      return;
    }
    considered = now;

    // Factors first: the site models load against the library built from the accepted documents.
    SortedMap<String, FactorsControl> factors = new TreeMap<>();
    Map<String, String> accepted = new HashMap<>();
    FactorLibrary nextLibrary = library(factors);
    for (ControlUpdate u : values(current, FACTORS)) {
      for (String payload : candidates(u)) {
        try {
          FactorsControl fc = WireCodec.decodeFactorsControl(bytes(payload));
          SortedMap<String, FactorsControl> trial = new TreeMap<>(factors);
          trial.put(u.site(), fc);
          nextLibrary = library(trial);
          factors = trial;
          accept(u, payload, accepted);
          break;
        } catch (RuntimeException e) {
          rejected(u, payload, e);
        }
      }
    }

    SortedMap<String, SiteModel> models = new TreeMap<>();
    SiteModel nextModel = initialModel;
    Map<String, SitePlan> nextPlans = null;
    for (ControlUpdate u : values(current, SITE_MODEL)) {
      for (String payload : candidates(u)) {
        try {
          SiteModelControl sc = WireCodec.decodeSiteModelControl(bytes(payload));
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
          SortedMap<String, SiteModel> trial = new TreeMap<>(models);
          trial.put(u.site(), m);
          // The merged model as a whole (ids across sites, references) against the new library.
          SiteModel merged =
              SiteModels.loadJson(
                  "control/site-model (merged from " + trial.keySet() + ")",
                  SiteModelJson.toJson(merge(initialModel, trial)),
                  nextLibrary,
                  ProfileCatalog.shipped());
          nextPlans = SitePlan.compile(merged, nextLibrary);
          nextModel = merged;
          models = trial;
          accept(u, payload, accepted);
          break;
        } catch (RuntimeException e) {
          rejected(u, payload, e);
        }
      }
    }

    if (!accepted.equals(compiledFrom)) {
      try {
        plans = nextPlans != null ? nextPlans : SitePlan.compile(nextModel, nextLibrary);
        model = nextModel;
        library = nextLibrary;
        compiledFrom = accepted;
        generation++;
        LOG.info(
            "applied control update: site model (messages of {}) and factors (documents of {})"
                + " recompiled",
            models.keySet(),
            factors.keySet());
      } catch (RuntimeException e) {
        rejected("site-model/factors", e);
      }
    }

    Map<String, Map<String, ApprovedBaseline>> nextApproved = new HashMap<>();
    for (ControlUpdate u : values(current, BASELINES)) {
      for (String payload : candidates(u)) {
        try {
          BaselinesControl bc = WireCodec.decodeBaselinesControl(bytes(payload));
          Map<String, ApprovedBaseline> ofSite = new HashMap<>();
          for (ApprovedBaseline b : bc.baselines()) {
            ofSite.put(b.id(), b);
          }
          nextApproved.put(u.site(), ofSite);
          lastGood.put(u.stateKey(), payload);
          break;
        } catch (RuntimeException e) {
          rejected(u, payload, e);
        }
      }
    }
    approved = nextApproved;
  }

  /** Called by an operator whenever it puts a control message into its broadcast state. */
  public void controlChanged() {
    upToDate = false;
  }

  /**
   * {@link #refresh} only when broadcast state changed since the last call: the operators call this
   * per element and per timer, where reading the whole state each time would be wasted work.
   */
  public void refreshIfChanged(ReadOnlyBroadcastState<String, ControlUpdate> state)
      throws Exception {
    if (!upToDate) {
      refresh(state);
      upToDate = true;
    }
  }

  /** The messages of {@code kind} in site-id order. */
  private static List<ControlUpdate> values(
      Map<String, SortedMap<String, ControlUpdate>> current, String kind) {
    return new ArrayList<>(current.getOrDefault(kind, new TreeMap<>()).values());
  }

  /** The message's payload, then the last good payload of its key if that is another one. */
  private List<String> candidates(ControlUpdate u) {
    String good = lastGood.get(u.stateKey());
    return good == null || good.equals(u.payload())
        ? List.of(u.payload())
        : List.of(u.payload(), good);
  }

  private void accept(ControlUpdate u, String payload, Map<String, String> accepted) {
    lastGood.put(u.stateKey(), payload);
    accepted.put(u.stateKey(), payload);
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

  /** Counts and logs a rejected message once, however often the state is rebuilt. */
  private void rejected(ControlUpdate u, String payload, RuntimeException e) {
    if (counted.add(u.stateKey() + '\n' + payload)) {
      rejected("control/" + u.kind() + " of site " + u.site(), e);
    }
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
