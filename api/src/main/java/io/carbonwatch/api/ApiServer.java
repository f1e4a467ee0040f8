package io.carbonwatch.api;

import io.carbonwatch.api.alerts.AlertService;
import io.carbonwatch.api.alerts.AlertsVerticle;
import io.carbonwatch.api.alerts.ControlPublisher;
import io.carbonwatch.api.alerts.MqttBridge;
import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.auth.AuthService;
import io.carbonwatch.api.auth.AuthVerticle;
import io.carbonwatch.api.auth.PasswordHasher;
import io.carbonwatch.api.baselines.BaselineService;
import io.carbonwatch.api.baselines.BaselinesVerticle;
import io.carbonwatch.api.calibration.CalibrationService;
import io.carbonwatch.api.calibration.CalibrationVerticle;
import io.carbonwatch.api.db.Database;
import io.carbonwatch.api.history.HistoryVerticle;
import io.carbonwatch.api.history.InfluxHistory;
import io.carbonwatch.api.http.ApiFailure;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.HttpVerticle;
import io.carbonwatch.api.http.LocalCodec;
import io.carbonwatch.api.http.OpenApiValidator;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.carbonwatch.api.live.LiveUpdate;
import io.carbonwatch.api.live.LiveVerticle;
import io.carbonwatch.api.notify.NotificationService;
import io.carbonwatch.api.notify.NotificationsVerticle;
import io.carbonwatch.api.reports.InventoryService;
import io.carbonwatch.api.reports.InventoryVerticle;
import io.carbonwatch.api.reports.OffsetService;
import io.carbonwatch.api.sites.AgentStatuses;
import io.carbonwatch.api.sites.SiteDirectory;
import io.carbonwatch.api.sites.SitesVerticle;
import io.carbonwatch.api.system.SystemVerticle;
import io.carbonwatch.core.baseline.BaselineCriteria;
import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.MeteringRequirements;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.check.SiteModels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Assembles the API: records database (migrated), services, the MQTT bridge, one verticle per route
 * group and the HTTP gateway verticles in front of them. Blocking steps (embedded PostgreSQL,
 * Flyway, password hashing) run on worker threads.
 */
public final class ApiServer {
  private final Vertx vertx;
  private final Database database;
  private final Pool pool;
  private final List<String> deployments;
  private final int port;
  private final List<Route> routes;
  private final PrometheusMeterRegistry registry;
  private final long timer;
  private final NotificationService notifications;
  private final InfluxHistory influx;
  private final CalibrationService calibration;
  private final io.vertx.core.eventbus.MessageConsumer<String> siteModelConsumer;
  private final List<DeployedGroup> groups;
  private final String gatewayDeploymentId;
  private final List<HttpVerticle> gateways;

  /** A route group's verticle and the id it was deployed under. */
  public record DeployedGroup(RouteGroupVerticle verticle, String deploymentId) {}

  private ApiServer(
      Vertx vertx,
      Database database,
      Pool pool,
      List<String> deployments,
      int port,
      List<Route> routes,
      PrometheusMeterRegistry registry,
      long timer,
      NotificationService notifications,
      InfluxHistory influx,
      CalibrationService calibration,
      io.vertx.core.eventbus.MessageConsumer<String> siteModelConsumer,
      List<DeployedGroup> groups,
      String gatewayDeploymentId,
      List<HttpVerticle> gateways) {
    this.siteModelConsumer = siteModelConsumer;
    this.groups = groups;
    this.gatewayDeploymentId = gatewayDeploymentId;
    this.gateways = gateways;
    this.influx = influx;
    this.calibration = calibration;
    this.timer = timer;
    this.notifications = notifications;
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.deployments = deployments;
    this.port = port;
    this.routes = routes;
    this.registry = registry;
  }

  public int port() {
    return port;
  }

  /** The route table (for the access-matrix test and docs). */
  public List<Route> routes() {
    return routes;
  }

