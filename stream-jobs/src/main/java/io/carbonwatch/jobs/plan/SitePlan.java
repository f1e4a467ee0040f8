package io.carbonwatch.jobs.plan;

import io.carbonwatch.core.emissions.EmissionCalculator;
import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.site.CarbonSource;
import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.ChannelRef;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.RelevantVariable;
import io.carbonwatch.core.site.Seu;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SourceType;
import io.carbonwatch.core.site.VirtualMeter;
import io.carbonwatch.core.units.Carrier;
import io.carbonwatch.core.units.Unit;
import io.carbonwatch.jobs.model.ChannelMode;
import io.carbonwatch.jobs.model.Level;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One site of the site model compiled for the stream job: for every meter channel, how its values
 * become amounts and where those amounts go in the roll-up meter → carbon source → SEU → site →
 * organisation, with the core's emission coefficients resolved once.
 *
 * <p>Roll-up rules (documented in docs/stream-jobs.md):
 *
 * <ul>
 *   <li>site and organisation activity and emissions are the sum over carbon sources, so a
 *       sub-meter is never counted twice;
 *   <li>an SEU's activity is the sum of its meters (virtual meters expanded); its emissions are
 *       those of its own sources plus, for a meter whose quantity is not already the activity of
 *       one of its sources, that meter's amount × the factor of the site's supplying source of the
 *       same quantity (e.g. the purchased-electricity source);
 *   <li>virtual meters must be linear in their references (e.g. main − Σ sub-meters): a linear
 *       formula over window sums equals the window sum of the formula, which is what makes it exact
 *       in a stream.
 * </ul>
 */
public final class SitePlan {
  private static final String SEP = "\u0000";
  private static final Set<String> NON_ENERGY =
      Set.of("production", "temperature", "pressure", "active_power", "gas_flow");

  private final Site site;
  private final String organisation;
  private final ZoneId zone;
  private final ZoneId organisationZone;
  private final Map<String, ChannelPlan> channels = new HashMap<>();

  /** meter → channel → plan: the hot path looks up with the reading's strings, no concatenation. */
  private final Map<String, Map<String, ChannelPlan>> byMeter = new HashMap<>();

  private final List<BaselinePlan> baselines = new ArrayList<>();
  private final List<ParameterPlan> parameters = new ArrayList<>();
  private final FactorLibrary library;
  private final EmissionCalculator calculator;

  private SitePlan(
      Site site,
      String organisation,
      ZoneId organisationZone,
      FactorLibrary library,
      EmissionCalculator calculator) {
    this.site = site;
    this.organisationZone = organisationZone;
    this.organisation = organisation;
    this.zone = site.timeZone();
    this.library = library;
    this.calculator = calculator;
  }

  /** Compiles every site of {@code model}; fails at start-up naming what cannot be streamed. */
  public static Map<String, SitePlan> compile(SiteModel model, FactorLibrary library) {
    io.carbonwatch.core.site.FactorSelection f = model.factors();
    EmissionCalculator calculator =
        new EmissionCalculator(
            library,
            new io.carbonwatch.core.factors.FactorSelection(
                GwpSet.fromId(f.gwp()), f.combustion(), f.grid(), f.heat(), f.marketGrid()));
    Map<String, SitePlan> out = new LinkedHashMap<>();
    for (Site s : model.sites()) {
      SitePlan plan =
          new SitePlan(
              s, model.organisation().id(), model.sites().get(0).timeZone(), library, calculator);
      plan.build();
      plan.index();
      out.put(s.id(), plan);
    }
    return Map.copyOf(out);
  }

  public Site site() {
    return site;
  }

