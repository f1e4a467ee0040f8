package io.carbonwatch.cli.demo;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.ApiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x API with the web UI, in process. Without {@code pgUrl} it runs embedded PostgreSQL
 * under the demo's data dir; the first admin is {@code admin} with the demo's one-time password.
 */
final class ApiComponent implements DemoComponent {
  /** The InfluxDB database the job writes and the API reads. */
  static final String DATABASE = "carbonwatch";

  private final int port;
  private final Path dataDir;
  private final String mqttUri;
  private final String influxUrl;
  private final Path siteModel;
  private final String adminPassword;
  private Vertx vertx;
  private ApiServer server;

  ApiComponent(
      int port,
      Path dataDir,
      String mqttUri,
      String influxUrl,
      Path siteModel,
      String adminPassword) {
    this.port = port;
    this.dataDir = dataDir;
    this.mqttUri = mqttUri;
    this.influxUrl = influxUrl;
    this.siteModel = siteModel;
    this.adminPassword = adminPassword;
  }

  @Override
  public String name() {
    return "api";
  }

  String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void start() throws Exception {
    Ports.requireFree(port, "web UI / API", "--port");
    // through the JSON form (keys = record components) so new optional settings keep defaults
    JsonObject json =
        new JsonObject()
            .put("host", "127.0.0.1")
            .put("port", port)
            .put("dataDir", dataDir.toString())
            .put("mqttUri", mqttUri)
            .put("influxUrl", influxUrl)
            .put("influxDatabase", DATABASE)
            .put("adminUsername", "admin")
            .put("adminPassword", adminPassword)
            // plain HTTP on loopback: a Secure cookie would not be sent back over http://
            .put("secureCookies", false)
            .put("httpInstances", 1)
            .put("siteModel", siteModel.toString());
    // no environment: a CARBONWATCH_PG_URL meant for production must not reach the demo
    ApiConfig config = ApiConfig.from(json, Map.of(), dataDir);
    vertx = Vertx.vertx();
    try {
      server =
          ApiServer.start(vertx, config)
              .toCompletionStage()
              .toCompletableFuture()
              .get(3, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new DemoException(
          "api: start failed / API 启动失败: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public String describe() {
    return "Web UI / API  " + url() + "   (PostgreSQL data " + dataDir + ")";
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      System.err.println("api: stop: " + e.getMessage());
    } finally {
      server = null;
      if (vertx != null) {
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("api: vertx close: " + e.getMessage());
        }
        vertx = null;
      }
    }
  }
}
