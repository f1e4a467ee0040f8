package io.carbonwatch.cli.demo;

import io.carbonwatch.core.site.SiteModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The stream job's part of the demo: the Flink job on a local MiniCluster. */
final class StreamJobs {
  private StreamJobs() {}

  static List<DemoComponent> components(
      SiteModel model,
      DemoOptions options,
      String mqttUri,
      String influxUrl,
      Path dir,
      PrintStream out) {
    return List.of(new StreamJobComponent(options.siteModel(), mqttUri, influxUrl, "carbonwatch"));
  }

  /** A component whose module has no public entry point in this build yet: said, not hidden. */
  static final class Unavailable implements DemoComponent {
    private final String name;
    private final String missing;
    private final PrintStream out;

    Unavailable(String name, String missing, PrintStream out) {
      this.name = name;
      this.missing = missing;
      this.out = out;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start() {
      out.println(
          "[demo] WARNING: "
              + name
              + " is not in this build ("
              + missing
              + " missing): no emissions, live values or alerts / 警告：本版本缺少 "
              + name
              + "，不会有排放、实时数据和告警");
    }

    @Override
    public String describe() {
      return name + "    NOT RUNNING (" + missing + " missing) / 未运行";
    }

    @Override
    public void close() {}
  }
}
