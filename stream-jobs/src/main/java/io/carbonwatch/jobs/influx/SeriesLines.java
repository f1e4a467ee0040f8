package io.carbonwatch.jobs.influx;

import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.windows.WindowSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Window totals as line protocol ({@link InfluxLines#series}), with each series' measurement and
 * escaped tags made once per window size and kept: a series writes a minute total every minute, and
 * building its tags again was a sixth of the window task's time.
 *
 * <p>Not state: a cache per task instance, rebuilt after a restart, bounded (cleared when it holds
 * more series than {@link #MAX_SERIES}).
 */
public final class SeriesLines implements MapFunction<SeriesAmount, String> {
  private static final long serialVersionUID = 1L;
  static final int MAX_SERIES = 500_000;
  private static final WindowSpec[] SPECS = WindowSpec.values();

  private transient Map<String, String[]> prefixes;

  @Override
  public String map(SeriesAmount s) {
    if (prefixes == null) {
      prefixes = new HashMap<>();
    }
    int w = spec(s.window());
    if (w < 0) {
      return InfluxLines.series(s);
    }
    String[] byWindow = prefixes.get(s.key());
    if (byWindow == null) {
      if (prefixes.size() >= MAX_SERIES) {
        prefixes.clear();
      }
      byWindow = new String[SPECS.length];
      prefixes.put(s.key(), byWindow);
    }
    String prefix = byWindow[w];
    if (prefix == null) {
      prefix = InfluxLines.seriesPrefix(s);
      byWindow[w] = prefix;
    }
    return InfluxLines.series(s, prefix);
  }

  private static int spec(String window) {
    for (WindowSpec spec : SPECS) {
      if (spec.wire().equals(window)) {
        return spec.ordinal();
      }
    }
    return -1;
  }
}
