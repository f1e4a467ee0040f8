package io.carbonwatch.jobs.windows;

import io.carbonwatch.jobs.model.SeriesAmount;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Sums amounts (and per-gas emissions) of one series in one window, incrementally. */
public final class SeriesSum
    implements AggregateFunction<SeriesAmount, SeriesSum.Acc, SeriesAmount> {
  private static final long serialVersionUID = 1L;

  /** Flink POJO accumulator. */
  public static final class Acc {
    public SeriesAmount first;
    public double amount;
    public double[] gas;
    public int qualityMask;
    public String lineage;
    public long pieces;

    public Acc() {}
  }

  @Override
  public Acc createAccumulator() {
    return new Acc();
  }

  @Override
  public Acc add(SeriesAmount in, Acc acc) {
    if (acc.first == null) {
      acc.first = in;
      acc.lineage = in.lineage();
    } else if (in.lineage() != null && !in.lineage().equals(acc.lineage)) {
      acc.lineage = mergeLineage(acc.lineage, in.lineage());
    }
    acc.amount += in.amount();
    if (in.gasCo2eKg() != null) {
      if (acc.gas == null) {
        acc.gas = new double[SeriesAmount.GAS_GROUPS];
      }
      for (int i = 0; i < SeriesAmount.GAS_GROUPS; i++) {
        acc.gas[i] += in.gasCo2eKg()[i];
      }
    }
    acc.qualityMask |= in.qualityMask();
    acc.pieces += in.pieces();
    return acc;
  }

  static String mergeLineage(String a, String b) {
    if (a == null || a.isEmpty()) {
      return b;
    }
    if (b == null || b.isEmpty()) {
      return a;
    }
    TreeSet<String> parts = new TreeSet<>();
    parts.addAll(java.util.Arrays.asList(a.split(";")));
    parts.addAll(java.util.Arrays.asList(b.split(";")));
    return String.join(";", parts);
  }

  @Override
  public SeriesAmount getResult(Acc acc) {
    SeriesAmount f = acc.first;
    return new SeriesAmount(
        f.key(),
        f.site(),
        f.zone(),
        f.level(),
        f.id(),
        f.metric(),
        f.unit(),
        f.window(),
        f.startEpochMs(),
        f.endEpochMs(),
        acc.amount,
        acc.gas == null ? null : acc.gas.clone(),
        acc.qualityMask,
        acc.lineage,
        acc.pieces);
  }

  @Override
  public Acc merge(Acc a, Acc b) {
    if (a.first == null) {
      return b;
    }
    if (b.first != null) {
      add(getResult(b), a);
    }
    return a;
  }
}