  public String organisation() {
    return organisation;
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * Organisation totals span sites, so they are keyed by the organisation, not a site, and their
   * days follow the first site's zone.
   */
  public ZoneId organisationZone() {
    return organisationZone;
  }

  /** The plan of a channel, or {@code null} if the site model does not know it. */
  public ChannelPlan channel(String meter, String channel) {
    Map<String, ChannelPlan> ofMeter = byMeter.get(meter);
    return ofMeter == null ? null : ofMeter.get(channel);
  }

  /** Whether the site model has a meter with this id. */
  public boolean hasMeter(String meter) {
    return byMeter.containsKey(meter);
  }

  /** The plans of a meter's channels by channel id, or {@code null} for an unknown meter. */
  public Map<String, ChannelPlan> channelsOf(String meter) {
    return byMeter.get(meter);
  }

  /** A target of this site's roll-up, its series key made now. */
  private Target target(Level level, String id, String metric, String unit) {
    String owner = level == Level.ORGANISATION ? organisation : site.id();
    return new Target(
        level,
        id,
        metric,
        unit,
        io.carbonwatch.jobs.model.SeriesAmount.keyOf(owner, level, id, metric));
  }

  private void index() {
    for (Meter m : site.meters()) {
      byMeter.put(m.id(), new HashMap<>());
    }
    for (ChannelPlan c : channels.values()) {
      byMeter.computeIfAbsent(c.meter(), k -> new HashMap<>()).put(c.channel(), c);
    }
  }

  /** The site's carbon performance parameters (totals and intensities), in model order. */
  public List<ParameterPlan> parameters() {
    return parameters;
  }

  /** Hourly and daily baselines with a model, and the rules that watch them. */
  public List<BaselinePlan> baselines() {
    return baselines;
  }

  public java.util.Collection<ChannelPlan> channels() {
    return channels.values();
  }

  private void build() {
    for (Meter m : site.meters()) {
      boolean hasElectricityCounter =
          m.channels().stream()
              .anyMatch(c -> c.kind() != ChannelKind.GAUGE && "electricity".equals(c.quantity()));
      for (Channel c : m.channels()) {
        ChannelMode mode;
        String quantity = c.quantity();
        if (c.kind() == ChannelKind.COUNTER) {
          mode = ChannelMode.COUNTER;
        } else if (c.kind() == ChannelKind.DELTA) {
          mode = ChannelMode.DELTA;
        } else if (isVariableSource(m.id(), c.id())) {
          mode = ChannelMode.INTEGRATE;
        } else if ("active_power".equals(c.quantity())
            && ("kW".equals(c.unit()) || "W".equals(c.unit()))
            && !hasElectricityCounter) {
          // No energy register: integrate power into kWh.
          mode = ChannelMode.INTEGRATE;
          quantity = "electricity";
        } else {
          mode = ChannelMode.LIVE_ONLY;
        }
        ChannelPlan p =
            new ChannelPlan(
                m.id(),
                m.serial() == null ? m.id() : m.serial(),
                c.id(),
                quantity,
                c.unit(),
                mode,
                c.registerMax() == null ? Double.NaN : c.registerMax(),
                c.frozenAfter() == null ? 0 : c.frozenAfter().toMillis(),
                m.pollInterval().toMillis());
        if (mode != ChannelMode.LIVE_ONLY) {
          p.activity.add(
              new ChannelPlan.ActivityRoute(
                  1.0, List.of(target(Level.METER, m.id(), c.id(), pieceUnit(p)))));
        }
        channels.put(m.id() + SEP + c.id(), p);
      }
    }
    for (VirtualMeter vm : site.virtualMeters()) {
      resolve(new ChannelRef(vm.id(), null), vm.quantity(), 1.0, new HashMap<>())
          .forEach(
              (key, k) ->
                  channels
                      .get(key)
                      .activity
                      .add(
                          new ChannelPlan.ActivityRoute(
                              k,
                              List.of(
                                  target(
                                      Level.VIRTUAL_METER, vm.id(), vm.quantity(), vm.unit())))));
    }
    for (CarbonSource s : site.sources()) {
      if (s.activity() == null) {
        continue;
      }
      Map<String, Double> parts = resolve(s.activity(), null, 1.0, new HashMap<>());
      for (Map.Entry<String, Double> e : parts.entrySet()) {
        ChannelPlan p = channels.get(e.getKey());
        String q = p.quantity;
        String unit = pieceUnit(p);
        List<Target> activity = new ArrayList<>();
        activity.add(target(Level.SOURCE, s.id(), q, unit));
        activity.add(target(Level.SITE, site.id(), q, unit));
        activity.add(target(Level.ORGANISATION, organisation, q, unit));
        for (Seu seu : site.seus()) {
          if (seu.sources().contains(s.id()) && !seuMeasures(seu, p.meter)) {
            activity.add(target(Level.SEU, seu.id(), q, unit));
          }
        }
        p.activity.add(new ChannelPlan.ActivityRoute(e.getValue(), List.copyOf(activity)));
        EmissionRate rate = rateOf(s, unit);
        if (rate != null) {
          String scope = scopeMetric(s);
          List<Target> targets = new ArrayList<>();
          addEmissionTargets(targets, Level.SOURCE, s.id(), scope);
          addEmissionTargets(targets, Level.SITE, site.id(), scope);
          addEmissionTargets(targets, Level.ORGANISATION, organisation, scope);
          for (Seu seu : site.seus()) {
            if (seu.sources().contains(s.id())) {
              addEmissionTargets(targets, Level.SEU, seu.id(), scope);
            }
          }
          p.emissions.add(new ChannelPlan.EmissionRoute(e.getValue(), rate, List.copyOf(targets)));
        }
      }
    }
    for (Seu seu : site.seus()) {
      Map<String, Double> parts = new LinkedHashMap<>();
      for (String ref : seu.meters()) {
        resolve(new ChannelRef(ref, null), null, 1.0, new HashMap<>())
            .forEach((key, k) -> parts.merge(key, k, Double::sum));
      }
      for (Map.Entry<String, Double> e : parts.entrySet()) {
        ChannelPlan p = channels.get(e.getKey());
        if (NON_ENERGY.contains(p.quantity)) {
          continue;
        }
        p.activity.add(
            new ChannelPlan.ActivityRoute(
                e.getValue(), List.of(target(Level.SEU, seu.id(), p.quantity, pieceUnit(p)))));
        if (coveredBySeuSource(seu, p)) {
          continue;
        }
        CarbonSource supplier = supplierOf(p.quantity);
        if (supplier != null) {
          EmissionRate rate = rateOf(supplier, pieceUnit(p));
          if (rate != null) {
            List<Target> targets = new ArrayList<>();
            addEmissionTargets(targets, Level.SEU, seu.id(), scopeMetric(supplier));
            p.emissions.add(
                new ChannelPlan.EmissionRoute(e.getValue(), rate, List.copyOf(targets)));
          }
        }
      }
      addLiveRoutes(seu);
    }
    for (io.carbonwatch.core.site.Baseline b : site.baselines()) {
      BaselinePlan bp = baselinePlan(b);
      if (bp != null) {
        baselines.add(bp);
      }
    }
    for (RelevantVariable v : site.relevantVariables()) {
      ChannelPlan p = channels.get(v.source().meter() + SEP + v.source().channel());
      if (p == null) {
        throw new IllegalArgumentException(
            "relevantVariables." + v.id() + ".source: unknown channel " + v.source());
      }
      p.variables.add(
          new ChannelPlan.VariableRoute(
              v, target(Level.VARIABLE, v.id(), v.kind().wire(), v.unit())));
    }
    for (io.carbonwatch.core.site.PerformanceParameter pp : site.parameters()) {
      parameters.add(parameterPlan(pp));
    }
  }

  /**
   * Resolves a performance parameter to its series and unit factors. Units that cannot be matched
   * are a start-up error naming the parameter, rather than a silently wrong number on a dashboard.
   */
  private ParameterPlan parameterPlan(io.carbonwatch.core.site.PerformanceParameter pp) {
    String where = "parameters." + pp.id();
    boolean intensity = pp.per() != null;
    String[] units = pp.unit().split("/", -1);
    if (units.length != (intensity ? 2 : 1)) {
      throw new IllegalArgumentException(
          where
              + ".unit: "
              + (intensity
                  ? "an intensity's unit is numerator/denominator"
                  : "a total's unit has no '/'")
              + ", got "
              + pp.unit());
    }
    String numeratorUnit = units[0].trim();
    Level level =
        switch (site.kindOf(pp.target()).orElse(io.carbonwatch.core.site.TargetKind.VARIABLE)) {
          case SITE -> Level.SITE;
          case SEU -> Level.SEU;
          case SOURCE -> Level.SOURCE;
          case METER -> Level.METER;
          case VIRTUAL_METER -> Level.VIRTUAL_METER;
          default ->
              throw new IllegalArgumentException(
                  where
                      + ".target: "
                      + pp.target()
                      + " is not the site, an SEU, a source, a meter or a virtual meter");
        };
    String metric;
    double numeratorScale;
    if (pp.measure() == io.carbonwatch.core.site.Measure.EMISSIONS) {
      if (level != Level.SITE && level != Level.SEU && level != Level.SOURCE) {
        throw new IllegalArgumentException(
            where
                + ".target: emissions are computed for the site, SEUs and sources, not for "
                + pp.target());
      }
      metric = "emissions";
      numeratorScale =
          switch (numeratorUnit) {
            case "gCO2e" -> 1000.0;
            case "kgCO2e" -> 1.0;
            case "tCO2e" -> 0.001;
            default ->
                throw new IllegalArgumentException(
                    where + ".unit: emissions are in gCO2e, kgCO2e or tCO2e, got " + numeratorUnit);
          };
    } else {
      // The target's energy series whose unit converts to the parameter's: exactly one.
      Map<String, Double> candidates = new LinkedHashMap<>();
      for (ChannelPlan p : channels.values()) {
        if (NON_ENERGY.contains(p.quantity)) {
          continue;
        }
        for (ChannelPlan.ActivityRoute r : p.activity) {
          for (Target t : r.targets()) {
            if (t.level() == level && t.id().equals(pp.target())) {
              Double f = unitFactor(t.unit(), numeratorUnit);
              if (f != null) {
                candidates.put(t.metric(), f);
              }
            }
          }
        }
      }
      if (candidates.size() != 1) {
        throw new IllegalArgumentException(
            where
                + ".unit: "
                + (candidates.isEmpty()
                    ? pp.target() + " has no metered energy in a unit convertible to "
                    : pp.target() + " has several energy series convertible to ")
                + numeratorUnit
                + (candidates.isEmpty() ? "" : " " + candidates.keySet()));
      }
      Map.Entry<String, Double> only = candidates.entrySet().iterator().next();
      metric = only.getKey();
      numeratorScale = only.getValue();
    }
    String perMetric = null;
    double denominatorScale = 1.0;
    if (intensity) {
      RelevantVariable v =
          site.relevantVariable(pp.per())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + ".per: " + pp.per() + " is not a relevant variable"));
      Double f = unitFactor(v.unit(), units[1].trim());
      if (f == null) {
        throw new IllegalArgumentException(
            where
                + ".unit: the denominator "
                + units[1].trim()
                + " does not match the unit of "
                + v.id()
                + " ("
                + v.unit()
                + ")");
      }
      perMetric = v.kind().wire();
      denominatorScale = f;
    }
    return new ParameterPlan(
        pp.id(),
        pp.kind().wire(),
        pp.window().wire(),
        level,
        pp.target(),
        metric,
        numeratorScale,
        pp.per(),
        perMetric,
        denominatorScale,
        pp.unit());
  }

  /**
   * The factor from unit {@code from} to {@code to}: equal symbols, or one dimension of the core.
   */
  private static Double unitFactor(String from, String to) {
    if (from.equals(to)) {
      return 1.0;
    }
    try {
      Unit a = Unit.fromSymbol(from);
      Unit b = Unit.fromSymbol(to);
      return a.dimension() == b.dimension() ? a.factorTo(b) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private BaselinePlan baselinePlan(io.carbonwatch.core.site.Baseline b) {
    String window =
        switch (b.granularity()) {
          case HOUR -> "1h";
          case DAY -> "1d";
          case MONTH -> "1mo";
        };
    boolean emissions = b.measure() == io.carbonwatch.core.site.Measure.EMISSIONS;
    Level level;
    String metric;
    String unit;
    io.carbonwatch.core.site.Names name;
    var seu = site.seu(b.target());
    if (seu.isPresent()) {
      level = Level.SEU;
      name = seu.get().name();
    } else if (site.id().equals(b.target())) {
      level = Level.SITE;
      name = site.name();
    } else {
      throw new IllegalArgumentException(
          "baselines." + b.id() + ".target: only an SEU or the site can be evaluated live");
    }
    if (emissions) {
      metric = "emissions";
      unit = "tCO2e";
    } else {
      ChannelPlan energy =
          channels.values().stream()
              .filter(
                  p ->
                      p.activity.stream()
                          .anyMatch(
                              r ->
                                  r.targets().stream()
                                      .anyMatch(
                                          t -> t.level() == level && t.id().equals(b.target()))))
              .filter(p -> !NON_ENERGY.contains(p.quantity))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "baselines."
                              + b.id()
                              + ".target: "
                              + b.target()
                              + " has no metered energy"));
      metric = energy.quantity;
      unit = pieceUnit(energy);
    }
    List<io.carbonwatch.core.deviation.DeviationRule> rules = new ArrayList<>();
    for (io.carbonwatch.core.site.DeviationRule r : site.deviationRules()) {
      if (!r.baseline().equals(b.id())) {
        continue;
      }
      if (!r.window().wire().equals(window)) {
        throw new IllegalArgumentException(
            "deviationRules."
                + r.id()
                + ".window: "
                + r.window().wire()
                + " differs from the granularity of baseline "
                + b.id()
                + " ("
                + window
                + ")");
      }
      List<io.carbonwatch.core.deviation.DeviationRule.SeverityThreshold> thresholds =
          new ArrayList<>();
      r.severities()
          .forEach(
              (sev, t) ->
                  thresholds.add(
                      new io.carbonwatch.core.deviation.DeviationRule.SeverityThreshold(
                          io.carbonwatch.core.deviation.Severity.valueOf(sev.name()), t)));
      thresholds.sort(java.util.Comparator.comparingDouble(t -> t.threshold()));
      rules.add(
          new io.carbonwatch.core.deviation.DeviationRule(
              r.id(),
              site.id(),
              b.target(),
              level == Level.SEU ? "seu" : "site",
              b.measure().wire(),
              unit,
              new io.carbonwatch.core.deviation.LocalizedText(name.zh(), name.en()),
              emissions
                  ? new io.carbonwatch.core.deviation.LocalizedText("碳排放", "emissions")
                  : new io.carbonwatch.core.deviation.LocalizedText("能耗", "energy"),
              switch (r.method()) {
                case PERCENT -> io.carbonwatch.core.deviation.DeviationRule.Mode.PERCENT;
                case ABSOLUTE -> io.carbonwatch.core.deviation.DeviationRule.Mode.ABSOLUTE;
                case K_SIGMA -> io.carbonwatch.core.deviation.DeviationRule.Mode.RESIDUAL_SE;
              },
              io.carbonwatch.core.deviation.DeviationRule.Direction.valueOf(r.direction().name()),
              thresholds,
              r.clearBelow(),
              r.minConsecutiveWindows(),
              1));
    }
    int coverage = 0;
    for (ChannelPlan p : channels.values()) {
      if (p.mode == ChannelMode.DELTA || p.mode == ChannelMode.LIVE_ONLY) {
        continue;
      }
      boolean feeds =
          (emissions
                  ? p.emissions.stream().flatMap(r -> r.targets().stream())
                  : p.activity.stream().flatMap(r -> r.targets().stream()))
              .anyMatch(
                  t ->
                      t.level() == level && t.id().equals(b.target()) && t.metric().equals(metric));
      if (feeds) {
        coverage++;
      }
    }
    return new BaselinePlan(
        site.id(),
        b,
        window,
        level,
        b.target(),
        metric,
        unit,
        emissions ? 0.001 : 1.0,
        Math.max(1, coverage),
        List.copyOf(rules));
  }

  private void addLiveRoutes(Seu seu) {
    for (String ref : seu.meters()) {
      Map<String, Double> meters = new LinkedHashMap<>();
      resolve(new ChannelRef(ref, null), null, 1.0, new HashMap<>())
          .forEach((key, k) -> meters.merge(channels.get(key).meter, k, Double::sum));
      for (Map.Entry<String, Double> m : meters.entrySet()) {
        Meter meter = site.meter(m.getKey()).orElseThrow();
        for (Channel c : meter.channels()) {
          ChannelPlan p = channels.get(meter.id() + SEP + c.id());
          if ("active_power".equals(c.quantity())) {
            double toKw = "W".equals(c.unit()) ? 0.001 : "kW".equals(c.unit()) ? 1.0 : 0;
            if (toKw == 0) {
              continue;
            }
            CarbonSource supplier = supplierOf("electricity");
            EmissionRate rate = supplier == null ? null : rateOf(supplier, "kWh");
            p.live.add(new ChannelPlan.LiveRoute(seu.id(), m.getValue(), toKw, rate));
          } else if ("gas_flow".equals(c.quantity()) && c.unit().endsWith("/h")) {
            CarbonSource supplier = supplierOf("natural_gas");
            String unit = c.unit().substring(0, c.unit().length() - 2);
            EmissionRate rate = supplier == null ? null : rateOf(supplier, unit);
            p.live.add(new ChannelPlan.LiveRoute(seu.id(), m.getValue(), 0, rate));
          }
        }
      }
    }
  }

  private boolean isVariableSource(String meter, String channel) {
    return site.relevantVariables().stream()
        .anyMatch(
            v ->
                v.source().meter().equals(meter)
                    && channel.equals(v.source().channel())
                    && v.kind() != io.carbonwatch.core.site.VariableKind.PRODUCTION);
  }

  private static String pieceUnit(ChannelPlan p) {
    return p.mode == ChannelMode.INTEGRATE ? p.integratedUnit() : p.unit;
  }

  private boolean seuMeasures(Seu seu, String meter) {
    for (String ref : seu.meters()) {
      for (String key : resolve(new ChannelRef(ref, null), null, 1.0, new HashMap<>()).keySet()) {
        if (channels.get(key).meter.equals(meter)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean coveredBySeuSource(Seu seu, ChannelPlan p) {
    for (String sid : seu.sources()) {
      CarbonSource s = site.source(sid).orElseThrow();
      if (s.activity() != null
          && resolve(s.activity(), null, 1.0, new HashMap<>())
              .containsKey(p.meter + SEP + p.channel)) {
        return true;
      }
    }
    return false;
  }

  /** The source that supplies a quantity to the whole site (grid electricity, the gas intake). */
  private CarbonSource supplierOf(String quantity) {
    for (CarbonSource s : site.sources()) {
      if (s.activity() == null
          || !(s.type() == SourceType.PURCHASED_ELECTRICITY
              || s.type() == SourceType.PURCHASED_HEAT
              || s.type() == SourceType.STATIONARY_COMBUSTION)) {
        continue;
      }
      for (String key : resolve(s.activity(), null, 1.0, new HashMap<>()).keySet()) {
        if (channels.get(key).quantity.equals(quantity)) {
          return s;
        }
      }
    }
    return null;
  }

  private void addEmissionTargets(List<Target> targets, Level level, String id, String scope) {
    targets.add(target(level, id, scope, "kgCO2e"));
    targets.add(target(level, id, "emissions", "kgCO2e"));
  }

  private static String scopeMetric(CarbonSource s) {
    int scope =
        s.scope() != null
            ? s.scope()
            : switch (s.type()) {
              case PURCHASED_ELECTRICITY, PURCHASED_HEAT -> 2;
              default -> 1;
            };
    return "emissions.scope" + scope;
  }

  private EmissionRate rateOf(CarbonSource s, String unitSymbol) {
    Unit unit;
    try {
      unit = Unit.fromSymbol(unitSymbol);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "sources." + s.id() + ": activity unit " + unitSymbol + " has no emission factor unit",
          e);
    }
    return switch (s.type()) {
      case PURCHASED_ELECTRICITY ->
          EmissionRate.of(s.id(), calculator.electricityLocationTimeline(unit), library);
      case PURCHASED_HEAT -> EmissionRate.of(s.id(), calculator.heatTimeline(unit), library);
      case STATIONARY_COMBUSTION ->
          EmissionRate.of(
              s.id(),
              s.factor() != null
                  ? calculator.combustionTimeline(s.factor(), unit)
                  : calculator.combustionTimeline(Carrier.fromId(s.fuel()), unit),
              library);
      case FUGITIVE ->
          EmissionRate.of(
              s.id(),
              library.blends().containsKey(s.gas())
                  ? calculator.fugitiveBlend(s.gas(), unit)
                  : calculator.fugitive(Gas.fromCode(s.gas()), unit),
              library);
      default -> null;
    };
  }

  /**
   * Expands a reference into physical meter channels with coefficients. A meter-only reference
   * means the meter's energy channels (of {@code quantity} when given); a virtual meter expands
   * through its formula, which must be linear.
   */
  private Map<String, Double> resolve(
      ChannelRef ref, String quantity, double k, Map<String, Double> acc) {
    var vm = site.virtualMeter(ref.meter());
    if (vm.isPresent()) {
      // The loader only accepts linear formulas (window sums of a linear combination are exact).
      Map<ChannelRef, Double> coefs = vm.get().formula().coefficients();
      coefs.forEach((r, c) -> resolve(r, vm.get().quantity(), k * c, acc));
      return acc;
    }
    Meter m =
        site.meter(ref.meter())
            .orElseThrow(() -> new IllegalArgumentException("unknown meter " + ref.meter()));
    if (ref.channel() != null) {
      String key = m.id() + SEP + ref.channel();
      if (!channels.containsKey(key)) {
        throw new IllegalArgumentException("unknown channel " + ref);
      }
      acc.merge(key, k, Double::sum);
      return acc;
    }
    for (Channel c : m.channels()) {
      ChannelPlan p = channels.get(m.id() + SEP + c.id());
      if (p.mode == ChannelMode.LIVE_ONLY
          || NON_ENERGY.contains(p.quantity)
          || (quantity != null && !quantity.equals(p.quantity))) {
        continue;
      }
      acc.merge(p.meter + SEP + p.channel, k, Double::sum);
    }
    return acc;
  }
}
