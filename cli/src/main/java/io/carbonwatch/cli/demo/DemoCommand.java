package io.carbonwatch.cli.demo;

import io.carbonwatch.cli.Command;
import io.carbonwatch.cli.ExitCodes;
import io.carbonwatch.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code carbonwatch demo}: starts the stack, prints the URL and the one-time admin password, and
 * runs until Ctrl-C (or SIGTERM), when a shutdown hook stops everything and waits for it.
 */
public final class DemoCommand implements Command {

  /**
   * Flink, zonky, Flyway and Vert.x log every start-up step at INFO; in a demo that buries the
   * banner. slf4j-simple reads its default level once, when the first logger is made (often before
   * this command runs), but per-package levels whenever a logger is made, so the noisy packages are
   * turned down by name. Levels the user set with {@code -D} are left alone.
   */
  public static void quietLogging() {
    String prefix = "org.slf4j.simpleLogger.log.";
    for (String pkg :
        new String[] {
          "org.apache.flink",
          "org.apache.pekko",
          "io.zonky",
          "org.flywaydb",
          "io.vertx",
          "io.netty",
          "org.eclipse.paho",
          "com.ghgande"
        }) {
      if (System.getProperty(prefix + pkg) == null) {
        System.setProperty(prefix + pkg, pkg.equals("org.apache.flink") ? "error" : "warn");
      }
    }
  }

  @Override
  public String summary() {
    return "一键演示（全部服务与模拟工厂）/ one-command demo: the whole stack with a simulated plant";
  }

  @Override
  public String usage() {
    return DemoOptions.USAGE.stripTrailing();
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    quietLogging();
    Demo demo = new Demo(options, out);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println("\n[demo] stopping everything / 正在停止全部服务 …");
              demo.close();
              out.println("[demo] stopped, nothing left running / 已全部停止");
              out.flush();
              stopped.countDown();
            },
            "cw-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      demo.start();
    } catch (Exception | Error e) {
      // an Error too: the caller must get an exit code, or Vert.x/Flink threads keep the JVM alive
      err.println("carbonwatch demo: " + e);
      demo.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running
      }
      return ExitCodes.FAILURE;
    }
    out.print(demo.banner());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
