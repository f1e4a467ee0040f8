package io.carbonwatch.api.live;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-Sent Events per site: alert changes ({@code event: alert}) and per-SEU live samples
 * ({@code event: live}). The site comes from the path, so the gateway's site-scope check is the
 * filter; a browser opens one stream per site it shows.
 *
 * <p>The HTTP connection stays in the gateway, which alone can write to it. This verticle owns the
 * logic: it admits a stream (or refuses it when {@link #MAX_CLIENTS} are open), counts the open
 * streams per site, and renders each {@link LiveUpdate} once into an SSE frame that it publishes on
 * a per-site frames address only when that site has open streams. The gateway's SSE handler
 * consumes that address and writes the frames.
 */
public final class LiveVerticle extends RouteGroupVerticle {
  // Per instance, like the group address: another API server on the same Vert.x has its own.
  private final String framesPrefix = "cw.live.frames." + UUID.randomUUID() + ".";
  private final String closedAddress = "cw.live.closed." + UUID.randomUUID();

  /** Open streams beyond this are refused (503) rather than exhausting memory. */
  static final int MAX_CLIENTS = 20_000;

  private final AtomicInteger clients = new AtomicInteger();
  // Touched only on this verticle's context.
  private final Map<String, Integer> clientsBySite = new HashMap<>();

  public LiveVerticle(MeterRegistry registry) {
    super("live");
    Gauge.builder("api.live.clients", clients, AtomicInteger::get)
        .description("Connected live-push (SSE) clients")
        .baseUnit("clients")
        .register(registry);
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.of(HttpMethod.GET, "/sites/{site}/live", Role.ALL, this::open));
  }

  @Override
  public Future<?> start() {
    return super.start()
        .compose(
            v ->
                vertx
                    .eventBus()
                    .<LiveUpdate>localConsumer(LiveUpdate.ADDRESS, m -> forward(m.body()))
                    .completion())
        .compose(
            v ->
                vertx
                    .eventBus()
                    .<String>localConsumer(closedAddress, m -> closed(m.body()))
                    .completion());
  }

  private Future<ApiReply> open(ApiRequest req) {
    String site = req.pathParam("site");
    if (clients.get() >= MAX_CLIENTS) {
      return Future.failedFuture(
          new ApiException(
              503,
              "live.too_many_clients",
              "实时推送连接已满，请稍后再试",
              "Too many live clients; try again later"));
    }
    clients.incrementAndGet();
    clientsBySite.merge(site, 1, Integer::sum);
    return Future.succeededFuture(
        ApiReply.stream(
            Map.of(
                "Content-Type", "text/event-stream; charset=utf-8",
                "Cache-Control", "no-store",
                "X-Accel-Buffering", "no"),
            "retry: 3000\n: connected to " + site + "\n\n",
            new ApiReply.Stream(framesPrefix + site, closedAddress)));
  }

  private void closed(String framesAddress) {
    String site = framesAddress.substring(framesPrefix.length());
    Integer n = clientsBySite.get(site);
    if (n == null) {
      return;
    }
    clients.decrementAndGet();
    if (n <= 1) {
      clientsBySite.remove(site);
    } else {
      clientsBySite.put(site, n - 1);
    }
  }

  /** Rendered once here, written as is to every stream of the site. */
  private void forward(LiveUpdate u) {
    if (clientsBySite.containsKey(u.site())) {
      vertx.eventBus().publish(framesPrefix + u.site(), sseFrame(u.event(), u.json()));
    }
  }

  /** An SSE frame; {@code json} has no raw newlines (JSON encodes them as \n). */
  static String sseFrame(String event, String json) {
    return "event: " + event + "\ndata: " + json + "\n\n";
  }
}
