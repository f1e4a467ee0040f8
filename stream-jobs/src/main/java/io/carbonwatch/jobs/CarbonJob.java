package io.carbonwatch.jobs;

import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.LiveSample;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.control.ControlParser;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.functions.LiveAggregator;
import io.carbonwatch.jobs.functions.MeterFunction;
import io.carbonwatch.jobs.functions.ParameterEvaluator;
import io.carbonwatch.jobs.functions.ParseReadings;
import io.carbonwatch.jobs.functions.PerformanceEvaluator;
import io.carbonwatch.jobs.functions.PerformanceRouter;
import io.carbonwatch.jobs.influx.InfluxLines;
import io.carbonwatch.jobs.influx.SeriesLines;
import io.carbonwatch.jobs.model.LivePoint;
import io.carbonwatch.jobs.model.ParameterInput;
import io.carbonwatch.jobs.model.ParameterPoint;
import io.carbonwatch.jobs.model.PerfInput;
import io.carbonwatch.jobs.model.PerformancePoint;
import io.carbonwatch.jobs.model.Rejection;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.mqtt.MqttOutbound;
import io.carbonwatch.jobs.serde.ReadingTypeInfo;
import io.carbonwatch.jobs.serde.SeriesAmountTypeInfo;
import io.carbonwatch.jobs.windows.PieceCombiner;
import io.carbonwatch.jobs.windows.SeriesWindows;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The CarbonWatch stream job: readings → (by meter) model check, dedupe, interval pieces, roll-up
 * and emissions → (by series) calendar windows (1m, 15m, 1h, 1d, 1mo) → InfluxDB; window totals →
 * baselines, CUSUM and deviation alerts; rates → live feed; invalid messages → dead letters.
 * Sources and sinks come in through the constructor (flink-training style) so tests and benchmarks
 * swap in their own.
 */
public final class CarbonJob {
  /**
   * Network buffers on the path a reading takes to the live feed are flushed after at most this
   * long (Flink's default is 100 ms per exchange, and the path has three exchanges).
   */
  private static final long LIVE_BUFFER_TIMEOUT_MS = 10;

  /** How long a checkpoint barrier may wait for alignment before the checkpoint goes unaligned. */
  static final Duration ALIGNED_CHECKPOINT_TIMEOUT = Duration.ofMillis(100);

  /** Combined pieces are sent at least this often while the watermark stands still. */
  private static final Duration PIECE_FLUSH = Duration.ofSeconds(1);

  private final JobConfig config;
  private final PlanRegistry plans;
  private final Source<MqttMessageRecord, ?, ?> readings;
  private final Source<MqttMessageRecord, ?, ?> control;
  private final Sink<String> influx;
  private final Sink<MqttOutbound> mqtt;

  /**
   * @param readings reading messages ({@code cw/v1/{site}/readings/{agent}/{meter}})
   * @param control control messages ({@code cw/v1/{site}/control/{kind}}), may be {@code null}
   * @param influx line-protocol sink
   * @param mqtt sink for alerts, live samples and dead letters
   */
  public CarbonJob(
      JobConfig config,
      Source<MqttMessageRecord, ?, ?> readings,
      Source<MqttMessageRecord, ?, ?> control,
      Sink<String> influx,
      Sink<MqttOutbound> mqtt) {
    this.config = config;
    this.plans = new PlanRegistry(config.siteModelName(), config.siteModelYaml()).validate();
    this.readings = readings;
    this.control = control;
    this.influx = influx;
    this.mqtt = mqtt;
  }

