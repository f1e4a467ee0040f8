package io.carbonwatch.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A Debian server (Mosquitto, influxd) run as a child process with a generated config file and its
 * log under its own demo dir; subclasses say what to run and when it is ready.
 */
abstract class ServerComponent implements DemoComponent {
  final DebianPackages packages;
  final Path dir;
  final int port;
  private ChildProcess process;

  ServerComponent(DebianPackages packages, Path dir, int port) {
    this.packages = packages;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Writes {@code config} to {@code dir/configName}, starts {@code command} (the config file's path
   * appended) with its output in {@code dir/logName}, and waits until {@code ready}.
   *
   * @param stopGrace how long {@link #close()} waits after SIGTERM before SIGKILL
   */
  final void launch(
      List<String> command,
      String configName,
      String config,
      String logName,
      Duration stopGrace,
      Duration readyTimeout,
      BooleanSupplier ready)
      throws IOException {
    Files.createDirectories(dir);
    Path conf = dir.resolve(configName);
    Files.writeString(conf, config, StandardCharsets.UTF_8);
    List<String> full = new ArrayList<>(command);
    full.add(conf.toString());
    process = ChildProcess.start(name(), full, dir, dir.resolve(logName), stopGrace);
    process.awaitReady(readyTimeout, ready);
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }
}
