package io.carbonwatch.api.alerts;

import io.carbonwatch.api.live.LiveUpdate;
import io.carbonwatch.api.sites.AgentStatuses;
import io.carbonwatch.core.wire.AgentStatus;
import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.core.wire.WireFormatException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's MQTT adapter: takes alert events ({@code cw/v1/+/alerts}, QoS 1) into the alert store
 * and live samples ({@code cw/v1/+/live/+}) onto the event bus, keeps the edge agents' retained
 * status ({@code cw/v1/+/status/+}), and publishes retained control messages. Alert messages are
 * acknowledged to the broker only after they are stored (manual acks), so a crash between receipt
 * and commit means redelivery, which the store ignores if it already has the event.
 */
public final class MqttBridge extends VerticleBase implements ControlPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
  public static final String ALERTS_FILTER = "cw/v1/+/alerts";
  public static final String LIVE_FILTER = "cw/v1/+/live/+";
  public static final String SITE_MODEL_FILTER = "cw/v1/+/control/site-model";
  public static final String STATUS_FILTER = "cw/v1/+/status/+";

  /** Event-bus address of site-model control messages (body: the canonical site-model JSON). */
  public static final String SITE_MODEL_ADDRESS = "cw.control.site-model";

  private final String uri;
  private final String clientId;
  private final AlertService alerts;
  private final AgentStatuses statuses;
  private final Counter rejected;
  private final Counter live;
  private final AtomicBoolean connected = new AtomicBoolean();
  private MqttAsyncClient client;
  private Context ctx;

  public MqttBridge(
      String uri,
      String clientId,
      AlertService alerts,
      AgentStatuses statuses,
      MeterRegistry registry) {
    this.uri = uri;
    this.clientId = clientId;
    this.alerts = alerts;
    this.statuses = statuses;
    this.rejected =
        Counter.builder("api.mqtt.rejected")
            .description("MQTT messages the API could not parse (dead-lettered)")
            .baseUnit("messages")
            .register(registry);
    this.live =
        Counter.builder("api.live.samples")
            .description("Live samples received for push to browsers")
            .baseUnit("samples")
            .register(registry);
  }

  public boolean isConnected() {
    return connected.get();
  }

  @Override
  public Future<?> start() {
    ctx = context;
    return vertx.executeBlocking(
        () -> {
          client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
          client.setManualAcks(true);
          client.setCallback(new Callback());
          MqttConnectionOptions o = new MqttConnectionOptions();
          o.setCleanStart(false);
          o.setSessionExpiryInterval(3600L);
          o.setAutomaticReconnect(true);
          o.setAutomaticReconnectDelay(1, 10);
          o.setConnectionTimeout(10);
          o.setReceiveMaximum(1000);
          client.connect(o).waitForCompletion(15_000);
          return null;
        });
  }

  @Override
  public Future<?> stop() {
    return vertx.executeBlocking(
        () -> {
          if (client != null) {
            try {
              if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
              }
            } finally {
              client.close(true);
            }
          }
          return null;
        });
  }

  private void subscribe() {
    try {
      client.subscribe(
          new MqttSubscription[] {
            new MqttSubscription(ALERTS_FILTER, 1),
            new MqttSubscription(LIVE_FILTER, 0),
            new MqttSubscription(SITE_MODEL_FILTER, 1),
            new MqttSubscription(STATUS_FILTER, 1)
          },
          null,
          null,
          new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
            this::onAlert, this::onLive, this::onSiteModel, this::onStatus
          },
          new MqttProperties());
    } catch (MqttException e) {
      LOG.error("Subscribing to {} failed", ALERTS_FILTER, e);
    }
  }

  private void onAlert(String topic, MqttMessage msg) {
    String payload = new String(msg.getPayload(), StandardCharsets.UTF_8);
    ctx.runOnContext(
        v -> {
          AlertEvent e;
          try {
            e = WireCodec.decodeAlertEvent(msg.getPayload());
            String topicSite = topic.split("/")[2];
            if (!topicSite.equals(e.site())) {
              throw new IllegalArgumentException(
                  "site: '" + e.site() + "' does not match topic site '" + topicSite + "'");
            }
          } catch (WireFormatException | IllegalArgumentException ex) {
            rejected.increment();
            deadLetter(topic, payload, ex.getMessage());
            ack(msg);
            return;
          }
          alerts
              .ingest(e, payload)
              .onSuccess(changed -> ack(msg))
              // Not acked: the broker redelivers after reconnect; the store is idempotent.
              .onFailure(ex -> LOG.error("Storing alert {} failed", e.alertId(), ex));
        });
  }

  /** A new site model (retained): the instrument ledger is resynchronised from it. */
  private void onSiteModel(String topic, MqttMessage msg) {
    try {
      var control = WireCodec.decodeSiteModelControl(msg.getPayload());
      vertx.eventBus().publish(SITE_MODEL_ADDRESS, control.siteModelJson());
    } catch (WireFormatException | IllegalArgumentException e) {
      rejected.increment();
      LOG.warn("Rejected {}: {}", topic, e.getMessage());
    } finally {
      ack(msg);
    }
  }

  /** An edge agent's retained status (online, or the offline last-will). */
  private void onStatus(String topic, MqttMessage msg) {
    try {
      AgentStatus s = WireCodec.decodeAgentStatus(msg.getPayload());
      String[] parts = topic.split("/");
      if (!parts[2].equals(s.site()) || !parts[4].equals(s.agent())) {
        throw new IllegalArgumentException(
            "site/agent: '" + s.site() + "/" + s.agent() + "' does not match topic " + topic);
      }
      statuses.put(s);
    } catch (WireFormatException | IllegalArgumentException e) {
      rejected.increment();
      LOG.warn("Rejected {}: {}", topic, e.getMessage());
    } finally {
      ack(msg);
    }
  }

  private void onLive(String topic, MqttMessage msg) {
    JsonObject sample;
    try {
      WireCodec.decodeLiveSample(msg.getPayload());
      sample = new JsonObject(new String(msg.getPayload(), StandardCharsets.UTF_8));
    } catch (WireFormatException
        | IllegalArgumentException
        | DecodeException
        | ClassCastException e) {
      rejected.increment();
      return;
    }
    String site = topic.split("/")[2];
    if (!site.equals(sample.getString("site"))) {
      rejected.increment();
      return;
    }
    live.increment();
    vertx.eventBus().publish(LiveUpdate.ADDRESS, new LiveUpdate(site, "live", sample.encode()));
  }

  private void ack(MqttMessage msg) {
    try {
      client.messageArrivedComplete(msg.getId(), msg.getQos());
    } catch (MqttException e) {
      LOG.warn("Acknowledging MQTT message {} failed: {}", msg.getId(), e.getMessage());
    }
  }

  private void deadLetter(String topic, String payload, String reason) {
    String site = topic.split("/").length > 2 ? topic.split("/")[2] : "unknown";
    JsonObject dl =
        new JsonObject()
            .put("v", 1)
            .put("site", site)
            .put("component", "api")
            .put("reason", reason)
            .put("topic", topic)
            .put("payload", payload.length() > 65536 ? payload.substring(0, 65536) : payload)
            .put("time", Instant.now().toString());
    LOG.warn("Rejected {}: {}", topic, reason);
    publish("cw/v1/" + site + "/deadletter/api", dl.encode(), 1, false);
  }

  @Override
  public Future<Void> publishRetained(String topic, String payload) {
    return publish(topic, payload, 1, true);
  }

  private Future<Void> publish(String topic, String payload, int qos, boolean retained) {
    Promise<Void> p = Promise.promise();
    try {
      MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
      m.setQos(qos);
      m.setRetained(retained);
      client.publish(
          topic,
          m,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
              p.tryComplete();
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
              p.tryFail(e);
            }
          });
    } catch (MqttException | RuntimeException e) {
      p.tryFail(e);
    }
    return p.future();
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse r) {
      connected.set(false);
      LOG.warn("MQTT disconnected: {}", r.getReasonString());
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      LOG.warn("MQTT error: {}", e.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // Delivered to the per-subscription listeners.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
      connected.set(true);
      subscribe();
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
