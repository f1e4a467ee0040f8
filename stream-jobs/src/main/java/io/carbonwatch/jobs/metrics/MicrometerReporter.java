package io.carbonwatch.jobs.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink metric reporter that exports the job's own counters ({@link JobMeters}) as Micrometer
 * meters in Prometheus text format at {@code GET /metrics} of {@code host:port}, as the edge agent
 * and the API do: one scrape format and naming scheme for every CarbonWatch component.
 *
 * <p>Flink creates reporters from its configuration ({@link MicrometerReporterFactory}), one per
 * JobManager/TaskManager process, so the reporter owns its registry and its HTTP server; nothing is
 * shared through static state. Counters are read when scraped ({@link FunctionCounter}), so a
 * reading costs the job nothing more than Flink's own counter increment.
 *
 * <p>Tags: {@code job} (the job's name), {@code operator} (the operator's name) and {@code subtask}
 * (its index): bounded by the job's operators times its parallelism.
 */
public final class MicrometerReporter implements MetricReporter {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Metric, Meter> meters = new ConcurrentHashMap<>();
  private HttpServer server;

  @Override
  public void open(MetricConfig config) {
    String host = config.getString("host", "127.0.0.1");
    int port = config.getInteger("port", 9465);
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "metrics.reporter: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** The port the server listens on (the configured one, or the one chosen for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    registry.close();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    JobMeters.Spec spec = JobMeters.of(metricName);
    if (spec == null || !(metric instanceof Counter counter)) {
      return;
    }
    Map<String, String> vars = group.getAllVariables();
    Tags tags =
        Tags.of(
            "job", vars.getOrDefault("<job_name>", ""),
            "operator", vars.getOrDefault("<operator_name>", ""),
            "subtask", vars.getOrDefault("<subtask_index>", ""));
    Meter meter =
        FunctionCounter.builder(spec.name(), counter, Counter::getCount)
            .tags(tags)
            .baseUnit(spec.baseUnit())
            .description(spec.description())
            .register(registry);
    meters.put(metric, meter);
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    Meter meter = meters.remove(metric);
    if (meter != null) {
      registry.remove(meter);
    }
  }
}
