package io.carbonwatch.jobs.influx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes InfluxDB line-protocol lines (nanosecond timestamps) to InfluxDB 1.x with influxdb-java
 * (Sink V2). Lines are batched; {@code flush} runs before every checkpoint barrier, so a completed
 * checkpoint means every line before it is stored (at-least-once). Writes are idempotent upserts
 * (same measurement, tags and timestamp overwrite), so a replay after a restart changes nothing.
 *
 * <p>When InfluxDB is unreachable the writer retries the same batch with exponential backoff,
 * forever, inside {@code write}/{@code flush}: the task thread blocks, upstream operators
 * back-pressure, and the MQTT source stops receiving once its unacknowledged window is full.
 */
public final class InfluxSink implements Sink<String> {
  private static final long serialVersionUID = 1L;
  private final InfluxConfig config;

  public InfluxSink(InfluxConfig config) {
    this.config = config;
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) {
    return new Writer(context);
  }

  private final class Writer implements SinkWriter<String> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);
    private final List<String> buffer = new ArrayList<>();
    private final Counter written;
    private final Counter retries;
    private InfluxDB influx;
    private boolean databaseReady;

    Writer(WriterInitContext context) {
      written = context.metricGroup().counter("cwInfluxPointsWritten");
      retries = context.metricGroup().counter("cwInfluxWriteRetries");
    }

    @Override
    public void write(String line, Context context) throws IOException, InterruptedException {
      buffer.add(line);
      if (buffer.size() >= config.batchSize()) {
        writeBuffer();
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      writeBuffer();
    }

    private void writeBuffer() throws InterruptedException {
      if (buffer.isEmpty()) {
        return;
      }
      long backoffMs = 100;
      while (true) {
        try {
          InfluxDB db = client();
          db.write(
              config.database(),
              config.retentionPolicy(),
              InfluxDB.ConsistencyLevel.ONE,
              TimeUnit.NANOSECONDS,
              buffer);
          written.inc(buffer.size());
          buffer.clear();
          return;
        } catch (RuntimeException e) {
          if (isRejectedData(e)) {
            // A malformed line would block the job forever; it is a programming error, not an
            // outage, so fail loudly instead of retrying.
            throw new IllegalStateException("InfluxDB rejected a batch: " + e.getMessage(), e);
          }
          retries.inc();
          LOG.warn(
              "InfluxDB write of {} lines failed ({}), retrying in {} ms",
              buffer.size(),
              e.toString(),
              backoffMs);
          Thread.sleep(backoffMs);
          backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
        }
      }
    }

    private boolean isRejectedData(RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      return m.contains("unable to parse") || m.contains("field type conflict");
    }

    private InfluxDB client() {
      if (influx == null) {
        influx =
            config.username() == null
                ? InfluxDBFactory.connect(config.url())
                : InfluxDBFactory.connect(config.url(), config.username(), config.password());
      }
      if (!databaseReady) {
        influx.query(new Query("CREATE DATABASE \"" + config.database() + "\""));
        databaseReady = true;
      }
      return influx;
    }

    @Override
    public void close() throws Exception {
      if (influx != null) {
        influx.close();
      }
    }
  }
}