  /** Adds the job's graph to {@code env} and configures checkpointing. */
  public void build(StreamExecutionEnvironment env) {
    env.enableCheckpointing(
        config.checkpointInterval().toMillis(),
        org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
    // While InfluxDB is down the sink blocks and barriers cannot pass: such checkpoints time out,
    // which must not fail the job.
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
    // A checkpoint starts aligned; a barrier held up behind in-flight data for longer than this
    // switches to unaligned and overtakes it. Aligning meant the live feed (and every other record)
    // waited behind the slowest input for the whole alignment: 0.2–1.6 s under load, the tail of
    // the reading → live latency.
    env.getCheckpointConfig().enableUnalignedCheckpoints();
    env.getCheckpointConfig().setAlignedCheckpointTimeout(ALIGNED_CHECKPOINT_TIMEOUT);
    // Every record type of the job is immutable (records, no function keeps and mutates its input),
    // so chained operators may hand records on without Flink's defensive deep copy — which copied
    // every message's bytes and every reading between source, parser and watermarks.
    env.getConfig().enableObjectReuse();
    // A type Flink cannot analyse would fall back to Kryo: several times slower, and its state
    // format is not checked on restore. Refusing generic types makes that a start-up error.
    Configuration noKryo = new Configuration();
    noKryo.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(noKryo);

    BroadcastStream<ControlUpdate> controlStream =
        controlStream(env).broadcast(ControlState.DESCRIPTOR);

    // Source → parse → event time form one chain: the raw bytes never leave the source's thread.
    SingleOutputStreamOperator<Reading> parsed =
        env.fromSource(readings, WatermarkStrategy.noWatermarks(), "readings")
            .uid("source-readings")
            // Readings cross the keyed exchange in the compact layout of ReadingSerializer.
            .process(new ParseReadings(), new ReadingTypeInfo())
            .name("parse")
            .uid("parse");
    DataStream<Rejection> badMessages = parsed.getSideOutput(ParseReadings.DEAD_LETTERS);

    DataStream<Reading> timed =
        parsed
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Reading>forBoundedOutOfOrderness(config.outOfOrderness())
                    .withTimestampAssigner((r, ts) -> r.time().toEpochMilli())
                    .withIdleness(config.idleness()))
            .name("event time")
            .uid("watermarks")
            .setBufferTimeout(LIVE_BUFFER_TIMEOUT_MS);

    // Exchange 1 (by meter): model checks, dedupe, live rates, intervals, roll-up and emissions.
    SingleOutputStreamOperator<SeriesAmount> pieces =
        timed
            .keyBy(MeterFunction::keyOf)
            .connect(controlStream)
            .process(
                new MeterFunction(
                    plans,
                    config.dedupeTtl(),
                    JobConfig.INTERVAL,
                    config.liveInterval(),
                    config.liveStaleAfter()),
                new SeriesAmountTypeInfo())
            .name("meters: dedupe, intervals, roll-up")
            .uid("meters")
            .setBufferTimeout(LIVE_BUFFER_TIMEOUT_MS);
    DataStream<Rejection> deadLetters =
        badMessages.union(pieces.getSideOutput(MeterFunction.DEAD_LETTERS));

    // Exchange 2 (by series): the 1m, 15m, 1h and 1d windows of every series, fed with the pieces
    // each meter subtask has already summed per series and minute.
    DataStream<SeriesAmount> allTotals =
        pieces
            // Pieces and totals cross the exchanges in the compact layout of
            // SeriesAmountSerializer, their strings shared per value on the receiving side.
            .transform("combine pieces", new SeriesAmountTypeInfo(), new PieceCombiner(PIECE_FLUSH))
            .uid("combine-pieces")
            .keyBy(SeriesWindows::keyOf)
            .process(
                new SeriesWindows(config.windowGrace(), config.allowedLateness()),
                new SeriesAmountTypeInfo())
            .name("windows 1m 15m 1h 1d 1mo")
            .uid("windows");

    // Hour, day and month totals (and the windows of the performance parameters) go to the
    // baselines and the parameters through one router.
    Set<String> routedWindows = PerformanceRouter.routedWindows(plans);
    SingleOutputStreamOperator<PerfInput> routed =
        allTotals
            .filter(s -> routedWindows.contains(s.window()))
            .name("totals for baselines and parameters")
            .uid("perf-filter")
            .connect(controlStream)
            .process(new PerformanceRouter(plans))
            .name("route to baselines and parameters")
            .uid("perf-route");
    SingleOutputStreamOperator<PerformancePoint> performance =
        routed
            .keyBy(PerfInput::key)
            .connect(controlStream)
            .process(
                new PerformanceEvaluator(
                    plans, config.windowGrace(), config.allowedLateness(), config.minCoverage()))
            .name("baselines, CUSUM, deviations")
            .uid("performance");
    DataStream<ParameterPoint> parameters =
        routed
            .getSideOutput(PerformanceRouter.PARAMETERS)
            .keyBy(ParameterInput::key)
            .process(new ParameterEvaluator(config.allowedLateness()))
            .name("performance parameters")
            .uid("parameters");
    DataStream<AlertEvent> alerts = performance.getSideOutput(PerformanceEvaluator.ALERTS);

    DataStream<LiveSample> live =
        pieces
            .getSideOutput(MeterFunction.LIVE)
            .keyBy(LivePoint::key)
            .process(new LiveAggregator(config.liveInterval(), config.liveStaleAfter()))
            .name("live feed")
            .uid("live")
            .setBufferTimeout(LIVE_BUFFER_TIMEOUT_MS);

    // The window totals — nearly every line the job writes — go to a sink writer chained with the
    // windows: a union in front of one sink made them cross to a separate task as strings. The few
    // performance, alert and dead-letter lines share a second writer.
    allTotals
        .map(new SeriesLines())
        .name("series lines")
        .uid("lines-series")
        .sinkTo(influx)
        .name("InfluxDB totals")
        .uid("sink-influx-totals");
    performance
        .map(InfluxLines::performance)
        .name("performance lines")
        .uid("lines-perf")
        .union(
            parameters.map(InfluxLines::parameter).name("parameter lines").uid("lines-params"),
            alerts.map(InfluxLines::alert).name("alert lines").uid("lines-alerts"),
            deadLetters.map(InfluxLines::deadLetter).name("dead-letter lines").uid("lines-dl"))
        .sinkTo(influx)
        .name("InfluxDB")
        .uid("sink-influx");

    DataStream<MqttOutbound> outbound =
        alerts
            .map(a -> new MqttOutbound(Topics.alerts(a.site()), WireCodec.encode(a), 1, false))
            .name("alert messages")
            .uid("mqtt-alerts")
            .union(
                live.map(
                        s ->
                            new MqttOutbound(
                                Topics.live(s.site(), s.seu()), WireCodec.encode(s), 0, false))
                    .name("live messages")
                    .uid("mqtt-live")
                    .setBufferTimeout(LIVE_BUFFER_TIMEOUT_MS),
                deadLetters
                    .map(
                        r ->
                            new MqttOutbound(
                                Topics.deadLetter(r.letter().site(), r.letter().component()),
                                WireCodec.encode(r.letter()),
                                1,
                                false))
                    .name("dead-letter messages")
                    .uid("mqtt-dl"));
    outbound.sinkTo(mqtt).name("MQTT").uid("sink-mqtt");
  }

  /**
   * Control messages have no event time. The control input is kept idle so it never holds back the
   * readings' watermark in the operators it is connected to — and, unlike a maximal watermark, it
   * never pushes the watermark forward either when the readings themselves go idle (which would
   * fire every open window early).
   */
  private static final class AlwaysIdle implements WatermarkGenerator<MqttMessageRecord> {
    @Override
    public void onEvent(MqttMessageRecord e, long ts, WatermarkOutput out) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
      out.markIdle();
    }
  }

  private DataStream<ControlUpdate> controlStream(StreamExecutionEnvironment env) {
    if (control == null) {
      // No control topic: one inert entry (kind "none" is never read) keeps the graph the same.
      return env.fromData(new ControlUpdate("-", "none", "")).name("no control");
    }
    WatermarkStrategy<MqttMessageRecord> neverHoldBack =
        WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle());
    return env.fromSource(control, neverHoldBack, "control")
        .setParallelism(1)
        .uid("source-control")
        .flatMap(new ControlParser())
        .setParallelism(1)
        .name("parse control")
        .uid("control-parse");
  }
}
