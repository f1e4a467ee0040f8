package io.carbonwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MosquittoServerTest {

  @RegisterExtension static final MosquittoExtension mqtt = new MosquittoExtension();

  @Test
  void deliversQos1MessageFromPublisherToSubscriber() throws Exception {
    try (MqttProbe sub = new MqttProbe(mqtt.uri(), "sub-basic").connect(MqttProbe.options());
        MqttProbe pub = new MqttProbe(mqtt.uri(), "pub-basic").connect(MqttProbe.options())) {
      sub.subscribe("cw/v1/plant-1/readings/#", 1);

      pub.publish("cw/v1/plant-1/readings/agent-1/meter-7", "{\"energyKwh\":12.5}", 1);

      MqttProbe.Received r = sub.next();
      assertThat(r).isNotNull();
      assertThat(r.topic()).isEqualTo("cw/v1/plant-1/readings/agent-1/meter-7");
      assertThat(r.payload()).isEqualTo("{\"energyKwh\":12.5}");
      assertThat(r.qos()).isEqualTo(1);
    }
  }

  @Test
  void uriPointsAtLoopbackPort() {
    assertThat(mqtt.uri()).isEqualTo("tcp://127.0.0.1:" + mqtt.port());
    assertThat(mqtt.host()).isEqualTo("127.0.0.1");
    assertThat(Processes.canConnect(mqtt.port())).isTrue();
  }

  @Test
  void queuesMoreThanMosquittosDefaultLimitForAnOfflineSubscriber() throws Exception {
    // Mosquitto's default max_queued_messages is 1000: with it, 1500 messages would arrive as
    // about 1020 and the rest would vanish without an error.
    int count = 1500;
    MqttConnectionOptions persistentSession = MqttProbe.options();
    persistentSession.setCleanStart(false);
    persistentSession.setSessionExpiryInterval(600L);
    persistentSession.setAutomaticReconnect(false);
    try (MqttProbe sub = new MqttProbe(mqtt.uri(), "sub-offline")) {
      sub.connect(persistentSession).subscribe("queue/test", 1);
      sub.client.disconnect();
      try (MqttProbe pub = new MqttProbe(mqtt.uri(), "pub-burst").connect(MqttProbe.options())) {
        for (int i = 0; i < count; i++) {
          pub.publish("queue/test", Integer.toString(i), 1);
        }
      }
      sub.connect(persistentSession);

      Set<String> payloads = new HashSet<>();
      MqttProbe.Received r;
      while (payloads.size() < count && (r = sub.received.poll(5, TimeUnit.SECONDS)) != null) {
        payloads.add(r.payload());
      }
      assertThat(payloads).hasSize(count);
    }
  }

  @Test
  void restartKeepsPortAndClientsReconnect() throws Exception {
    try (MosquittoServer broker = new MosquittoServer().start();
        MqttProbe sub = new MqttProbe(broker.uri(), "sub-restart").connect(MqttProbe.options());
        MqttProbe pub = new MqttProbe(broker.uri(), "pub-restart").connect(MqttProbe.options())) {
      sub.subscribe("outage/#", 1);
      assertThat(sub.connects.poll(5, TimeUnit.SECONDS)).isFalse();
      int port = broker.port();

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      assertThat(Processes.canConnect(port)).isFalse();
      broker.restart();

      assertThat(broker.port()).isEqualTo(port);
      assertThat(broker.isRunning()).isTrue();
      assertThat(sub.connects.poll(20, TimeUnit.SECONDS)).as("subscriber reconnected").isTrue();
      awaitConnected(pub);
      pub.publish("outage/after", "back", 1);
      MqttProbe.Received r = sub.next();
      assertThat(r).as("message after restart; broker log:\n%s", broker.logTail()).isNotNull();
      assertThat(r.payload()).isEqualTo("back");
      assertThat(sub.errors).isEmpty();
    }
  }

  @Test
  void refusesAnonymousClientsWhenCredentialsAreConfigured() throws Exception {
    try (MosquittoServer broker =
        MosquittoServer.builder().credentials("meter", "s3cret").build().start()) {
      MqttConnectionOptions anonymous = MqttProbe.options();
      anonymous.setAutomaticReconnect(false);
      try (MqttProbe probe = new MqttProbe(broker.uri(), "anon")) {
        assertThatThrownBy(() -> probe.connect(anonymous)).isInstanceOf(MqttException.class);
      }

      MqttConnectionOptions withPassword = MqttProbe.options();
      withPassword.setUserName(broker.username().orElseThrow());
      withPassword.setPassword(broker.password().orElseThrow().getBytes());
      try (MqttProbe probe = new MqttProbe(broker.uri(), "authed").connect(withPassword)) {
        probe.subscribe("auth/#", 1);
        probe.publish("auth/x", "ok", 1);
        assertThat(probe.next().payload()).isEqualTo("ok");
      }
    }
  }

  @Test
  void deliversOverTlsWithTheGeneratedCertificate() throws Exception {
    try (MosquittoServer broker = MosquittoServer.builder().tls().build().start()) {
      MqttConnectionOptions tls = MqttProbe.options();
      tls.setSocketFactory(broker.sslSocketFactory());
      try (MqttProbe probe = new MqttProbe(broker.tlsUri(), "tls").connect(tls)) {
        probe.subscribe("tls/#", 1);
        probe.publish("tls/x", "secret", 1);
        assertThat(probe.next().payload()).isEqualTo("secret");
      }
      assertThat(broker.tlsUri()).isEqualTo("ssl://127.0.0.1:" + broker.tlsPort());
      assertThat(broker.tlsPort()).isNotEqualTo(broker.port());
    }
  }

  @Test
  void generatedConfigLiftsLimitsAndKeepsNoState() {
    String config = mqtt.server().config();
    assertThat(config)
        .contains("listener " + mqtt.port() + " 127.0.0.1\n")
        .contains("allow_anonymous true\n")
        .contains("max_queued_messages 0\n")
        .contains("max_inflight_messages 0\n")
        .contains("persistence false\n");
  }

  @Test
  void failsWithLogTailWhenItsPortIsTakenDuringAnOutage() throws IOException {
    try (MosquittoServer broker = new MosquittoServer().start()) {
      broker.stop();
      try (ServerSocket squatter = new ServerSocket()) {
        squatter.bind(new InetSocketAddress("127.0.0.1", broker.port()));

        assertThatThrownBy(broker::start)
            .isInstanceOf(ServerStartException.class)
            .hasMessageContaining("log tail")
            .hasMessageContaining("Address already in use");
      }
    }
  }

  private static void awaitConnected(MqttProbe probe) throws InterruptedException {
    for (int i = 0; i < 200 && !probe.client.isConnected(); i++) {
      Thread.sleep(50);
    }
    assertThat(probe.client.isConnected()).as("client reconnected").isTrue();
  }
}
