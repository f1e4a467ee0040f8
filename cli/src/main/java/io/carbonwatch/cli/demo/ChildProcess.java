package io.carbonwatch.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server the demo runs as a child process: output goes to a log file, readiness is polled, and
 * {@link #close()} sends SIGTERM, waits, then SIGKILLs and waits again — so nothing outlives the
 * demo. Descendants are stopped too, in case a server forks.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Path logFile;
  private final Duration stopGrace;
  private final Process process;

  private ChildProcess(String name, Path logFile, Duration stopGrace, Process process) {
    this.name = name;
    this.logFile = logFile;
    this.stopGrace = stopGrace;
    this.process = process;
  }

  static ChildProcess start(
      String name, List<String> command, Path workDir, Path logFile, Duration stopGrace) {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // e.g. INFLUXDB_HTTP_BIND_ADDRESS would silently override the config file
    pb.environment().keySet().removeIf(k -> k.startsWith("INFLUXDB_"));
    try {
      Process p = pb.start();
      // lets the next demo start stop this server if the JVM dies without its shutdown hook
      Files.writeString(workDir.resolve(name + ".pid"), Long.toString(p.pid()));
      return new ChildProcess(name, logFile, stopGrace, p);
    } catch (IOException e) {
      throw new DemoException(
          name + ": cannot start " + command + ": " + e.getMessage() + " / 无法启动 " + name, e);
    }
  }

  /**
   * Stops servers a previous demo left behind under {@code dataDir} (its JVM was killed with
   * SIGKILL, so no shutdown hook ran): every {@code *.pid} file one level down whose process is
   * alive and whose command line mentions {@code dataDir}. Returns how many were stopped.
   */
  static int stopLeftovers(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      return 0;
    }
    List<Path> pidFiles;
    try (var walk = Files.walk(dataDir, 3)) {
      // ours (mosquitto/mosquitto.pid, influxdb/influxd.pid) and PostgreSQL's postmaster.pid
      pidFiles = walk.filter(f -> f.getFileName().toString().endsWith(".pid")).toList();
    }
    int stopped = 0;
    for (Path pidFile : pidFiles) {
      long pid;
      try {
        pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      } catch (RuntimeException e) {
        continue;
      }
      var handle = ProcessHandle.of(pid);
      if (handle.isPresent()
          && handle.get().isAlive()
          && handle.get().info().commandLine().orElse("").contains(dataDir.toString())) {
        handle.get().destroy();
        if (!waitFor(handle.get(), Duration.ofSeconds(10))) {
          handle.get().destroyForcibly();
          waitFor(handle.get(), Duration.ofSeconds(5));
        }
        stopped++;
      }
    }
    return stopped;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code ready} holds; fails with the log tail if the process exits or times out. */
  void awaitReady(Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new DemoException(
            name
                + " exited with code "
                + process.exitValue()
                + " / "
                + name
                + " 已退出; log "
                + logFile
                + ":\n"
                + logTail(40));
      }
      if (ready.getAsBoolean()) {
        return;
      }
      sleep(50);
    }
    close();
    throw new DemoException(
        name
            + " was not ready within "
            + timeout.toSeconds()
            + " s / "
            + name
            + " 未能在 "
            + timeout.toSeconds()
            + " 秒内就绪; log "
            + logFile
            + ":\n"
            + logTail(40));
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    if (!waitFor(process.toHandle(), stopGrace)) {
      process.destroyForcibly();
      waitFor(process.toHandle(), Duration.ofSeconds(5));
    }
    for (ProcessHandle d : descendants) {
      if (d.isAlive()) {
        d.destroyForcibly();
        waitFor(d, Duration.ofSeconds(5));
      }
    }
  }

  private static boolean waitFor(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted / 已中断", e);
    }
  }
}
