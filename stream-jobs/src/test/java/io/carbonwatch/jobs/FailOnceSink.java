package io.carbonwatch.jobs;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Wraps a sink and fails the job once, after {@code failAfter} elements (test only). */
final class FailOnceSink<T> implements Sink<T> {
  /** JVM-wide so the flag survives the task restart (tests only). */
  static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

  static final Map<String, AtomicLong> SEEN = new ConcurrentHashMap<>();

  private final Sink<T> delegate;
  private final String name;
  private final long failAfter;

  FailOnceSink(Sink<T> delegate, String name, long failAfter) {
    this.delegate = delegate;
    this.name = name;
    this.failAfter = failAfter;
    FAILED.put(name, new AtomicBoolean());
    SEEN.put(name, new AtomicLong());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    SinkWriter<T> writer = delegate.createWriter(context);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) throws IOException, InterruptedException {
        if (SEEN.get(name).incrementAndGet() >= failAfter
            && FAILED.get(name).compareAndSet(false, true)) {
          throw new IOException("injected failure after " + failAfter + " elements");
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
