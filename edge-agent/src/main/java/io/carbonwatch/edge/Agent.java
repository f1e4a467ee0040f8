package io.carbonwatch.edge;

import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.MqttAcquisition;
import io.carbonwatch.core.wire.AgentState;
import io.carbonwatch.core.wire.AgentStatus;
import io.carbonwatch.core.wire.ControlKind;
import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.core.wire.InstrumentStatusControl;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.modbus.J2modLink;
import io.carbonwatch.edge.modbus.ModbusLink;
import io.carbonwatch.edge.mqtt.NativeMessage;
import io.carbonwatch.edge.mqtt.NativeMeterMapper;
import io.carbonwatch.edge.poll.DevicePoller;
import io.carbonwatch.edge.poll.DeviceSpec;
import io.carbonwatch.edge.poll.FieldOutcome;
import io.carbonwatch.edge.poll.GatewayWorker;
import io.carbonwatch.edge.poll.InstrumentStatuses;
import io.carbonwatch.edge.poll.PollResult;
import io.carbonwatch.edge.poll.QualityAssessor;
import io.carbonwatch.edge.publish.BrokerConnection;
import io.carbonwatch.edge.publish.Publisher;
import io.carbonwatch.edge.queue.DiskQueue;
import io.carbonwatch.edge.queue.SequenceStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge agent: gateway workers poll into the disk queue (every reading is written ahead),
 * a committer fsyncs it in batches, the publisher drains it to the broker, MQTT-native messages are
 * mapped into the same queue. A reload swaps the workers and mappings; the queue and the broker
 * connection stay, so nothing buffered is lost.
 *
 * <p>The agent also follows its site's retained {@code control/instrument-status} (the API's
 * calibration records): the newest valid message is the live calibration state the quality of every
 * value is judged with ({@link QualityAssessor}); it survives reloads.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final EdgeConfig config;
  private final EdgeMetrics metrics;
  private final Clock clock;
  private final Function<Gateway, ModbusLink> links;
  private final NativeMeterMapper nativeMapper = new NativeMeterMapper();
  private final String siteId;
  private final String agentId;
  private final String instrumentStatusTopic;
  private final InstrumentStatuses instruments;

  private volatile AgentPlan plan;
  private volatile QualityAssessor quality;
  private volatile Map<String, List<Meter>> nativeByTopic = Map.of();
  private final List<GatewayWorker> workers = new ArrayList<>();
  private DiskQueue queue;
  private SequenceStore sequences;
  private BrokerConnection broker;
  private Publisher publisher;
  private ScheduledExecutorService housekeeping;
  private volatile List<String> alarms = List.of();

  public Agent(EdgeConfig config, AgentPlan plan, EdgeMetrics metrics, Clock clock) {
    this(config, plan, metrics, clock, J2modLink::new);
  }

  /** With a custom link factory (tests, benchmarks). */
  public Agent(
      EdgeConfig config,
      AgentPlan plan,
      EdgeMetrics metrics,
      Clock clock,
      Function<Gateway, ModbusLink> links) {
    this.config = config;
    this.plan = plan;
    this.metrics = metrics;
    this.clock = clock;
    this.links = links;
    this.siteId = plan.site().id();
    this.agentId = plan.agent().id();
    this.instrumentStatusTopic = Topics.control(siteId, ControlKind.INSTRUMENT_STATUS);
    this.instruments = new InstrumentStatuses();
    this.quality = new QualityAssessor(plan.site().timeZone(), instruments);
  }

  public synchronized Agent start() {
    queue =
        new DiskQueue(
            config.dataDir().resolve("queue"),
            config.segmentBytes(),
            config.queueMaxBytes(),
            (first, end) -> sequences.checkpoint());
    if (queue.truncatedOnOpen() > 0) {
      LOG.warn("disk queue: cut {} bytes of a torn tail after a crash", queue.truncatedOnOpen());
    }
    sequences = new SequenceStore(config.dataDir().resolve("seq"), queue.maxSeqOnOpen());
    metrics.bindQueue(queue);

    String statusTopic = Topics.status(siteId, agentId);
    broker =
        new BrokerConnection(
            config.broker(),
            statusTopic,
            () -> WireCodec.encode(status(AgentState.ONLINE)),
            WireCodec.encode(status(AgentState.OFFLINE)),
            plan.mqttTopics(),
            List.of(instrumentStatusTopic),
            new BrokerConnection.Listener() {
              @Override
              public void connected(long generation) {}

              @Override
              public void disconnected(String reason) {}

              @Override
              public void message(String topic, byte[] payload) {
                if (topic.equals(instrumentStatusTopic)) {
                  onInstrumentStatus(payload);
                } else {
                  onNative(topic, payload);
                }
              }
            });
    publisher =
        new Publisher(
            queue,
            broker,
            config.broker().maxInflight(),
            config.broker().replayRatePerSecond(),
            config.batch(),
            (readings, batch, latency, replayed) ->
                metrics.acked(latency, replayed, readings, batch));
    housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cw-edge-housekeeping");
              t.setDaemon(true);
              return t;
            });
    long commitMicros = config.commitInterval().toNanos() / 1000;
    housekeeping.scheduleWithFixedDelay(
        this::commit, commitMicros, commitMicros, TimeUnit.MICROSECONDS);
    housekeeping.scheduleWithFixedDelay(this::checkAlarms, 1, 1, TimeUnit.SECONDS);
    indexNative(plan);
    broker.start();
    publisher.start();
    startWorkers(plan);
    LOG.info(
        "agent {}/{} started: {} Modbus devices on {} gateways, {} MQTT-native meters",
        siteId,
        agentId,
        plan.deviceCount(),
        plan.devices().size(),
        plan.mqttMeters().size());
    return this;
  }

  private void commit() {
    try {
      queue.commit();
    } catch (RuntimeException e) {
      LOG.error("disk queue commit failed: {}", e.toString());
    }
  }

  private void startWorkers(AgentPlan p) {
    DevicePoller poller =
        new DevicePoller(clock, (m, latency, failure) -> metrics.request(latency, failure));
    for (var e : p.devices().entrySet()) {
      GatewayWorker w =
          new GatewayWorker(
              e.getKey(),
              e.getValue(),
              links.apply(e.getKey()),
              poller,
              this::onPoll,
              metrics::poll);
      workers.add(w);
      w.start();
    }
  }

  private void stopWorkers() {
    for (GatewayWorker w : workers) {
      w.close();
    }
    workers.clear();
  }

  /**
   * Applies a new plan (the site model changed). The agent's identity (site, agent id) must stay
   * the same; the queue and the broker connection are kept, so buffered data is not touched.
   */
  public synchronized void reload(AgentPlan next) {
    if (!next.site().id().equals(siteId) || !next.agent().id().equals(agentId)) {
      throw new IllegalArgumentException(
          "reload: the agent is "
              + siteId
              + "/"
              + agentId
              + "; the new site model would make it "
              + next.site().id()
              + "/"
              + next.agent().id()
              + " (restart the agent for that)");
    }
    stopWorkers();
    this.plan = next;
    this.quality = new QualityAssessor(next.site().timeZone(), instruments);
    indexNative(next);
    broker.subscriptions(next.mqttTopics());
    startWorkers(next);
    broker.republishStatus();
    metrics.reload(true);
    LOG.info("site model reloaded ({}): {} devices", next.configHash(), next.deviceCount());
  }

  private void indexNative(AgentPlan p) {
    Map<String, List<Meter>> byTopic = new java.util.HashMap<>();
    for (Meter m : p.mqttMeters()) {
      byTopic.computeIfAbsent(((MqttAcquisition) m.read()).topic(), k -> new ArrayList<>()).add(m);
    }
    nativeByTopic = Map.copyOf(byTopic);
  }

  // ---- readings -------------------------------------------------------------------------------

  private void onPoll(DeviceSpec spec, PollResult r) {
    Meter meter = spec.meter();
    List<ReadingValue> values = new ArrayList<>(meter.channels().size());
    QualityAssessor q = quality;
    for (Channel c : meter.channels()) {
      FieldOutcome o = r.channels().get(c.id());
      if (o == null) {
        continue;
      }
      if (!o.ok()) {
        values.add(
            o.failure() == Quality.DEVICE_EXCEPTION
                ? ReadingValue.deviceException(c.id(), c.unit(), o.exceptionCode())
                : ReadingValue.missing(c.id(), c.unit(), o.failure()));
      } else {
        DeviceSpec.Binding b = spec.bindings().get(c.id());
        Double min = b.field().min() == null ? null : b.field().min() * b.unitFactor();
        Double max = b.field().max() == null ? null : b.field().max() * b.unitFactor();
        Quality quality = q.assess(meter, c, min, max, o.value(), r.time());
        values.add(new ReadingValue(c.id(), o.value(), c.unit(), quality, null));
      }
    }
    enqueue(meter.id(), r.time(), values);
  }

  private void enqueue(String meterId, Instant time, List<ReadingValue> values) {
    if (values.isEmpty()) {
      return;
    }
    long seq = sequences.next(meterId);
    Reading reading = new Reading(siteId, agentId, meterId, seq, time, values);
    queue.append(
        Topics.readings(siteId, agentId, meterId), meterId, seq, WireCodec.encode(reading));
    metrics.reading();
  }

  private void onNative(String topic, byte[] payload) {
    try {
      mapNative(topic, payload);
    } catch (RuntimeException e) {
      // an exception here would make Paho drop the connection
      LOG.error("MQTT-native message on {} not handled: {}", topic, e.toString(), e);
    }
  }

  /**
   * The site's retained instrument-status: replaces the live calibration state. A message that does
   * not decode is logged, counted and ignored; the last good state stays.
   */
  private void onInstrumentStatus(byte[] payload) {
    try {
      InstrumentStatusControl c = WireCodec.decodeInstrumentStatusControl(payload);
      instruments.replace(c);
      LOG.info(
          "{}: live calibration state of {} instruments applied",
          instrumentStatusTopic,
          c.instruments().size());
    } catch (RuntimeException e) {
      // WireFormatException and friends; never let it reach Paho (it would drop the connection)
      metrics.controlRejected();
      LOG.warn(
          "{}: message ignored, the last good calibration state stays: {}",
          instrumentStatusTopic,
          e.getMessage());
    }
  }

  /** MQTT topic filter matching: {@code +} one level, {@code #} the rest. */
  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }

  private void mapNative(String topic, byte[] payload) {
    List<Meter> meters = nativeByTopic.get(topic);
    if (meters == null) {
      meters = new ArrayList<>();
      for (var e : nativeByTopic.entrySet()) {
        if (matches(e.getKey(), topic)) {
          meters.addAll(e.getValue());
        }
      }
      if (meters.isEmpty()) {
        return;
      }
    }
    Instant received = clock.instant();
    for (Meter m : meters) {
      try {
        NativeMessage msg =
            ((MqttAcquisition) m.read()).format() == io.carbonwatch.core.site.MqttFormat.READING
                ? fromReading(m, payload)
                : nativeMapper.map(m, payload, received);
        List<ReadingValue> values = new ArrayList<>();
        QualityAssessor q = quality;
        for (Channel c : m.channels()) {
          Double v = msg.values().get(c.id());
          if (v != null) {
            values.add(
                new ReadingValue(
                    c.id(), v, c.unit(), q.assess(m, c, null, null, v, msg.time()), null));
          }
        }
        enqueue(m.id(), msg.time(), values);
        metrics.nativeMessage(true);
      } catch (NativeMeterMapper.Unparsable e) {
        metrics.nativeMessage(false);
        String text = new String(payload, StandardCharsets.UTF_8);
        DeadLetter d =
            new DeadLetter(
                siteId, agentId, "meter " + m.id() + " " + e.getMessage(), topic, text, received);
        queue.append(Topics.deadLetter(siteId, agentId), "", 0, WireCodec.encode(d));
      }
    }
  }

  /**
   * A meter that already speaks the wire format: the payload must be a valid Reading of this meter
   * in the channels' units; it is republished under the agent's own sequence for the meter.
   */
  private static NativeMessage fromReading(Meter m, byte[] payload)
      throws NativeMeterMapper.Unparsable {
    Reading r;
    try {
      r = WireCodec.decodeReading(payload);
    } catch (RuntimeException e) {
      throw new NativeMeterMapper.Unparsable("payload: " + e.getMessage());
    }
    if (!r.meter().equals(m.id())) {
      throw new NativeMeterMapper.Unparsable("meter: expected " + m.id() + ", got " + r.meter());
    }
    java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
    for (ReadingValue v : r.values()) {
      Channel c =
          m.channel(v.channel())
              .orElseThrow(
                  () -> new NativeMeterMapper.Unparsable("values: unknown channel " + v.channel()));
      if (!c.unit().equals(v.unit())) {
        throw new NativeMeterMapper.Unparsable(
            "values[" + v.channel() + "].unit: expected " + c.unit() + ", got " + v.unit());
      }
      if (v.value() != null) {
        values.put(v.channel(), v.value());
      }
    }
    return new NativeMessage(m.id(), r.time(), values);
  }

  // ---- status ---------------------------------------------------------------------------------

  private AgentStatus status(AgentState state) {
    return new AgentStatus(
        siteId, agentId, state, config.version(), plan.configHash(), clock.instant(), alarms);
  }

  private void checkAlarms() {
    try {
      List<String> now = new ArrayList<>();
      if (queue.dropped() > 0) {
        now.add("queue_dropped_oldest");
      }
      if (queue.bytes() > config.queueMaxBytes() * 0.8) {
        now.add("queue_high");
      }
      if (!now.equals(alarms)) {
        alarms = List.copyOf(now);
        LOG.warn("agent alarms now {}", alarms);
        broker.republishStatus();
      }
    } catch (RuntimeException e) {
      LOG.warn("alarm check: {}", e.toString());
    }
  }

  // ---- accessors ------------------------------------------------------------------------------

  public DiskQueue queue() {
    return queue;
  }

  public SequenceStore sequences() {
    return sequences;
  }

  public boolean brokerConnected() {
    return broker != null && broker.connected();
  }

  public AgentPlan plan() {
    return plan;
  }

  public List<String> alarms() {
    return alarms;
  }

  public Set<String> gatewayIds() {
    Set<String> out = new HashSet<>();
    for (GatewayWorker w : workers) {
      out.add(w.gateway().id());
    }
    return out;
  }

  @Override
  public synchronized void close() {
    stopWorkers();
    if (housekeeping != null) {
      // shutdown(), not shutdownNow(): interrupting a commit would close the queue's channel
      housekeeping.shutdown();
      try {
        housekeeping.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (publisher != null) {
      publisher.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (queue != null) {
      queue.commit();
      synchronized (queue) {
        sequences.checkpoint();
      }
      queue.close();
    }
  }
}