  /** The route groups, each deployed as its own verticle. */
  public List<DeployedGroup> groups() {
    return groups;
  }

  /** The deployment of the HTTP gateway ({@code httpInstances} instances). */
  public String gatewayDeploymentId() {
    return gatewayDeploymentId;
  }

  /** The gateway instances, e.g. to compare their contexts with the groups'. */
  public List<HttpVerticle> gateways() {
    return gateways;
  }

  /** The calibration service, e.g. to run the overdue scan now instead of at the next interval. */
  public CalibrationService calibration() {
    return calibration;
  }

  public Database database() {
    return database;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public static Future<ApiServer> start(Vertx vertx, ApiConfig config) {
    return start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public static Future<ApiServer> start(
      Vertx vertx, ApiConfig config, PrometheusMeterRegistry registry) {
    LocalCodec.register(
        vertx, ApiRequest.class, ApiReply.class, ApiFailure.class, LiveUpdate.class);
    OpenApiValidator contract = OpenApiValidator.load();
    PasswordHasher hasher = new PasswordHasher(config.pbkdf2Iterations());
    AtomicReference<Database> db = new AtomicReference<>();
    AtomicReference<Pool> poolRef = new AtomicReference<>();
    List<String> deployments = new ArrayList<>();
    AtomicInteger port = new AtomicInteger();
    AtomicReference<List<Route>> routesRef = new AtomicReference<>();
    AtomicReference<SiteModel> model = new AtomicReference<>();
    AtomicReference<MeteringRequirements> metering = new AtomicReference<>();
    // Loaded once on a worker at start-up; every site model (file or control topic) is checked
    // against it, so an unknown factor or profile is refused where it enters.
    AtomicReference<FactorLibrary> library = new AtomicReference<>();
    AtomicReference<Long> timer = new AtomicReference<>();
    AtomicReference<NotificationService> notifier = new AtomicReference<>();
    AtomicReference<CalibrationService> calibrationRef = new AtomicReference<>();
    AtomicReference<io.vertx.core.eventbus.MessageConsumer<String>> siteModelConsumer =
        new AtomicReference<>();
    AtomicReference<BaselineCriteria> criteria = new AtomicReference<>();
    List<DeployedGroup> deployedGroups = new ArrayList<>();
    List<HttpVerticle> gateways = java.util.Collections.synchronizedList(new ArrayList<>());
    SiteDirectory siteDirectory = new SiteDirectory();
    AgentStatuses agentStatuses = new AgentStatuses();
    InfluxHistory influx =
        config.influxUrl() == null
            ? null
            : new InfluxHistory(
                config.influxUrl(),
                config.influxDatabase(),
                vertx.createSharedWorkerExecutor("cw-influx", 4));
    Future<ApiServer> f =
        vertx
            .executeBlocking(() -> Database.start(config), false)
            .compose(
                database -> {
                  db.set(database);
                  return vertx.executeBlocking(
                      () -> {
                        library.set(FactorLibrary.loadBundled());
                        model.set(
                            config.siteModel() == null
                                ? null
                                : SiteModels.load(
                                    config.siteModel(), library.get(), ProfileCatalog.shipped()));
                        siteDirectory.apply(model.get());
                        metering.set(library.get().metering());
                        criteria.set(BaselineCriteria.loadDefaults());
                        return database;
                      },
                      false);
                })
            .compose(
                database -> {
                  ApiConfig.PgTarget t = database.target();
                  Pool pool =
                      PgBuilder.pool()
                          .with(new PoolOptions().setMaxSize(16).setShared(false))
                          .connectingTo(
                              new PgConnectOptions()
                                  .setHost(t.host())
                                  .setPort(t.port())
                                  .setDatabase(t.database())
                                  .setUser(t.user())
                                  .setPassword(t.password())
                                  .setCachePreparedStatements(true))
                          .using(vertx)
                          .build();
                  poolRef.set(pool);
                  return vertx.executeBlocking(hasher::dummy, false);
                })
            .compose(
                dummy -> {
                  Pool pool = poolRef.get();
                  AuthService auth = new AuthService(vertx, pool, config, hasher, dummy);
                  return auth.bootstrapAdmin().map(v -> auth);
                })
            .compose(
                auth -> {
                  Pool pool = poolRef.get();
                  AlertService alerts = new AlertService(vertx, pool, registry);
                  AuditChain audit = new AuditChain(pool);
                  Future<MqttBridge> bridgeF;
                  if (config.mqttUri() != null) {
                    MqttBridge bridge =
                        new MqttBridge(
                            config.mqttUri(), "carbonwatch-api", alerts, agentStatuses, registry);
                    bridgeF =
                        vertx
                            .deployVerticle(bridge)
                            .map(
                                id -> {
                                  deployments.add(id);
                                  return bridge;
                                });
                  } else {
                    bridgeF = Future.succeededFuture(null);
                  }
                  return bridgeF.compose(
                      bridge -> {
                        ControlPublisher control = bridge == null ? ControlPublisher.NONE : bridge;
                        NotificationService notifications =
                            new NotificationService(vertx, pool, config, registry);
                        notifications.start();
                        notifier.set(notifications);
                        CalibrationService calibration =
                            new CalibrationService(
                                pool, alerts, control, metering.get(), Clock.systemUTC(), registry);
                        OffsetService offsets = new OffsetService(pool, model.get());
                        // A site's local calendar decides where its days start (UTC if unknown).
                        java.util.function.Function<String, java.time.ZoneId> siteZones =
                            site ->
                                siteDirectory
                                    .site(site)
                                    .map(io.carbonwatch.core.site.Site::timeZone)
                                    .orElse(java.time.ZoneOffset.UTC);
                        List<RouteGroupVerticle> groups =
                            List.of(
                                new SystemVerticle(
                                    pool,
                                    registry,
                                    contract,
                                    audit,
                                    bridge == null ? () -> true : bridge::isConnected),
                                new AuthVerticle(auth, config),
                                new AlertsVerticle(alerts),
                                new CalibrationVerticle(calibration),
                                new NotificationsVerticle(notifications),
                                new HistoryVerticle(influx, siteZones),
                                new InventoryVerticle(
                                    new InventoryService(influx, model.get(), offsets), offsets),
                                new BaselinesVerticle(
                                    new BaselineService(
                                        pool,
                                        influx,
                                        control,
                                        criteria.get(),
                                        registry,
                                        siteZones)),
                                new LiveVerticle(registry),
                                new SitesVerticle(siteDirectory, agentStatuses));
                        List<Route> routes = new ArrayList<>();
                        List<HttpVerticle.Mounted> mounted = new ArrayList<>();
                        for (RouteGroupVerticle g : groups) {
                          for (Route r : g.routes()) {
                            routes.add(r);
                            mounted.add(new HttpVerticle.Mounted(r, g.name(), g.address()));
                          }
                        }
                        List<String> mismatches = contract.mismatches(routes);
                        if (!mismatches.isEmpty()) {
                          return Future.failedFuture(
                              new IllegalStateException(
                                  "Route table and openapi.yaml disagree:\n  "
                                      + String.join("\n  ", mismatches)));
                        }
                        routesRef.set(List.copyOf(routes));
                        calibrationRef.set(calibration);
                        // Site model updates on the control topic resynchronise the ledger.
                        siteModelConsumer.set(
                            vertx
                                .eventBus()
                                .<String>localConsumer(
                                    MqttBridge.SITE_MODEL_ADDRESS,
                                    m ->
                                        vertx
                                            .executeBlocking(
                                                () ->
                                                    SiteModels.loadJson(
                                                        "control/site-model",
                                                        m.body(),
                                                        library.get(),
                                                        ProfileCatalog.shipped()),
                                                false)
                                            .compose(
                                                m2 -> {
                                                  siteDirectory.apply(m2);
                                                  return calibration.sync(m2);
                                                })
                                            .onFailure(
                                                e ->
                                                    org.slf4j.LoggerFactory.getLogger(
                                                            ApiServer.class)
                                                        .warn(
                                                            "control/site-model not applied: {}",
                                                            e.getMessage()))));
                        Future<?> synced =
                            model.get() == null
                                ? Future.succeededFuture()
                                : calibration
                                    .sync(model.get())
                                    .compose(n -> calibration.scanOverdue());
                        timer.set(
                            vertx.setPeriodic(
                                config.calibrationScanInterval().toMillis(),
                                t -> calibration.scanOverdue()));
                        // Groups first: the gateway must find every group's address from its
                        // first request on.
                        Future<?> groupsDeployed = synced;
                        for (RouteGroupVerticle g : groups) {
                          groupsDeployed =
                              groupsDeployed.compose(
                                  x ->
                                      vertx
                                          .deployVerticle(g)
                                          .onSuccess(
                                              id -> {
                                                deployments.add(id);
                                                deployedGroups.add(new DeployedGroup(g, id));
                                              }));
                        }
                        return groupsDeployed.compose(
                            x ->
                                vertx.deployVerticle(
                                    () -> {
                                      HttpVerticle h =
                                          new HttpVerticle(
                                              config, mounted, auth, contract, registry, port);
                                      gateways.add(h);
                                      return h;
                                    },
                                    new DeploymentOptions().setInstances(config.httpInstances())));
                      });
                })
            .map(
                id -> {
                  deployments.add(id);
                  return new ApiServer(
                      vertx,
                      db.get(),
                      poolRef.get(),
                      deployments,
                      port.get(),
                      routesRef.get(),
                      registry,
                      timer.get(),
                      notifier.get(),
                      influx,
                      calibrationRef.get(),
                      siteModelConsumer.get(),
                      List.copyOf(deployedGroups),
                      id,
                      List.copyOf(gateways));
                });
    return f.recover(
        err -> {
          if (timer.get() != null) {
            vertx.cancelTimer(timer.get());
          }
          if (notifier.get() != null) {
            notifier.get().stop();
          }
          if (siteModelConsumer.get() != null) {
            siteModelConsumer.get().unregister();
          }
          List<Future<?>> undeploys = new ArrayList<>();
          deployments.forEach(id -> undeploys.add(vertx.undeploy(id)));
          return Future.join(undeploys)
              .eventually(
                  () -> poolRef.get() == null ? Future.succeededFuture() : poolRef.get().close())
              .eventually(
                  () ->
                      vertx.executeBlocking(
                          () -> {
                            if (db.get() != null) {
                              db.get().close();
                            }
                            return null;
                          }))
              .transform(x -> Future.failedFuture(err));
        });
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    List<Future<?>> undeploys = new ArrayList<>();
    undeploys.add(notifications.stop());
    undeploys.add(siteModelConsumer.unregister());
    if (influx != null) {
      influx.close();
    }
    // The gateway first, so no request reaches a group that is going away; a group a caller
    // undeployed already (tests do) is skipped.
    Future<?> gatewayStopped =
        vertx.deploymentIDs().contains(gatewayDeploymentId)
            ? vertx.undeploy(gatewayDeploymentId)
            : Future.succeededFuture();
    undeploys.add(
        gatewayStopped.transform(
            x -> {
              List<Future<?>> rest = new ArrayList<>();
              for (String id : deployments) {
                if (!id.equals(gatewayDeploymentId) && vertx.deploymentIDs().contains(id)) {
                  rest.add(vertx.undeploy(id));
                }
              }
              return Future.join(rest);
            }));
    return Future.join(undeploys)
        .eventually(pool::close)
        .eventually(
            () ->
                vertx.executeBlocking(
                    () -> {
                      database.close();
                      return null;
                    }))
        .mapEmpty();
  }
}
