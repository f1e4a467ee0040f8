package io.carbonwatch.jobs.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * {@code metrics.reporter.<name>.factory.class:
 * io.carbonwatch.jobs.metrics.MicrometerReporterFactory} with {@code metrics.reporter.<name>.host}
 * and {@code .port} (default 127.0.0.1:9465).
 */
public final class MicrometerReporterFactory implements MetricReporterFactory {
  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new MicrometerReporter();
  }
}
