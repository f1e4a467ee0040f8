package io.carbonwatch.api.live;

import io.carbonwatch.api.alerts.AlertService;
import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-Sent Events per site: alert changes ({@code event: alert}) and per-SEU live samples
 * ({@code event: live}). The site comes from the path, so the guard's site-scope check is the
 * filter; a browser opens one stream per site it shows. A slow client whose write queue is full
 * loses samples (they are superseded within seconds) but never blocks the event loop.
 */
public final class LiveRoutes implements RouteGroup {
  private final AtomicInteger clients = new AtomicInteger();

  public LiveRoutes(MeterRegistry registry) {
    Gauge.builder("api.live.clients", clients, AtomicInteger::get)
        .description("Connected live-push (SSE) clients")
        .baseUnit("clients")
        .register(registry);
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.of(HttpMethod.GET, "/sites/{site}/live", Role.ALL, this::stream));
  }

  /** Open streams beyond this are refused (503) rather than exhausting memory. */
  static final int MAX_CLIENTS = 20_000;

  private void stream(RoutingContext ctx) {
    String site = ctx.pathParam("site");
    if (clients.get() >= MAX_CLIENTS) {
      ctx.fail(
          new io.carbonwatch.api.http.ApiException(
              503,
              "live.too_many_clients",
              "实时推送连接已满，请稍后再试",
              "Too many live clients; try again later"));
      return;
    }
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    res.write("retry: 3000\n: connected to " + site + "\n\n");
    clients.incrementAndGet();
    MessageConsumer<String> consumer =
        ctx.vertx()
            .eventBus()
            .<String>localConsumer(
                AlertService.SITE_ADDRESS + site,
                m -> {
                  String frame = m.body();
                  if (res.writeQueueFull() && frame.startsWith("event: live")) {
                    return;
                  }
                  res.write(frame);
                });
    long ping = ctx.vertx().setPeriodic(15_000, t -> res.write(": ping\n\n"));
    res.closeHandler(
        v -> {
          clients.decrementAndGet();
          consumer.unregister();
          ctx.vertx().cancelTimer(ping);
        });
  }
}
