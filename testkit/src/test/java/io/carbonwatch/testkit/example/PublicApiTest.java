package io.carbonwatch.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.MosquittoExtension;
import io.carbonwatch.testkit.PostgresExtension;
import io.carbonwatch.testkit.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uses the testkit from another package, as the other modules do: public API only. */
class PublicApiTest {

  @RegisterExtension static final MosquittoExtension mqtt = MosquittoExtension.shared();
  @RegisterExtension static final InfluxExtension influx = InfluxExtension.shared();
  @RegisterExtension static final PostgresExtension pg = PostgresExtension.shared();

  @Test
  void sharedServersServeClientsFromAnotherPackage(PostgresServer server) throws Exception {
    BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
    MqttClient client = new MqttClient(mqtt.uri(), "public-api", new MemoryPersistence());
    try {
      client.connect();
      client.subscribe(
          new MqttSubscription[] {new MqttSubscription("cw/v1/site/status/#", 1)},
          new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
            (topic, message) ->
                received.add(new String(message.getPayload(), StandardCharsets.UTF_8))
          });
      MqttMessage m = new MqttMessage("online".getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      client.publish("cw/v1/site/status/agent-1", m);
      assertThat(received.poll(15, TimeUnit.SECONDS)).isEqualTo("online");
      client.disconnect();
    } finally {
      client.close(true);
    }

    influx.createDatabase("public_api");
    assertThat(
            influx.query(
                "public_api",
                "SELECT * FROM nothing WHERE time >= '2026-01-01T00:00:00Z'"
                    + " AND time < '2026-01-02T00:00:00Z'"))
        .isEmpty();

    assertThat(server).isSameAs(pg.server());
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }
}
