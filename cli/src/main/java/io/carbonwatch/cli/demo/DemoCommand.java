package io.carbonwatch.cli.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code carbonwatch demo}: starts the stack, prints the URL and the one-time admin password, and
 * runs until Ctrl-C (or SIGTERM), when a shutdown hook stops everything and waits for it.
 */
public final class DemoCommand {
  private DemoCommand() {}

  public static void main(String[] args) {
    int rc = run(Arrays.asList(args), System.out, System.err);
    if (rc != 0) {
      System.exit(rc);
    }
  }

  /** Runs the demo until the JVM is asked to stop; returns the exit code on a start failure. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(DemoOptions.USAGE);
      return 0;
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      err.println("carbonwatch demo: " + e.getMessage());
      return 2;
    }
    Demo demo = new Demo(options, out);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println("\n[demo] stopping everything / 正在停止全部服务 …");
              demo.close();
              out.println("[demo] stopped, nothing left running / 已全部停止");
              stopped.countDown();
            },
            "cw-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      demo.start();
    } catch (Exception e) {
      err.println("carbonwatch demo: " + e.getMessage());
      demo.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running
      }
      return 1;
    }
    out.print(demo.banner());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
