package io.carbonwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissingBinaryTest {

  private final String sudo = "root".equals(System.getProperty("user.name")) ? "" : "sudo ";

  @Test
  void missingMosquittoFailsWithTheInstallCommandInBothLanguages(@TempDir Path empty) {
    MosquittoServer broker = new MosquittoServer();
    broker.searchPath = empty.toString();

    assertThatThrownBy(broker::start)
        .isInstanceOf(MissingBinaryException.class)
        .hasMessage(
            "mosquitto not found: run '"
                + sudo
                + "apt-get install -y mosquitto' / 未找到 mosquitto，请运行 '"
                + sudo
                + "apt-get install -y mosquitto'");
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void missingInfluxdFailsWithTheInstallCommandInBothLanguages(@TempDir Path empty) {
    InfluxServer influx = new InfluxServer();
    influx.searchPath = empty.toString();

    assertThatThrownBy(influx::start)
        .isInstanceOfSatisfying(
            MissingBinaryException.class,
            e -> {
              assertThat(e.binary()).isEqualTo("influxd");
              assertThat(e.installCommand()).isEqualTo(sudo + "apt-get install -y influxdb");
            })
        .hasMessageContaining("未找到 influxd，请运行 '" + sudo + "apt-get install -y influxdb'");
  }

  @Test
  void missingOpensslForTlsNamesTheOpensslPackage(@TempDir Path dir) throws Exception {
    // mosquitto is found (symlinked), openssl is not
    java.nio.file.Files.createSymbolicLink(
        dir.resolve("mosquitto"),
        Processes.findBinary("mosquitto", "mosquitto", Processes.defaultSearchPath()));
    MosquittoServer broker = MosquittoServer.builder().tls().build();
    broker.searchPath = dir.toString();
    try {
      assertThatThrownBy(broker::start)
          .isInstanceOf(MissingBinaryException.class)
          .hasMessageStartingWith(
              "openssl not found: run '" + sudo + "apt-get install -y openssl'");
    } finally {
      broker.close();
    }
  }
}
