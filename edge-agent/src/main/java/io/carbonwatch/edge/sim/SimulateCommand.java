package io.carbonwatch.edge.sim;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.check.SiteModels;
import io.carbonwatch.core.site.yaml.ConfigError;
import io.carbonwatch.core.site.yaml.ConfigException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code carbonwatch simulate --site site.yaml [--speed N] [--seed N] [--faults FILE] …}: serves
 * the site's Modbus meters until SIGTERM.
 */
public final class SimulateCommand {
  public static final int OK = 0;
  public static final int INVALID = 2;

  public String summary() {
    return "模拟现场仪表 / simulate the site's Modbus meters";
  }

  public String usage() {
    return String.join(
        "\n",
        "carbonwatch simulate --site FILE [--speed N] [--seed N] [--start ISO] [--bind ADDR]"
            + " [--faults FILE] [--serial GATEWAY=DEVICE]…",
        "  --site FILE      站点模型 / site model; every Modbus gateway is served on its port",
        "  --speed N        simulated seconds per real second (default 1)",
        "  --seed N         seed of meter sizes and noise (default 42)",
        "  --start ISO      simulated start instant (default now)",
        "  --bind ADDR      listen address (default 127.0.0.1)",
        "  --faults FILE    fault script (YAML, see docs/edge-agent.md)",
        "  --serial GW=DEV  serve RTU gateway GW on serial device DEV (e.g. a socat pty)");
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code;
    try {
      code = new SimulateCommand().run(List.of(args), out, err);
    } catch (Exception e) {
      err.println("错误 / error: " + e);
      code = 1;
    }
    System.exit(code);
  }

  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Map<String, String> opts = new HashMap<>();
    Map<String, String> serial = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!List.of("--site", "--speed", "--seed", "--start", "--bind", "--faults", "--serial")
              .contains(a)
          || i + 1 >= args.size()) {
        err.println("未知选项或缺少值 / unknown option or missing value: " + a);
        err.println("用法 / usage: " + usage().lines().findFirst().orElse(""));
        return INVALID;
      }
      String v = args.get(++i);
      if (a.equals("--serial")) {
        int eq = v.indexOf('=');
        if (eq <= 0) {
          err.println("--serial: expected GATEWAY=DEVICE, got " + v);
          return INVALID;
        }
        serial.put(v.substring(0, eq), v.substring(eq + 1));
      } else {
        opts.put(a, v);
      }
    }
    if (!opts.containsKey("--site")) {
      err.println("缺少选项 / missing option: --site");
      return INVALID;
    }
    SiteModel model;
    try {
      model = SiteModels.load(Path.of(opts.get("--site")));
    } catch (ConfigException e) {
      err.println("配置有误 / invalid configuration, " + e.errors().size() + " error(s):");
      for (ConfigError c : e.errors()) {
        err.println(c);
      }
      return INVALID;
    }
    Simulator.Options o =
        new Simulator.Options(
            Double.parseDouble(opts.getOrDefault("--speed", "1")),
            Long.parseLong(opts.getOrDefault("--seed", "42")),
            opts.containsKey("--start") ? Instant.parse(opts.get("--start")) : null,
            opts.getOrDefault("--bind", "127.0.0.1"),
            serial);
    FaultScript script =
        opts.containsKey("--faults") ? FaultScript.load(Path.of(opts.get("--faults"))) : null;
    ProfileCatalog.shipped(); // fail early on a broken profile
    java.util.List<Simulator> sims = new java.util.ArrayList<>();
    for (Site site : model.sites()) {
      Simulator sim = new Simulator(site, o).start();
      sims.add(sim);
      out.println(
          "模拟器已启动 / simulating "
              + site.id()
              + ": "
              + sim.meterIds().size()
              + " meters "
              + sim.meterIds()
              + ", speed ×"
              + o.speed());
      if (script != null) {
        script.schedule(sim);
      }
    }
    if (script != null) {
      try {
        script.check(sims.stream().flatMap(x -> x.meterIds().stream()).toList());
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        sims.forEach(Simulator::close);
        return INVALID;
      }
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sims.forEach(Simulator::close);
                  stop.countDown();
                }));
    stop.await();
    return OK;
  }
}
