package io.carbonwatch.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's Mosquitto as a child process on a loopback port, configured for the demo. */
final class MosquittoComponent extends ServerComponent {

  MosquittoComponent(DebianPackages packages, Path dir, int port) {
    super(packages, dir, port);
  }

  @Override
  public String name() {
    return "mosquitto";
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void start() throws IOException {
    Path binary = packages.require("mosquitto", "mosquitto");
    Path log = dir.resolve("mosquitto.log");
    launch(
        List.of(binary.toString(), "-c"),
        "mosquitto.conf",
        config(DebianPackages.isRoot()),
        "mosquitto.log",
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        () -> logContains(log, " running") && Ports.canConnect(port));
  }

  /** Loopback only, anonymous, no persistence; limits lifted (the defaults drop messages). */
  String config(boolean runningAsRoot) {
    return (runningAsRoot ? "user root\n" : "")
        + "per_listener_settings false\n"
        + "allow_anonymous true\n"
        + "max_queued_messages 0\n"
        + "max_inflight_messages 0\n"
        + "max_queued_bytes 0\n"
        + "persistence false\n"
        + "set_tcp_nodelay true\n"
        + "log_dest stderr\n"
        + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
        + "connection_messages true\n"
        + "listener "
        + port
        + " 127.0.0.1\n";
  }

  private static boolean logContains(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return "MQTT broker   " + uri() + "   (log " + dir.resolve("mosquitto.log") + ")";
  }
}
