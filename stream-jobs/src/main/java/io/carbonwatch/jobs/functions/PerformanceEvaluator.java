package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.baseline.Cusum;
import io.carbonwatch.core.deviation.DetectorState;
import io.carbonwatch.core.deviation.DeviationDetector;
import io.carbonwatch.core.deviation.DeviationEvent;
import io.carbonwatch.core.deviation.DeviationRule;
import io.carbonwatch.core.deviation.WindowResult;
import io.carbonwatch.core.site.BaselineModel;
import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.AlertEventType;
import io.carbonwatch.core.wire.AlertSeverity;
import io.carbonwatch.core.wire.ApprovedBaseline;
import io.carbonwatch.core.wire.Bilingual;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.PerfInput;
import io.carbonwatch.jobs.model.PerformancePoint;
import io.carbonwatch.jobs.plan.BaselinePlan;
import io.carbonwatch.jobs.plan.SitePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Carbon performance of one baseline (keyed by {@code site|baseline}): collects a window's actual
 * and relevant variables, and once the watermark has passed the window (plus the grace in which
 * window totals are emitted) computes expected, deviation and CUSUM and feeds the core deviation
 * detector of every rule on the baseline, in window order.
 *
 * <p>Late data: a window total that changes after evaluation rewrites the performance point
 * (flagged {@code corrected}) and the CUSUM, and is counted, but it never re-runs the detector — so
 * backfilled data can neither silently clear an open alert nor raise one for the past; the
 * detector's state advances only with on-time windows. The correction is visible in InfluxDB and in
 * the {@code cwPerformanceCorrections} metric.
 */
