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
    } catch (Exception e) {
      err.println("carbonwatch demo: " + e.getMessage());
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
