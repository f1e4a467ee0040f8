package io.carbonwatch.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's InfluxDB 1.x ({@code influxd}) as a child process with its data under the demo dir. */
final class InfluxComponent extends ServerComponent {
  private final int rpcPort;

  InfluxComponent(DebianPackages packages, Path dir, int port, int rpcPort) {
    super(packages, dir, port);
    this.rpcPort = rpcPort;
  }

  @Override
  public String name() {
    return "influxd";
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void start() throws IOException {
    Path binary = packages.require("influxd", "influxdb");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    launch(
        List.of(binary.toString(), "run", "-config"),
        "influxdb.conf",
        config(),
        "influxd.log",
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        () -> pings(http));
  }

  private boolean pings(HttpClient http) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/ping"))
                  .timeout(Duration.ofMillis(500))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Loopback only, no usage reporting, no _internal database, no extra listeners. */
  String config() {
    String d = dir.toAbsolutePath().toString();
    return "reporting-enabled = false\n"
        + "bind-address = \"127.0.0.1:"
        + rpcPort
        + "\"\n"
        + "[meta]\n  dir = \""
        + d
        + "/meta\"\n"
        + "[data]\n  dir = \""
        + d
        + "/data\"\n  wal-dir = \""
        + d
        + "/wal\"\n  index-version = \"inmem\"\n  query-log-enabled = false\n"
        + "[monitor]\n  store-enabled = false\n"
        + "[http]\n  bind-address = \"127.0.0.1:"
        + port
        + "\"\n  auth-enabled = false\n  log-enabled = false\n"
        + "[logging]\n  suppress-logo = true\n"
        + "[subscriber]\n  enabled = false\n"
        + "[[graphite]]\n  enabled = false\n"
        + "[[collectd]]\n  enabled = false\n"
        + "[[opentsdb]]\n  enabled = false\n"
        + "[[udp]]\n  enabled = false\n";
  }

  @Override
  public String describe() {
    return "InfluxDB 1.x  " + url() + "   (database carbonwatch, data " + dir + ")";
  }
}