public final class PerformanceEvaluator
    extends KeyedBroadcastProcessFunction<String, PerfInput, ControlUpdate, PerformancePoint> {
  private static final long serialVersionUID = 1L;
  public static final String ACTUAL = "@actual";
  public static final OutputTag<AlertEvent> ALERTS =
      new OutputTag<>("alerts", TypeInformation.of(AlertEvent.class));

  /**
   * One window's inputs. Flink POJO; the variables are parallel arrays rather than a map because
   * Flink serializes a map field of a POJO with Kryo (slower, and its format is not checked on
   * restore).
   */
  public static final class Pending {
    public long startEpochMs;
    public long endEpochMs;
    public double actual = Double.NaN;

    /** Relevant variable ids, and their window totals at the same index. */
    public String[] variableIds = new String[0];

    public double[] variableValues = new double[0];

    public boolean evaluated;
    public double expected = Double.NaN;
    public double actualAtEvaluation = Double.NaN;
    public long pieces;
    public boolean judged;

    public Pending() {}

    /** The window total of variable {@code id}, {@code null} when none has arrived. */
    Double variable(String id) {
      for (int i = 0; i < variableIds.length; i++) {
        if (variableIds[i].equals(id)) {
          return variableValues[i];
        }
      }
      return null;
    }

    void putVariable(String id, double value) {
      for (int i = 0; i < variableIds.length; i++) {
        if (variableIds[i].equals(id)) {
          variableValues[i] = value;
          return;
        }
      }
      int n = variableIds.length;
      variableIds = java.util.Arrays.copyOf(variableIds, n + 1);
      variableValues = java.util.Arrays.copyOf(variableValues, n + 1);
      variableIds[n] = id;
      variableValues[n] = value;
    }
  }

  private final PlanRegistry plans;
  private final long graceMs;
  private final long allowedLatenessMs;
  private final double minCoverage;
  private transient MapState<Long, Pending> pending;
  private transient ValueState<Cusum> cusum;
  private transient MapState<String, DetectorState> detectors;
  private transient Counter corrections;
  private transient Counter alertEvents;

  /**
   * @param minCoverage share of a window's minutes that must have data for it to be judged
   */
  public PerformanceEvaluator(
      PlanRegistry plans, Duration grace, Duration allowedLateness, double minCoverage) {
    this.plans = plans;
    this.minCoverage = minCoverage;
    this.graceMs = grace.toMillis();
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    // Compile the site model now rather than on the first window total, which would stall it.
    plans.validate();
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("pending", Types.LONG, TypeInformation.of(Pending.class)));
    cusum = getRuntimeContext().getState(new ValueStateDescriptor<>("cusum", Cusum.class));
    detectors =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "detectors", Types.STRING, TypeInformation.of(DetectorState.class)));
    corrections = getRuntimeContext().getMetricGroup().counter("cwPerformanceCorrections");
    alertEvents = getRuntimeContext().getMetricGroup().counter("cwAlertEvents");
  }

  @Override
  public void processElement(PerfInput in, ReadOnlyContext ctx, Collector<PerformancePoint> out)
      throws Exception {
    plans.refreshIfChanged(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    Pending p = pending.get(in.startEpochMs());
    if (p == null) {
      if (in.endEpochMs() + allowedLatenessMs <= ctx.timerService().currentWatermark()) {
        return;
      }
      p = new Pending();
      p.startEpochMs = in.startEpochMs();
      p.endEpochMs = in.endEpochMs();
      ctx.timerService().registerEventTimeTimer(in.endEpochMs() - 1 + graceMs);
      ctx.timerService().registerEventTimeTimer(in.endEpochMs() + allowedLatenessMs);
    }
    if (ACTUAL.equals(in.role())) {
      p.actual = in.value();
      p.pieces = in.pieces();
    } else {
      p.putVariable(in.role(), in.value());
    }
    if (p.evaluated) {
      BaselinePlan b = baseline(in.site(), in.baseline());
      if (b != null && !Double.isNaN(p.actual)) {
        corrections.inc();
        double oldGap = p.expected - p.actualAtEvaluation;
        double expected = expected(b, p);
        Cusum c = cusumOrStart();
        if (p.judged && !Double.isNaN(expected)) {
          // Replace the window's old term (expected − actual) by the corrected one; the window
          // count stays the same.
          double oldTerm = Double.isNaN(oldGap) ? 0 : oldGap;
          c = new Cusum(c.sum() + (expected - p.actual) - oldTerm, c.compensation(), c.periods());
          cusum.update(c);
        }
        p.expected = expected;
        p.actualAtEvaluation = p.actual;
        out.collect(point(in.site(), b, in.startEpochMs(), p, c.sum(), coverage(b, p), true));
      }
    }
    pending.put(in.startEpochMs(), p);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PerformancePoint> out)
      throws Exception {
    // A baseline approved after the window's last input must still be the one it is judged by.
    plans.refreshIfChanged(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    String[] key = ctx.getCurrentKey().split("\\|", 2);
    String site = key[0];
    BaselinePlan b = baseline(site, key[1]);
    List<Long> due = new ArrayList<>();
    List<Long> expired = new ArrayList<>();
    for (Iterator<Map.Entry<Long, Pending>> it = pending.iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      Pending p = e.getValue();
      if (p.endEpochMs + allowedLatenessMs <= timestamp) {
        expired.add(e.getKey());
      } else if (!p.evaluated && p.endEpochMs - 1 + graceMs <= timestamp) {
        due.add(e.getKey());
      }
    }
    due.sort(Long::compare);
    for (Long start : due) {
      Pending p = pending.get(start);
      if (b != null && !Double.isNaN(p.actual)) {
        evaluate(site, b, start, p, ctx, out);
      }
      p.evaluated = true;
      pending.put(start, p);
    }
    for (Long start : expired) {
      pending.remove(start);
    }
  }

  private void evaluate(
      String site,
      BaselinePlan b,
      long start,
      Pending p,
      OnTimerContext ctx,
      Collector<PerformancePoint> out)
      throws Exception {
    double expected = expected(b, p);
    p.expected = expected;
    p.actualAtEvaluation = p.actual;
    double coverage = coverage(b, p);
    // A window with missing data (a meter offline, the first hour after deployment) is recorded
    // but not judged: comparing a partial total with a full-period baseline would raise false
    // "below baseline" alerts and bend the CUSUM.
    p.judged = !Double.isNaN(expected) && coverage >= minCoverage;
    Cusum c = cusumOrStart();
    if (p.judged) {
      c = c.add(expected, p.actual);
      cusum.update(c);
    }
    out.collect(point(site, b, start, p, c.sum(), coverage, false));
    if (!p.judged) {
      return;
    }
    Double rse = residualStdError(b);
    WindowResult w =
        new WindowResult(
            Instant.ofEpochMilli(start),
            Instant.ofEpochMilli(p.endEpochMs),
            expected,
            p.actual,
            rse);
    for (DeviationRule rule : b.rules()) {
      DetectorState state = detectors.get(rule.id());
      if (state == null) {
        state = DetectorState.initial();
      }
      DeviationDetector.Result r = new DeviationDetector(rule).apply(state, w);
      detectors.put(rule.id(), r.state());
      if (r.event().isPresent()) {
        alertEvents.inc();
        ctx.output(ALERTS, toWire(r.event().get()));
      }
    }
  }

  static AlertEvent toWire(DeviationEvent e) {
    return new AlertEvent(
        AlertEventType.fromWire(e.type().code()),
        e.alertId(),
        e.eventSeq(),
        e.site(),
        e.rule(),
        e.target(),
        e.targetKind(),
        e.metric(),
        e.unit(),
        AlertSeverity.fromWire(e.severity().code()),
        e.windowStart(),
        e.windowEnd(),
        e.expected(),
        e.actual(),
        e.deviation(),
        e.deviationPercent(),
        e.consecutiveWindows(),
        e.time(),
        new Bilingual(e.message().get("zh-CN"), e.message().get("en")));
  }

  private Cusum cusumOrStart() throws Exception {
    Cusum c = cusum.value();
    return c == null ? Cusum.start() : c;
  }

  private BaselinePlan baseline(String site, String id) {
    SitePlan plan = plans.plan(site);
    if (plan == null) {
      return null;
    }
    for (BaselinePlan b : plan.baselines()) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    return null;
  }

  /**
   * expected = intercept + Σ coefficient × variable, with the approved model from the control topic
   * when there is one (it replaces the site model's without a restart); {@code NaN} when the
   * baseline has no model or a variable has no value for the window.
   */
  private double expected(BaselinePlan b, Pending p) {
    ApprovedBaseline approved = plans.approvedBaseline(b.site(), b.id());
    double intercept;
    Map<String, Double> coefficients;
    if (approved != null) {
      intercept = approved.intercept();
      coefficients = approved.coefficients();
    } else {
      BaselineModel m = b.baseline().model();
      if (m == null) {
        return Double.NaN;
      }
      intercept = m.intercept();
      coefficients = m.coefficients();
    }
    double expected = intercept;
    for (Map.Entry<String, Double> c : coefficients.entrySet()) {
      Double v = p.variable(c.getKey());
      if (v == null) {
        return Double.NaN;
      }
      expected += c.getValue() * v;
    }
    return expected;
  }

  private Double residualStdError(BaselinePlan b) {
    ApprovedBaseline approved = plans.approvedBaseline(b.site(), b.id());
    if (approved != null) {
      return approved.residualStdError();
    }
    return b.baseline().model() == null ? null : b.baseline().model().residualStdError();
  }

  private static double coverage(BaselinePlan b, Pending p) {
    double minutes = (p.endEpochMs - (double) p.startEpochMs) / 60_000.0;
    return Math.min(1.0, p.pieces / (minutes * b.coverageChannels()));
  }

  private static PerformancePoint point(
      String site,
      BaselinePlan b,
      long start,
      Pending p,
      double cusum,
      double coverage,
      boolean corrected) {
    return new PerformancePoint(
        site,
        b.id(),
        b.targetId(),
        b.baseline().measure().wire(),
        b.unit(),
        b.window(),
        start,
        p.endEpochMs,
        p.actual,
        p.expected,
        cusum,
        coverage,
        p.judged,
        corrected);
  }

  @Override
  public void processBroadcastElement(
      ControlUpdate update, Context ctx, Collector<PerformancePoint> out) throws Exception {
    ctx.getBroadcastState(ControlState.DESCRIPTOR).put(update.stateKey(), update);
    plans.controlChanged();
  }
}
