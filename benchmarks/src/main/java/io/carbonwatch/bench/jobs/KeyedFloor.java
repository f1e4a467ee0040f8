package io.carbonwatch.bench.jobs;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.jobs.functions.ParseReadings;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * The floor under the whole job: the same source and parse, then one keyed exchange by meter into a
 * function that only counts in keyed state. What Flink itself costs per reading on this machine for
 * one network exchange of a decoded reading, before CarbonWatch does anything with it.
 *
 * <pre>
 * scripts/bench io.carbonwatch.bench.jobs.KeyedFloor [readings] [parallelism] [rounds]
 * </pre>
 */
public final class KeyedFloor {
  private KeyedFloor() {}

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    for (int round = 1; round <= rounds; round++) {
      JobThroughput.run(
          "parse-only",
          n,
          parallelism,
          env ->
              JobThroughput.parseOnly(
                  env,
                  () -> JobThroughput.generated(n, new LargePlant(8, 496, n, parallelism, START)),
                  "",
                  ""));
      JobThroughput.run(
          "parse + keyBy(meter) + count",
          n,
          parallelism,
          env -> {
            env.getConfig().enableObjectReuse();
            env.fromSource(
                    JobThroughput.generated(n, new LargePlant(8, 496, n, parallelism, START)),
                    WatermarkStrategy.noWatermarks(),
                    "generated readings")
                // The job's own exchange: its reading serializer and 64-bit meter key.
                .process(new ParseReadings(), new io.carbonwatch.jobs.serde.ReadingTypeInfo())
                .keyBy(io.carbonwatch.jobs.functions.MeterFunction::keyOf)
                .process(new Count())
                .sinkTo(new DiscardingSink<>());
          });
    }
  }

  static final class Count extends KeyedProcessFunction<Long, Reading, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext ctx) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("n", Types.LONG));
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<Long> out) throws Exception {
      Long c = count.value();
      count.update(c == null ? 1 : c + 1);
    }
  }
}
