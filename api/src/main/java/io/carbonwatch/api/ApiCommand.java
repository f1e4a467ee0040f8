package io.carbonwatch.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code carbonwatch api}: runs the API until interrupted. The cli's dispatch table adapts this to
 * its {@code Command} interface (api cannot depend on cli).
 */
public final class ApiCommand {
  public static final String SUMMARY = "运行 API 服务 / run the API service";
  public static final String USAGE =
      """
      carbonwatch api [--config FILE.json] [--port N] [--data-dir DIR] [--site-model FILE]
                      [--mqtt tcp://HOST:PORT] [--influx http://HOST:PORT]
        运行 REST/SSE API；没有 CARBONWATCH_PG_URL 时在数据目录下启动内嵌 PostgreSQL。
        Runs the REST/SSE API; without CARBONWATCH_PG_URL it starts embedded PostgreSQL under the data dir.
        首个管理员 / first admin: CARBONWATCH_ADMIN_USER (admin), CARBONWATCH_ADMIN_PASSWORD (必填 required, >= 12)
        环境变量 / environment: CARBONWATCH_PG_URL, CARBONWATCH_MQTT_URI, CARBONWATCH_INFLUX_URL,
          CARBONWATCH_SITE_MODEL, CARBONWATCH_SMTP_URI, CARBONWATCH_HTTP_PORT
      退出码 / exit codes: 0 正常停止 stopped, 1 启动失败 start-up failed, 2 参数错误 bad arguments""";

  private ApiCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    JsonObject json = new JsonObject();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i + 1 >= args.size()) {
        err.println("缺少参数值 / missing value for " + a + "\n" + USAGE);
        return 2;
      }
      String v = args.get(++i);
      switch (a) {
        case "--config" -> json = new JsonObject(Files.readString(Path.of(v))).mergeIn(json);
        case "--port" -> json.put("port", Integer.parseInt(v));
        case "--data-dir" -> json.put("dataDir", v);
        case "--site-model" -> json.put("siteModel", v);
        case "--mqtt" -> json.put("mqttUri", v);
        case "--influx" -> json.put("influxUrl", v);
        default -> {
          err.println("未知选项 / unknown option: " + a + "\n" + USAGE);
          return 2;
        }
      }
    }
    ApiConfig config;
    try {
      config = ApiConfig.from(json, System.getenv(), Path.of("data"));
    } catch (IllegalArgumentException | NullPointerException e) {
      err.println("配置错误 / configuration error: " + e.getMessage());
      return 2;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    ApiServer server;
    try {
      server = ApiServer.start(vertx, config, registry).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      err.println("启动失败 / start-up failed: " + e.getMessage());
      vertx.close().await(30, TimeUnit.SECONDS);
      return 1;
    }
    out.println(
        "CarbonWatch API: http://"
            + config.host()
            + ":"
            + server.port()
            + "/  (Ctrl-C 停止 / to stop)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop().await(30, TimeUnit.SECONDS);
                    vertx.close().await(30, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    err.println("停止时出错 / error while stopping: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "carbonwatch-api-shutdown"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(List.of(args), System.out, System.err));
  }
}
