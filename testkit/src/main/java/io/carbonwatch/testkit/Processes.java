package io.carbonwatch.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Child-process plumbing shared by the server launchers. */
final class Processes {

  static final String LOOPBACK = "127.0.0.1";

  /**
   * Every child process still running. This is the one piece of JVM-global state in the testkit: a
   * shutdown hook is JVM-global by nature, and it must see every child so none is orphaned when a
   * test run is interrupted.
   */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Process p : List.copyOf(LIVE)) {
                    kill(p, 2_000);
                  }
                },
                "carbonwatch-testkit-reaper"));
  }

  private Processes() {}

  /** A port that was free a moment ago on 127.0.0.1; callers retry if a race takes it. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Whether nothing listens on the port (a bind succeeds). */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean canConnect(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Where binaries are looked for: the Debian install locations first, then PATH (a non-root PATH
   * often lacks /usr/sbin, where mosquitto lives).
   */
  static String defaultSearchPath() {
    return "/usr/sbin:/usr/bin:"
        + System.getenv().getOrDefault("PATH", "")
        + ":/sbin:/usr/local/bin";
  }

  /** The command that installs a Debian package, with sudo unless we are root. */
  static String aptInstall(String debianPackage) {
    String sudo = "root".equals(System.getProperty("user.name")) ? "" : "sudo ";
    return sudo + "apt-get install -y " + debianPackage;
  }

  /**
   * Finds an executable in a colon-separated search path.
   *
   * @throws MissingBinaryException naming the command that installs {@code debianPackage}
   */
  static Path findBinary(String name, String debianPackage, String searchPath) {
    for (String dir : searchPath.split(":")) {
      if (dir.isBlank()) {
        continue;
      }
      Path p = Paths.get(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new MissingBinaryException(name, aptInstall(debianPackage));
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory("carbonwatch-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for " + prefix, e);
    }
  }

  /** Starts a child whose stdout and stderr are appended to {@code log}. */
  static Process start(List<String> command, Path workDir, Path log) {
    return start(command, workDir, log, null);
  }

  /**
   * Starts a child whose stdout and stderr are appended to {@code log}, without the environment
   * variables starting with {@code dropEnvPrefix} (which would override the generated config).
   */
  static Process start(List<String> command, Path workDir, Path log, String dropEnvPrefix) {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (dropEnvPrefix != null) {
      pb.environment().keySet().removeIf(k -> k.startsWith(dropEnvPrefix));
    }
    try {
      Process p = pb.start();
      LIVE.add(p);
      p.onExit().thenRun(() -> LIVE.remove(p));
      return p;
    } catch (IOException e) {
      throw new ServerStartException("cannot start " + command + ": " + e.getMessage(), e);
    }
  }

  /** SIGTERM, wait up to {@code graceMillis}, then SIGKILL and wait; children of it too. */
  static void kill(Process process, long graceMillis) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle d : descendants) {
      d.destroyForcibly();
    }
    LIVE.remove(process);
  }

  /** The last {@code lines} lines of a log file, or a note that it is missing. */
  static String tail(Path log, int lines) {
    try {
      if (log == null || !Files.exists(log)) {
        return "(no log at " + log + ")";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The log from byte {@code offset} on (what the current run of the process wrote). */
  static String readLog(Path log, long offset) {
    String all = readLog(log);
    return all.substring((int) Math.min(Math.max(0, offset), all.length()));
  }

  static String readLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "";
    }
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort: a leftover temp file must not fail a test
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** One INFO line per start, so start-up costs show in test output (never asserted). */
  static void logStarted(String server, String where, java.time.Duration took) {
    System.getLogger("io.carbonwatch.testkit")
        .log(
            System.Logger.Level.INFO,
            "{0} ready on {1} in {2} ms",
            server,
            where,
            Long.toString(took.toMillis()));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerStartException("interrupted while waiting for a server", e);
    }
  }
}
