package io.carbonwatch.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A {@code carbonwatch} subcommand. Implementations print user-facing text in Simplified Chinese
 * and English ("中文 / English") and return an exit code from {@link ExitCodes}.
 */
public interface Command {
  /** One line for the command list, e.g. "校验站点模型 / validate a site model". */
  String summary();

  /** Usage lines, e.g. "carbonwatch validate FILE [--json]" followed by option help. */
  String usage();

  /**
   * Runs the command.
   *
   * @param args the arguments after the command name
   * @return the process exit code
   */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;

  /** The run method alone, as the component modules declare it (they cannot see this interface). */
  @FunctionalInterface
  interface Runner {
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
  }

  /**
   * Adapts a component's command (edge agent, simulator, job, API) whose module sits below cli and
   * so cannot implement this interface.
   */
  static Command of(String summary, String usage, Runner runner) {
    return new Command() {
      @Override
      public String summary() {
        return summary;
      }

      @Override
      public String usage() {
        return usage;
      }

      @Override
      public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return runner.run(args, out, err);
      }
    };
  }
}
