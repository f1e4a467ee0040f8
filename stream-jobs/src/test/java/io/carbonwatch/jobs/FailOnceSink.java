package io.carbonwatch.jobs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps a sink and fails the job once: at the first element written after the test {@link #arm
 * arms} it (test only) — so a test can make sure a checkpoint exists to restart from.
 */
final class FailOnceSink<T> implements Sink<T> {
  /** JVM-wide so the flag survives the task restart (tests only). */
  static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

  static final Map<String, AtomicBoolean> ARMED = new ConcurrentHashMap<>();

  private final Sink<T> delegate;
  private final String name;

  FailOnceSink(Sink<T> delegate, String name) {
    this.delegate = delegate;
    this.name = name;
    FAILED.put(name, new AtomicBoolean());
    ARMED.put(name, new AtomicBoolean());
  }

  /** The next element written fails the job (once). */
  static void arm(String name) {
    ARMED.get(name).set(true);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    SinkWriter<T> writer = delegate.createWriter(context);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) throws IOException, InterruptedException {
        if (ARMED.get(name).get() && FAILED.get(name).compareAndSet(false, true)) {
          throw new IOException("injected failure");
        }
        writer.write(element, ctx);
      }

      @Override
      public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writer.flush(endOfInput);
      }

      @Override
      public void close() throws Exception {
        writer.close();
      }
    };
  }
}
