package io.carbonwatch.api.sites;

import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.carbonwatch.core.site.Baseline;
import io.carbonwatch.core.site.BaselineModel;
import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.Names;
import io.carbonwatch.core.site.PerformanceParameter;
import io.carbonwatch.core.site.RelevantVariable;
import io.carbonwatch.core.site.Seu;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.wire.AgentStatus;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * What the dashboards need to know about sites: the sites the caller may see, the parts of a site's
 * model they label and compute with (SEUs, performance parameters, meters, relevant variables) and
 * the edge agents' retained status. Everything is in memory, so the handlers answer directly.
 */
public final class SitesVerticle extends RouteGroupVerticle {
  /** Channel quantities that are not energy (as the stream job's plan excludes them). */
  private static final Set<String> NON_ENERGY =
      Set.of("production", "temperature", "pressure", "active_power", "gas_flow");

  private final SiteDirectory sites;
  private final AgentStatuses agents;

  public SitesVerticle(SiteDirectory sites, AgentStatuses agents) {
    super("sites");
    this.sites = sites;
    this.agents = agents;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(HttpMethod.GET, "/sites", Role.ALL, this::list),
        Route.of(HttpMethod.GET, "/sites/{site}/model", Role.ALL, this::model),
        Route.of(HttpMethod.GET, "/sites/{site}/status", Role.ALL, this::status));
  }

  /** Filtered by the caller's scope rather than refused: everyone may list what they can open. */
  private Future<ApiReply> list(ApiRequest req) {
    Principal p = req.principal();
    JsonArray items = new JsonArray();
    for (Site s : sites.all()) {
      if (p.canAccessSite(s.id())) {
        items.add(
            new JsonObject()
                .put("id", s.id())
                .put("name", names(s.name()))
                .put("timeZone", s.timeZone().getId()));
      }
    }
    return Future.succeededFuture(ApiReply.ok(new JsonObject().put("items", items)));
  }

  private Future<ApiReply> model(ApiRequest req) {
    String id = req.pathParam("site");
    Site s = sites.site(id).orElse(null);
    if (s == null) {
      return Future.failedFuture(ApiException.notFound("site " + id));
    }
    JsonArray seus = new JsonArray();
    for (Seu u : s.seus()) {
      seus.add(
          new JsonObject()
              .put("id", u.id())
              .put("name", names(u.name()))
              .put("meters", new JsonArray(u.meters()))
              .put("sources", new JsonArray(u.sources()))
              .put("relevantVariables", new JsonArray(u.relevantVariables())));
    }
    JsonArray parameters = new JsonArray();
    for (PerformanceParameter pp : s.parameters()) {
      parameters.add(
          new JsonObject()
              .put("id", pp.id())
              .put("name", names(pp.name()))
              .put("kind", pp.kind().wire())
              .put("measure", pp.measure().wire())
              .put("unit", pp.unit())
              // An intensity is numerator (the target's measure) per denominator (a variable).
              .put("numerator", pp.target())
              .put("denominator", pp.per()));
    }
    JsonArray meters = new JsonArray();
    for (Meter m : s.meters()) {
      JsonArray channels = new JsonArray();
      for (Channel c : m.channels()) {
        channels.add(
            new JsonObject()
                .put("id", c.id())
                .put("quantity", c.quantity())
                .put("kind", c.kind().wire())
                .put("unit", c.unit()));
      }
      meters.add(
          new JsonObject()
              .put("id", m.id())
              .put("name", names(m.name()))
              .put("level", m.level().wire())
              .put("energyType", m.energyType())
              .put("channels", channels));
    }
    JsonArray variables = new JsonArray();
    for (RelevantVariable v : s.relevantVariables()) {
      variables.add(
          new JsonObject()
              .put("id", v.id())
              .put("name", names(v.name()))
              .put("kind", v.kind().wire())
              .put("unit", v.unit()));
    }
    JsonArray baselines = new JsonArray();
    for (Baseline b : s.baselines()) {
      baselines.add(baseline(s, b));
    }
    return Future.succeededFuture(
        ApiReply.ok(
            new JsonObject()
                .put("site", s.id())
                .put("name", names(s.name()))
                .put("timeZone", s.timeZone().getId())
                .put("seus", seus)
                .put("parameters", parameters)
                .put("meters", meters)
                .put("relevantVariables", variables)
                .put("baselines", baselines)));
  }

  /**
   * A baseline as the site model defines it, with its pre-fitted {@code model} (null when it has
   * none): the stream job evaluates it until a version is approved through the API, so it is
   * labelled {@code source: site-model}. {@code metric} and {@code unit} are those of the job's
   * {@code performance} series: emissions in tCO2e, energy in the unit and quantity of the target
   * SEU's first metered energy counter (null when the model does not say).
   */
  private static JsonObject baseline(Site s, Baseline b) {
    String metric = null;
    String unit = null;
    if (b.measure() == io.carbonwatch.core.site.Measure.EMISSIONS) {
      metric = "emissions";
      unit = "tCO2e";
    } else {
      Seu seu = s.seus().stream().filter(u -> u.id().equals(b.target())).findFirst().orElse(null);
      if (seu != null) {
        outer:
        for (String ref : seu.meters()) {
          for (Meter m : s.meters()) {
            if (!m.id().equals(ref)) {
              continue;
            }
            for (Channel c : m.channels()) {
              if (c.kind() == ChannelKind.COUNTER && !NON_ENERGY.contains(c.quantity())) {
                metric = c.quantity();
                unit = c.unit();
                break outer;
              }
            }
          }
        }
      }
    }
    JsonObject model = null;
    BaselineModel bm = b.model();
    if (bm != null) {
      model =
          new JsonObject()
              .put("intercept", bm.intercept())
              .put("coefficients", new JsonObject(new java.util.TreeMap<>(bm.coefficients())))
              .put("residualStdError", bm.residualStdError());
    }
    return new JsonObject()
        .put("id", b.id())
        .put("name", names(b.name()))
        .put("target", b.target())
        .put("measure", b.measure().wire())
        .put("metric", metric)
        .put("unit", unit)
        .put("granularity", b.granularity().wire())
        .put("basePeriodStart", b.basePeriodStart().toString())
        .put("basePeriodEnd", b.basePeriodEnd().toString())
        .put("relevantVariables", new JsonArray(b.relevantVariables()))
        .put("intercept", b.intercept())
        .put("model", model)
        .put("source", "site-model");
  }

  /**
   * Agents only: the wire carries no per-meter last-reading time and the stream job stores none, so
   * the meters' standing comes from the instrument ledger (the live page falls back to it).
   */
  private Future<ApiReply> status(ApiRequest req) {
    String site = req.pathParam("site");
    JsonArray items = new JsonArray();
    for (AgentStatus a : agents.of(site)) {
      items.add(
          new JsonObject()
              .put("agent", a.agent())
              .put("state", a.state().wire())
              .put("version", a.version())
              .put("configHash", a.configHash())
              .put("alarms", new JsonArray(a.alarms()))
              .put("time", a.time().toString()));
    }
    return Future.succeededFuture(
        ApiReply.ok(new JsonObject().put("site", site).put("agents", items)));
  }

  private static JsonObject names(Names n) {
    return new JsonObject().put("zh-CN", n.zh()).put("en", n.en());
  }
}
