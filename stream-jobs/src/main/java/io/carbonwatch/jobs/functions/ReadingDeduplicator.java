package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.wire.Reading;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops readings whose (meter, seq) was already seen. Keyed by {@code site/meter}; the seen
 * sequence numbers live in keyed map state with a time-to-live, long enough to cover the broker's
 * redelivery after a job restart and an edge agent's replay after a crash.
 *
 * <p>The TTL is in processing time (Flink's only TTL clock): a duplicate older than the TTL passes
 * here, and for counters the intervalizer then rejects it as not after the last reading.
 */
public final class ReadingDeduplicator extends KeyedProcessFunction<String, Reading, Reading> {
  private static final long serialVersionUID = 1L;
  private final Duration ttl;
  private transient MapState<Long, Boolean> seen;
  private transient Counter duplicates;

  public ReadingDeduplicator(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("dedupe ttl: must be positive, got " + ttl);
    }
    this.ttl = ttl;
  }

  public static String keyOf(Reading r) {
    return r.site() + '/' + r.meter();
  }

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<Long, Boolean> descriptor =
        new MapStateDescriptor<>("seen-seq", Types.LONG, Types.BOOLEAN);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getMapState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("cwDuplicateReadings");
  }

  @Override
  public void processElement(Reading reading, Context ctx, Collector<Reading> out)
      throws Exception {
    if (seen.contains(reading.seq())) {
      duplicates.inc();
      return;
    }
    seen.put(reading.seq(), Boolean.TRUE);
    out.collect(reading);
  }
}
