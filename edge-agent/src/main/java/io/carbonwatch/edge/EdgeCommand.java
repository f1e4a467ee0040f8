package io.carbonwatch.edge;

import io.carbonwatch.core.modbus.DeviceProfile;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.modbus.ProfileField;
import io.carbonwatch.core.site.References;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelLoader;
import io.carbonwatch.core.site.yaml.ConfigError;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.core.site.yaml.Durations;
import io.carbonwatch.edge.publish.BatchOptions;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code carbonwatch edge --site site.yaml [--agent NAME] …}: validates the site model and the
 * agent's plan (failing at start-up with every problem listed), then runs the agent until SIGTERM.
 * The site file is reloaded when it changes or on SIGHUP; a reload that fails validation is
 * rejected and the agent keeps running the previous model.
 */
public final class EdgeCommand {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeCommand.class);
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int INVALID = 2;

  private static final Set<String> OPTIONS =
      Set.of(
          "--site",
          "--agent",
          "--broker",
          "--client-id",
          "--username",
          "--password-file",
          "--ca-file",
          "--data-dir",
          "--http",
          "--replay-rate",
          "--queue-max-mb",
          "--batch-max-readings",
          "--batch-max-delay");

  public String summary() {
    return "运行边缘采集代理 / run the edge agent (Modbus + MQTT → broker)";
  }

  public String usage() {
    return String.join(
        "\n",
        "carbonwatch edge --site FILE [--agent NAME] [options]",
        "  --site FILE           站点模型 / site model (YAML); reloaded on change or SIGHUP",
        "  --agent NAME          代理编号 / agent id in the model (needed when it has several;"
            + " default $CARBONWATCH_AGENT)",
        "  --broker URI          MQTT broker, tcp://host:1883 or ssl://host:8883"
            + " (default $CARBONWATCH_MQTT_URI or tcp://127.0.0.1:1883)",
        "  --client-id ID        MQTT client id (default cw-edge-SITE-AGENT)",
        "  --username USER       MQTT user (password from --password-file or $CARBONWATCH_MQTT_PASSWORD)",
        "  --password-file FILE  file holding the MQTT password",
        "  --ca-file PEM         CA certificate for TLS (ssl://)",
        "  --data-dir DIR        disk queue and sequence numbers (default /var/lib/carbonwatch/edge)",
        "  --http HOST:PORT      /metrics and /health (default 127.0.0.1:9464; 'off' to disable)",
        "  --replay-rate N       backlog messages per second after an outage (default 500)",
        "  --queue-max-mb N      disk queue bound; oldest dropped beyond it (default 1024)",
        "  --batch-max-readings N  每条消息最多读数 / publish.batch.maxReadings: readings per MQTT"
            + " message, 1..10000 (default 1 = one message per reading; >1 = gateway batches"
            + " on cw/v1/SITE/readings/AGENT)",
        "  --batch-max-delay D   批次最长等待 / publish.batch.maxDelay: longest a reading waits for"
            + " its batch, e.g. 200ms (default 200ms)");
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code;
    try {
      code = new EdgeCommand().run(List.of(args), out, err);
    } catch (Exception e) {
      err.println("错误 / error: " + e);
      code = FAILURE;
    }
    System.exit(code);
  }

  /** Loads the site model, checking profile names and the channels each profile provides. */
  static SiteModel loadModel(Path file, ProfileCatalog catalog) {
    Map<String, Set<String>> channels = new LinkedHashMap<>();
    for (String id : catalog.ids()) {
      DeviceProfile p = catalog.find(id).orElseThrow();
      channels.put(id, p.fields().stream().map(ProfileField::name).collect(Collectors.toSet()));
    }
    References refs = new References(Set.copyOf(catalog.ids()), channels, null, null, null);
    return new SiteModelLoader(refs).load(file);
  }

  /** Runs the agent; returns only on shutdown (or at once with {@link #INVALID}). */
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandLine cl;
    Path siteFile;
    try {
      cl = new CommandLine(args, OPTIONS);
      siteFile = Path.of(cl.required("--site"));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println("用法 / usage: " + usage().lines().findFirst().orElse(""));
      return INVALID;
    }
    ProfileCatalog catalog = ProfileCatalog.shipped();
    AgentPlan plan;
    EdgeConfig config;
    try {
      SiteModel model = loadModel(siteFile, catalog);
      plan = AgentPlan.of(model, cl.get("--agent", env("CARBONWATCH_AGENT")), catalog);
      config = config(cl, plan);
    } catch (ConfigException e) {
      printConfigErrors(e, err);
      return INVALID;
    } catch (AgentPlan.PlanException e) {
      err.println(
          "站点模型不适用于该代理，共 "
              + e.problems().size()
              + " 处 / the site model does not fit this agent, "
              + e.problems().size()
              + " problem(s):");
      for (String p : e.problems()) {
        err.println(siteFile.getFileName() + ": " + p);
      }
      return INVALID;
    } catch (IllegalArgumentException e) {
      err.println("配置有误 / invalid configuration: " + e.getMessage());
      return INVALID;
    }

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EdgeMetrics metrics = new EdgeMetrics(registry);
    Agent agent = new Agent(config, plan, metrics, Clock.systemUTC()).start();
    HttpEndpoints http = null;
    if (config.http() != null) {
      http =
          new HttpEndpoints(
                  config.http(),
                  registry,
                  () -> {
                    boolean ok = agent.queue().dropped() == 0;
                    String json =
                        "{\"status\":\""
                            + (ok ? "up" : "degraded")
                            + "\",\"broker\":"
                            + agent.brokerConnected()
                            + ",\"queueDepth\":"
                            + agent.queue().depth()
                            + ",\"queueDropped\":"
                            + agent.queue().dropped()
                            + ",\"devices\":"
                            + agent.plan().deviceCount()
                            + ",\"configHash\":\""
                            + agent.plan().configHash()
                            + "\"}";
                    return new HttpEndpoints.Health(ok, json);
                  })
              .start();
      out.println(
          "metrics: http://" + config.http().getHostString() + ":" + http.port() + "/metrics");
    }
    out.println(
        "边缘代理已启动 / edge agent "
            + plan.site().id()
            + "/"
            + plan.agent().id()
            + " started: "
            + plan.deviceCount()
            + " Modbus devices, "
            + plan.mqttMeters().size()
            + " MQTT-native meters, broker "
            + config.broker().uri());

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean reloadRequested = new AtomicBoolean();
    Thread reloader = reloader(siteFile, catalog, agent, metrics, reloadRequested, stopped);
    installSighup(reloadRequested);
    HttpEndpoints httpRef = http;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping edge agent");
                  if (httpRef != null) {
                    httpRef.close();
                  }
                  agent.close();
                  stopped.countDown();
                },
                "cw-edge-shutdown"));
    stopped.await();
    reloader.interrupt();
    return OK;
  }

  /**
   * An environment variable by the name every component uses ({@code CARBONWATCH_…}), or by the
   * edge agent's earlier {@code CW_…} name, still read so existing unit files keep working.
   */
  private static String env(String name) {
    String v = System.getenv(name);
    return v != null ? v : System.getenv(name.replaceFirst("^CARBONWATCH_", "CW_"));
  }

  private static EdgeConfig config(CommandLine cl, AgentPlan plan) throws IOException {
    String uri =
        cl.get(
            "--broker",
            Objects.requireNonNullElse(env("CARBONWATCH_MQTT_URI"), "tcp://127.0.0.1:1883"));
    String clientId =
        cl.get("--client-id", "cw-edge-" + plan.site().id() + "-" + plan.agent().id());
    BrokerOptions broker = BrokerOptions.of(uri, clientId);
    String user = cl.get("--username", null);
    if (user != null) {
      String pwFile = cl.get("--password-file", null);
      String pw =
          pwFile != null
              ? Files.readString(Path.of(pwFile), StandardCharsets.UTF_8).strip()
              : env("CARBONWATCH_MQTT_PASSWORD");
      if (pw == null) {
        throw new IllegalArgumentException(
            "--username needs a password: --password-file FILE or $CARBONWATCH_MQTT_PASSWORD");
      }
      broker = broker.withCredentials(user, pw);
    }
    String ca = cl.get("--ca-file", null);
    if (ca != null) {
      if (!Files.isReadable(Path.of(ca))) {
        throw new IllegalArgumentException("--ca-file " + ca + ": not readable");
      }
      broker = broker.withCa(Path.of(ca));
    }
    broker = broker.withReplayRate(cl.number("--replay-rate", 500));
    String httpText = cl.get("--http", "127.0.0.1:9464");
    InetSocketAddress http = null;
    if (!"off".equals(httpText)) {
      int colon = httpText.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("--http: expected HOST:PORT or off, got " + httpText);
      }
      http =
          new InetSocketAddress(
              httpText.substring(0, colon), Integer.parseInt(httpText.substring(colon + 1)));
    }
    Path dataDir = Path.of(cl.get("--data-dir", "/var/lib/carbonwatch/edge"));
    long maxBytes = (long) (cl.number("--queue-max-mb", 1024) * 1024 * 1024);
    return EdgeConfig.of(dataDir, broker, http)
        .withQueue(maxBytes, Math.min(4L << 20, maxBytes / 8))
        .withBatch(batchOptions(cl));
  }

  /** {@code publish.batch.*} from {@code --batch-max-readings} and {@code --batch-max-delay}. */
  static BatchOptions batchOptions(CommandLine cl) {
    String n = cl.get("--batch-max-readings", "1");
    int maxReadings;
    try {
      maxReadings = Integer.parseInt(n.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "publish.batch.maxReadings (--batch-max-readings): expected a whole number 1..10000,"
              + " got '"
              + n
              + "'");
    }
    String d = cl.get("--batch-max-delay", null);
    Duration maxDelay = BatchOptions.DEFAULT_MAX_DELAY;
    if (d != null) {
      String t = d.trim();
      try {
        maxDelay =
            t.startsWith("-") ? Durations.parse(t.substring(1)).negated() : Durations.parse(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "publish.batch.maxDelay (--batch-max-delay): " + e.getMessage());
      }
    }
    return new BatchOptions(maxReadings, maxDelay);
  }

  static void printConfigErrors(ConfigException e, PrintStream err) {
    int n = e.errors().size();
    err.println(
        "配置有误，共 " + n + " 处 / invalid configuration, " + n + (n == 1 ? " error:" : " errors:"));
    for (ConfigError error : e.errors()) {
      err.println(error);
    }
  }

  private static void installSighup(AtomicBoolean reloadRequested) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> reloadRequested.set(true));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("SIGHUP reload unavailable: {}", e.toString());
    }
  }

  /** Watches the site file (and SIGHUP requests); applies a valid new model, rejects a bad one. */
  private static Thread reloader(
      Path siteFile,
      ProfileCatalog catalog,
      Agent agent,
      EdgeMetrics metrics,
      AtomicBoolean reloadRequested,
      CountDownLatch stopped) {
    Thread t =
        new Thread(
            () -> {
              Path abs = siteFile.toAbsolutePath();
              try (WatchService ws = FileSystems.getDefault().newWatchService()) {
                abs.getParent()
                    .register(
                        ws,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_CREATE);
                while (stopped.getCount() > 0) {
                  WatchKey key = ws.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                  boolean changed = reloadRequested.getAndSet(false);
                  if (key != null) {
                    for (var ev : key.pollEvents()) {
                      if (abs.getFileName().equals(ev.context())) {
                        changed = true;
                      }
                    }
                    key.reset();
                  }
                  if (changed) {
                    Thread.sleep(300); // let the editor finish writing
                    reload(abs, catalog, agent, metrics);
                  }
                }
              } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
              } catch (IOException e) {
                LOG.error("cannot watch {}: {}", abs, e.toString());
              }
            },
            "cw-edge-reloader");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void reload(Path siteFile, ProfileCatalog catalog, Agent agent, EdgeMetrics metrics) {
    try {
      SiteModel model = loadModel(siteFile, catalog);
      AgentPlan next = AgentPlan.of(model, agent.plan().agent().id(), catalog);
      if (next.configHash().equals(agent.plan().configHash())) {
        return;
      }
      agent.reload(next);
    } catch (ConfigException e) {
      metrics.reload(false);
      LOG.error(
          "site model rejected, keeping the running one:\n{}",
          e.errors().stream().map(Object::toString).collect(Collectors.joining("\n")));
    } catch (IllegalArgumentException e) {
      metrics.reload(false);
      LOG.error("site model rejected, keeping the running one: {}", e.getMessage());
    }
  }
}
