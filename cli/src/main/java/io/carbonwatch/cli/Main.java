package io.carbonwatch.cli;

import io.carbonwatch.api.ApiCommand;
import io.carbonwatch.core.site.yaml.ConfigError;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.edge.EdgeCommand;
import io.carbonwatch.edge.sim.SimulateCommand;
import io.carbonwatch.jobs.JobCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The {@code carbonwatch} command: dispatches to the subcommands of {@link #commands()}. */
public final class Main {
  private Main() {}

  /**
   * The subcommands, in the order {@code --help} lists them. Each component adds its one line here.
   */
  public static Map<String, Command> commands() {
    Map<String, Command> c = new LinkedHashMap<>();
    c.put("validate", new ValidateCommand());
    EdgeCommand edge = new EdgeCommand();
    c.put("edge", Command.of(edge.summary(), edge.usage(), edge::run));
    SimulateCommand simulate = new SimulateCommand();
    c.put("simulate", Command.of(simulate.summary(), simulate.usage(), simulate::run));
    c.put("job", Command.of(JobCommand.SUMMARY, JobCommand.USAGE, JobCommand::run));
    c.put("api", Command.of(ApiCommand.SUMMARY, ApiCommand.USAGE, ApiCommand::run));
    c.put("demo", new io.carbonwatch.cli.demo.DemoCommand());
    return Collections.unmodifiableMap(c);
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    if (code != ExitCodes.OK) {
      System.exit(code);
    }
  }

  /** Runs a command line in-process (used by tests); returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, Command> commands = commands();
    if (args.length == 0) {
      help(commands, err);
      return ExitCodes.INVALID;
    }
    String name = args[0];
    List<String> rest = List.of(args).subList(1, args.length);
    switch (name) {
      case "-h", "--help", "help" -> {
        if (!rest.isEmpty() && commands.containsKey(rest.get(0))) {
          out.println(commands.get(rest.get(0)).usage());
        } else {
          help(commands, out);
        }
        return ExitCodes.OK;
      }
      case "version", "--version", "-V" -> {
        out.println("carbonwatch " + version());
        return ExitCodes.OK;
      }
      default -> {}
    }
    Command command = commands.get(name);
    if (command == null) {
      err.println("未知命令 / unknown command: " + name);
      err.println("可用命令 / commands: " + String.join(", ", commands.keySet()));
      err.println("用法 / usage: carbonwatch --help");
      return ExitCodes.INVALID;
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      out.println(command.usage());
      return ExitCodes.OK;
    }
    try {
      return command.run(rest, out, err);
    } catch (ConfigException e) {
      printConfigErrors(e, err);
      return ExitCodes.INVALID;
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.println("用法 / usage: " + command.usage().lines().findFirst().orElse(""));
      return ExitCodes.INVALID;
    } catch (Exception e) {
      err.println("错误 / error: " + e);
      return ExitCodes.FAILURE;
    }
  }

  /** Prints every configuration error, one per line, after a bilingual header. */
  public static void printConfigErrors(ConfigException e, PrintStream err) {
    int n = e.errors().size();
    err.println(
        "配置有误，共 " + n + " 处 / invalid configuration, " + n + (n == 1 ? " error:" : " errors:"));
    for (ConfigError error : e.errors()) {
      err.println(error);
    }
  }

  private static void help(Map<String, Command> commands, PrintStream out) {
    out.println("CarbonWatch " + version() + " — 碳管理体系监测 / carbon-performance monitoring");
    out.println();
    out.println("用法 / usage: carbonwatch COMMAND [ARGS]");
    out.println();
    out.println("命令 / commands:");
    int width = commands.keySet().stream().mapToInt(String::length).max().orElse(8);
    for (Map.Entry<String, Command> e : commands.entrySet()) {
      out.println("  " + pad(e.getKey(), width) + "  " + e.getValue().summary());
    }
    out.println("  " + pad("version", width) + "  显示版本 / print the version");
    out.println("  " + pad("help", width) + "  显示帮助 / show help (carbonwatch help COMMAND)");
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  /** The project version, from the build. */
  public static String version() {
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
