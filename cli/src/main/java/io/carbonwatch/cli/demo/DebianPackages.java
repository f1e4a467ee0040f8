package io.carbonwatch.cli.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the servers' binaries and, when the demo runs as root on Debian, installs the missing
 * Debian packages with {@code apt-get}. Otherwise it says exactly what to install, in English and
 * Chinese, and the demo stops before starting anything.
 */
final class DebianPackages {
  private static final List<String> DIRS =
      List.of("/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin", "/usr/local/bin");

  private final PrintStream out;
  private final boolean root;
  private final List<String> searchPath;

  DebianPackages(PrintStream out) {
    this(out, isRoot(), defaultSearchPath());
  }

  DebianPackages(PrintStream out, boolean root, List<String> searchPath) {
    this.out = out;
    this.root = root;
    this.searchPath = List.copyOf(searchPath);
  }

  /**
   * The path of {@code binary}; installs {@code pkg} first when it is missing and we are root.
   *
   * @throws DemoException naming the command to run when the binary is missing and cannot be
   *     installed here
   */
  Path require(String binary, String pkg) {
    Optional<Path> found = find(binary);
    if (found.isPresent()) {
      return found.get();
    }
    if (!root || find("apt-get").isEmpty()) {
      throw new DemoException(missingMessage(binary, pkg, root));
    }
    out.println(
        binary
            + " not found: installing Debian package "
            + pkg
            + " / 未找到 "
            + binary
            + "，正在安装 Debian 软件包 "
            + pkg);
    int rc = apt("install", "-y", "--no-install-recommends", pkg);
    if (rc != 0) {
      // a fresh machine often has no package lists yet
      apt("update");
      rc = apt("install", "-y", "--no-install-recommends", pkg);
    }
    return find(binary)
        .orElseThrow(
            () ->
                new DemoException(
                    "apt-get install -y "
                        + pkg
                        + " did not provide "
                        + binary
                        + " / 安装 "
                        + pkg
                        + " 后仍未找到 "
                        + binary));
  }

  /** The bilingual message for a missing binary that the demo cannot install itself. */
  static String missingMessage(String binary, String pkg, boolean root) {
    String cmd = (root ? "" : "sudo ") + "apt-get install -y " + pkg;
    return binary + " not found: run '" + cmd + "' / 未找到 " + binary + "，请运行 '" + cmd + "'";
  }

  Optional<Path> find(String binary) {
    for (String dir : searchPath) {
      Path p = Path.of(dir, binary);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private int apt(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(find("apt-get").orElseThrow().toString());
    cmd.add("-q");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    try {
      Process p = pb.start();
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted while running apt-get / apt-get 运行时被中断", e);
    }
  }

  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static List<String> defaultSearchPath() {
    List<String> dirs = new ArrayList<>(DIRS);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (!d.isBlank() && !dirs.contains(d)) {
          dirs.add(d);
        }
      }
    }
    return dirs;
  }
}
