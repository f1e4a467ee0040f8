package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.HttpVerticle;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.carbonwatch.api.sites.AgentStatuses;
import io.carbonwatch.api.sites.SiteDirectory;
import io.carbonwatch.api.sites.SitesVerticle;
import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.check.SiteModels;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route group is its own verticle behind the HTTP gateway: own deployment, own context, its
 * routes forwarded over the local event bus; a group that is gone or silent is answered with a JSON
 * 503/504 while the others keep working; a handler is testable with an {@link ApiRequest}.
 */
@ExtendWith(VertxExtension.class)
class RouteGroupVerticlesTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();

  static ApiTestEnv env;

  @BeforeAll
  static void start(Vertx vertx) {
    env = ApiTestEnv.start(vertx, PG.server(), "route_groups", (String) null);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static final Principal SH_VIEWER =
      new Principal(1, "viewer", Set.of(Role.VIEWER), Set.of("sh-plant"), null, 1L);

  @Test
  void everyRouteGroupIsDeployedAsItsOwnVerticleOnItsOwnContext() {
    List<ApiServer.DeployedGroup> groups = env.server.groups();
    assertThat(groups)
        .extracting(g -> g.verticle().name())
        .containsExactlyInAnyOrder(
            "system",
            "auth",
            "alerts",
            "calibration",
            "notifications",
            "history",
            "inventory",
            "baselines",
            "live",
            "sites");
    Set<String> ids = new HashSet<>();
    Set<Context> contexts = new HashSet<>();
    for (ApiServer.DeployedGroup g : groups) {
      assertThat(env.vertx.deploymentIDs()).contains(g.deploymentId());
      assertThat(g.deploymentId()).isNotEqualTo(env.server.gatewayDeploymentId());
      Context c = g.verticle().groupContext();
      assertThat(c).as(g.verticle().name()).isNotNull();
      assertThat(c.isEventLoopContext()).isTrue();
      assertThat(c.deploymentID()).isEqualTo(g.deploymentId());
      ids.add(g.deploymentId());
      contexts.add(c);
    }
    assertThat(ids).hasSize(groups.size());
    assertThat(contexts).hasSize(groups.size());
    assertThat(env.vertx.deploymentIDs()).contains(env.server.gatewayDeploymentId());
    assertThat(env.server.gateways()).isNotEmpty();
    for (HttpVerticle gateway : env.server.gateways()) {
      assertThat(contexts).doesNotContain(gateway.gatewayContext());
      assertThat(gateway.gatewayContext().deploymentID())
          .isEqualTo(env.server.gatewayDeploymentId());
    }
    // The gateway mounts exactly the groups' declared routes.
    assertThat(env.server.routes().stream().map(Route::key))
        .containsExactlyInAnyOrderElementsOf(
            groups.stream().flatMap(g -> g.verticle().routes().stream()).map(Route::key).toList());
  }

  /** A group whose only handler records where it ran and what it received. */
  static final class Probe extends RouteGroupVerticle {
    final AtomicReference<Context> ranOn = new AtomicReference<>();
    final AtomicReference<ApiRequest> received = new AtomicReference<>();

    Probe() {
      super("probe");
    }

    @Override
    public List<Route> routes() {
      return List.of(Route.of(HttpMethod.GET, "/probe/{id}", Role.ALL, this::probe));
    }

    private Future<ApiReply> probe(ApiRequest req) {
      ranOn.set(Vertx.currentContext());
      received.set(req);
      return Future.succeededFuture(ApiReply.ok(new JsonObject().put("id", req.pathParam("id"))));
    }
  }

  @Test
  void aGroupHandlerRunsOnTheGroupsContextAndGetsTheRequestByReference() {
    Probe probe = new Probe();
    String id = ApiTestEnv.await(env.vertx.deployVerticle(probe));
    try {
      ApiRequest sent =
          ApiRequest.of(
              HttpMethod.GET, "/probe/{id}", Map.of("id", "42"), Map.of(), null, SH_VIEWER);
      Context gateway = env.server.gateways().get(0).gatewayContext();
      Promise<Object> answer = Promise.promise();
      gateway.runOnContext(
          v ->
              env.vertx
                  .eventBus()
                  .request(probe.address(), sent)
                  .onComplete(ar -> answer.handle(ar.map(m -> m.body()))));
      ApiReply reply = (ApiReply) ApiTestEnv.await(answer.future());
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().toJsonObject().getString("id")).isEqualTo("42");
      // Event-bus deliveries run on a duplicate of the verticle's context: same deployment, same
      // event loop; never the caller's.
      assertThat(probe.ranOn.get().deploymentID())
          .isEqualTo(id)
          .isEqualTo(probe.groupContext().deploymentID())
          .isNotEqualTo(gateway.deploymentID());
      // Local codec: the very same record, nothing serialized or copied.
      assertThat(probe.received.get()).isSameAs(sent);
    } finally {
      ApiTestEnv.await(env.vertx.undeploy(id));
    }
  }

  @Test
  void aHandlerAnswersAnApiRequestWithoutHttp() throws Exception {
    SiteDirectory sites = new SiteDirectory();
    sites.apply(
        SiteModels.load(
            ApiTestEnv.siteModel(), FactorLibrary.loadBundled(), ProfileCatalog.shipped()));
    SitesVerticle group = new SitesVerticle(sites, new AgentStatuses());
    Route model = route(group, HttpMethod.GET, "/sites/{site}/model");
    Route list = route(group, HttpMethod.GET, "/sites");

    ApiReply reply =
        model
            .handler()
            .handle(
                ApiRequest.of(
                    HttpMethod.GET,
                    model.path(),
                    Map.of("site", "sh-plant"),
                    Map.of(),
                    null,
                    SH_VIEWER))
            .await();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
    JsonObject body = reply.body().toJsonObject();
    assertThat(body.getString("site")).isEqualTo("sh-plant");
    assertThat(body.getJsonArray("seus")).isNotEmpty();

    JsonObject items =
        list.handler()
            .handle(ApiRequest.of(HttpMethod.GET, "/sites", Map.of(), Map.of(), null, SH_VIEWER))
            .await()
            .body()
            .toJsonObject();
    assertThat(items.getJsonArray("items")).hasSize(1);
    assertThat(items.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo("sh-plant");

    Future<ApiReply> missing =
        model
            .handler()
            .handle(
                ApiRequest.of(
                    HttpMethod.GET,
                    model.path(),
                    Map.of("site", "no-such-site"),
                    Map.of(),
                    null,
                    SH_VIEWER));
    assertThat(missing.failed()).isTrue();
    assertThat(missing.cause()).isInstanceOf(ApiException.class);
    assertThat(((ApiException) missing.cause()).status()).isEqualTo(404);
  }

  static Route route(RouteGroupVerticle group, HttpMethod method, String path) {
    return group.routes().stream()
        .filter(r -> r.method() == method && r.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  static ApiServer.DeployedGroup group(ApiTestEnv e, String name) {
    return e.server.groups().stream()
        .filter(g -> g.verticle().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static void assertJsonError(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    JsonObject e = r.bodyAsJsonObject();
    assertThat(e.getString("code")).isEqualTo(code);
    assertThat(e.getJsonObject("message").getString("zh-CN")).isNotBlank();
    assertThat(e.getJsonObject("message").getString("en")).isNotBlank();
  }

  @Test
  void undeployingAGroupAnswers503OnItsRoutesWhileTheOtherGroupsKeepWorking() {
    try (ApiTestEnv own =
        ApiTestEnv.start(env.vertx, PG.server(), "route_groups_undeploy", (String) null)) {
      String token = own.adminToken();
      assertThat(own.get("/sites/sh-plant/alerts", token).statusCode()).isEqualTo(200);

      ApiTestEnv.await(own.vertx.undeploy(group(own, "alerts").deploymentId()));

      HttpResponse<Buffer> gone = own.get("/sites/sh-plant/alerts", token);
      assertJsonError(gone, 503, "api.unavailable");
      assertThat(gone.bodyAsJsonObject().getJsonObject("message").getString("en"))
          .contains("alerts");
      // The gateway's guard still answers first.
      assertJsonError(own.get("/sites/sh-plant/alerts", null), 401, "auth.required");
      assertThat(own.get("/sites/sh-plant/instruments", token).statusCode()).isEqualTo(200);
      assertThat(own.get("/sites", token).statusCode()).isEqualTo(200);
      assertThat(own.get("/health", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aGroupThatDoesNotAnswerInTimeAnswers504WithAJsonError() {
    ApiConfig config =
        ApiTestEnv.config(PG.server(), "route_groups_timeout", null)
            .withRouteTimeout(Duration.ofSeconds(2));
    try (ApiTestEnv own =
        ApiTestEnv.start(env.vertx, PG.server(), "route_groups_timeout", config)) {
      String token = own.adminToken();
      ApiServer.DeployedGroup sites = group(own, "sites");
      ApiTestEnv.await(own.vertx.undeploy(sites.deploymentId()));
      // Something listens on the group's address but never answers.
      var silent = own.vertx.eventBus().localConsumer(sites.verticle().address(), m -> {});
      try {
        assertJsonError(own.get("/sites", token), 504, "api.timeout");
        assertThat(own.get("/sites/sh-plant/alerts", token).statusCode()).isEqualTo(200);
      } finally {
        ApiTestEnv.await(silent.unregister());
      }
    }
  }
}
