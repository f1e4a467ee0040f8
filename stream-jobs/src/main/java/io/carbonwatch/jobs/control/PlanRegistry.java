package io.carbonwatch.jobs.control;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled site plans an operator works with: the site model and factor library given at
 * start-up, replaced by newer versions from the control topics (broadcast state) as they arrive.
 * Serializable with only the start-up text; everything compiled is transient and rebuilt in each
 * task.
 *
 * <p>A control message that does not load or compile is logged and ignored: the job keeps running
 * on the last good version rather than stopping at 3 a.m.
 */
public final class PlanRegistry implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PlanRegistry.class);

  private final String initialModelName;
  private final String initialModelYaml;

  private transient Map<String, SitePlan> plans;
  private transient SiteModel model;
  private transient FactorLibrary library;
  private transient String appliedModel;
  private transient String appliedFactors;
  private transient String appliedBaselines;
  private transient Map<String, ApprovedBaseline> approved;
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
      model =
          SiteModels.loadYaml(
              initialModelName, initialModelYaml, library, ProfileCatalog.shipped());
      plans = SitePlan.compile(model, library);
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
    ControlUpdate factors = state.get("factors");
    ControlUpdate siteModel = state.get("site-model");
    ControlUpdate baselines = state.get("baselines");
    boolean recompile = false;
    FactorLibrary nextLibrary = library;
    SiteModel nextModel = model;
    if (factors != null && !factors.payload().equals(appliedFactors)) {
      appliedFactors = factors.payload();
      try {
        FactorsControl fc = WireCodec.decodeFactorsControl(bytes(factors.payload()));
        nextLibrary =
            FactorLibrary.builder()
                .withBundled()
                .add(
                    "control-factors-" + fc.version() + ".yaml", new StringReader(fc.factorsJson()))
                .build();
        recompile = true;
      } catch (RuntimeException e) {
        rejected("factors", e);
      }
    }
    if (siteModel != null && !siteModel.payload().equals(appliedModel)) {
      appliedModel = siteModel.payload();
      try {
        SiteModelControl sc = WireCodec.decodeSiteModelControl(bytes(siteModel.payload()));
        nextModel =
            SiteModels.loadJson(
                "control/site-model " + sc.version(),
                sc.siteModelJson(),
                nextLibrary,
                ProfileCatalog.shipped());
        recompile = true;
      } catch (RuntimeException e) {
        rejected("site-model", e);
      }
    }
    if (recompile) {
      try {
        Map<String, SitePlan> next = SitePlan.compile(nextModel, nextLibrary);
        plans = next;
        generation++;
        model = nextModel;
        library = nextLibrary;
        LOG.info("applied control update: site model and factors recompiled");
      } catch (RuntimeException e) {
        rejected("site-model/factors", e);
      }
    }
    if (baselines != null && !baselines.payload().equals(appliedBaselines)) {
      appliedBaselines = baselines.payload();
      try {
        BaselinesControl bc = WireCodec.decodeBaselinesControl(bytes(baselines.payload()));
        Map<String, ApprovedBaseline> next = new HashMap<>();
        for (ApprovedBaseline b : bc.baselines()) {
          next.put(b.id(), b);
        }
        approved = next;
        LOG.info("applied {} approved baselines from the control topic", next.size());
      } catch (RuntimeException e) {
        rejected("baselines", e);
      }
    }
  }

  private void rejected(String kind, RuntimeException e) {
    rejectedUpdates++;
    LOG.error("control/{} rejected, keeping the previous version: {}", kind, e.getMessage());
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

  /** The approved baseline published on the control topic for {@code baselineId}, if any. */
  public ApprovedBaseline approvedBaseline(String baselineId) {
    ensureInitial();
    return approved.get(baselineId);
  }

  public List<String> sites() {
    ensureInitial();
    return List.copyOf(plans.keySet());
  }
}
