package io.carbonwatch.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /health} (JSON; 200 while the agent
 * runs and its queue has not dropped data, 503 otherwise) on the JDK's built-in HTTP server.
 */
public final class HttpEndpoints implements AutoCloseable {

  /** What /health reports. */
  public record Health(boolean ok, String json) {}

  private final HttpServer server;

  public HttpEndpoints(
      InetSocketAddress address, PrometheusMeterRegistry registry, Supplier<Health> health) {
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("--http " + address + ": cannot listen: " + e.getMessage(), e);
    }
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health",
        ex -> {
          Health h = health.get();
          respond(ex, h.ok() ? 200 : 503, "application/json", h.json());
        });
    server.setExecutor(null);
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  public HttpEndpoints start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
