package io.carbonwatch.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * What every testkit server keeps between starts: its temp dir and log, its child process (for the
 * servers that run one themselves), and how long the last start took. The servers differ only in
 * how they launch and when they count as ready, so the rest of the lifecycle lives here once.
 *
 * <p>Not thread-safe on its own: every server calls it while holding its own lock.
 */
final class ServerRuntime {

  private static final int BIND_ATTEMPTS = 5;

  /** One start of the server; {@code first} when its temp dir was just made (ports may change). */
  interface Launch {
    void run(boolean first);
  }

  private final String name;
  private final String tempPrefix;
  private final String logName;

  private Path workDir;
  private Path logFile;
  private Process process;
  private Duration lastStartDuration = Duration.ZERO;

  /**
   * @param name the server as messages name it ({@code influxd}, {@code PostgreSQL})
   * @param tempPrefix the temp dir's prefix after {@code carbonwatch-}
   * @param logName the log file's name in the temp dir
   */
  ServerRuntime(String name, String tempPrefix, String logName) {
    this.name = name;
    this.tempPrefix = tempPrefix;
    this.logName = logName;
  }

  /**
   * Makes the temp dir on the first start, runs {@code launch}, and records and logs how long it
   * took. A failed first start deletes the temp dir: the failure message already carries the log
   * tail, and no half-made server is left behind.
   */
  void start(String server, Launch launch, Supplier<String> where) {
    long t0 = System.nanoTime();
    boolean first = workDir == null;
    if (first) {
      workDir = Processes.tempDir(tempPrefix);
      logFile = workDir.resolve(logName);
    }
    try {
      launch.run(first);
    } catch (RuntimeException e) {
      if (first) {
        deleteWorkDir();
      }
      throw e;
    }
    lastStartDuration = Duration.ofNanos(System.nanoTime() - t0);
    Processes.logStarted(server, where.get(), lastStartDuration);
  }

  /**
   * Spawns the child and waits until it is ready. With {@code mayChangePorts} (a first start) it
   * picks fresh ports and, if another process took one between the probe and the child's bind (the
   * log says {@code addressInUse}), tries again; otherwise it waits for the kept ports to be free
   * and fails on the first error.
   *
   * @param awaitReady gets the log's size before the spawn, so it reads only this run's log
   */
  void launchWithRetries(
      boolean mayChangePorts,
      Runnable pickPorts,
      BooleanSupplier portsFree,
      Supplier<Process> spawn,
      LongConsumer awaitReady,
      long failKillMillis,
      String addressInUse) {
    ServerStartException last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      if (mayChangePorts) {
        pickPorts.run();
      } else {
        waitUntil(portsFree);
      }
      long logOffset = logSize();
      process = spawn.get();
      try {
        awaitReady.accept(logOffset);
        return;
      } catch (ServerStartException e) {
        Processes.kill(process, failKillMillis);
        process = null;
        last = e;
        String log = Processes.readLog(logFile, logOffset);
        if (!mayChangePorts || !log.contains(addressInUse)) {
          throw e;
        }
        // someone took a port between our probe and the child's bind: try again
      }
    }
    throw last;
  }

  /**
   * Polls {@code ready} until it holds, the child exits or {@code timeout} passes.
   *
   * @param exitDetail added after the exit code in the message (where it listened)
   * @param notReady what the timeout message says did not happen
   */
  void awaitReady(
      Duration timeout,
      long pollMillis,
      BooleanSupplier ready,
      String exitDetail,
      Path configFile,
      Supplier<String> notReady) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new ServerStartException(
            name
                + " exited with code "
                + process.exitValue()
                + exitDetail
                + "; config "
                + configFile
                + "; log tail:\n"
                + logTail());
      }
      if (ready.getAsBoolean()) {
        return;
      }
      Processes.sleep(pollMillis);
    }
    throw new ServerStartException(
        notReady.get() + " within " + timeout.toSeconds() + " s; log tail:\n" + logTail());
  }

  private static void waitUntil(BooleanSupplier portsFree) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (portsFree.getAsBoolean()) {
        return;
      }
      Processes.sleep(50);
    }
  }

  private long logSize() {
    try {
      return Files.exists(logFile) ? Files.size(logFile) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** SIGTERM, then SIGKILL after {@code graceMillis}; ports and temp dir are kept. */
  void stop(long graceMillis) {
    Processes.kill(process, graceMillis);
    process = null;
  }

  void deleteWorkDir() {
    Processes.deleteRecursively(workDir);
    workDir = null;
  }

  /** The temp dir, or null before the first start and after close. */
  Path workDir() {
    return workDir;
  }

  boolean started() {
    return workDir != null;
  }

  void requireStarted() {
    if (workDir == null) {
      throw new IllegalStateException(name + " has not been started: call start() first");
    }
  }

  Path logFile() {
    requireStarted();
    return logFile;
  }

  String logTail() {
    return Processes.tail(logFile, 40);
  }

  Duration lastStartDuration() {
    return lastStartDuration;
  }
}
