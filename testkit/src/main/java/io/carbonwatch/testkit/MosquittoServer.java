package io.carbonwatch.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's Mosquitto broker as a child process on a free loopback port.
 *
 * <p>Mosquitto's defaults silently drop QoS 1 messages once 1000 are queued for a slow client or 20
 * are in flight, so the generated config lifts both limits ({@code max_queued_messages 0}, {@code
 * max_inflight_messages 0}) and keeps no state on disk ({@code persistence false}) unless {@link
 * Builder#persistent()} asks for it.
 *
 * <pre>{@code
 * try (MosquittoServer broker = new MosquittoServer().start()) {
 *   client.connect(broker.uri());
 *   broker.restart(); // same port: simulates an outage
 * }
 * }</pre>
 */
public final class MosquittoServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final String username;
  private final String password;
  private final boolean tls;
  private final boolean persistent;

  /** Where mosquitto, mosquitto_passwd and openssl are looked for; tests point it elsewhere. */
  String searchPath = Processes.defaultSearchPath();

  private final ServerRuntime runtime =
      new ServerRuntime("mosquitto", "mosquitto", "mosquitto.log");
  private Path certFile;
  private int port = -1;
  private int tlsPort = -1;

  /** An anonymous, plain-TCP, non-persistent broker. */
  public MosquittoServer() {
    this(builder());
  }

  private MosquittoServer(Builder b) {
    this.username = b.username;
    this.password = b.password;
    this.tls = b.tls;
    this.persistent = b.persistent;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for a broker; every option is off by default. */
  public static final class Builder {
    private String username;
    private String password;
    private boolean tls;
    private boolean persistent;

    private Builder() {}

    /**
     * Require this username and password (a {@code mosquitto_passwd} file); anonymous clients are
     * then refused.
     */
    public Builder credentials(String username, String password) {
      if (username == null || username.isBlank() || username.contains(":")) {
        throw new IllegalArgumentException("username: must be non-blank without ':'");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("password: must be non-empty");
      }
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * Also open a TLS listener on a second port with a self-signed certificate for 127.0.0.1
     * (generated with openssl); clients trust it through {@link #sslSocketFactory()}.
     */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /**
     * Keep sessions and queued messages across {@link #restart()} (Mosquitto persistence in the
     * temp dir, saved on every change). Off by default.
     */
    public Builder persistent() {
      this.persistent = true;
      return this;
    }

    public MosquittoServer build() {
      return new MosquittoServer(this);
    }
  }

  /**
   * Starts the broker and waits until it accepts connections. Picks free ports on the first start
   * and retries with new ones if another process takes a port in between.
   *
   * @return this, for chaining
   * @throws MissingBinaryException if mosquitto is not installed
   * @throws ServerStartException if the broker does not come up; the message has its log tail
   */
  public synchronized MosquittoServer start() {
    if (isRunning()) {
      return this;
    }
    Path binary = Processes.findBinary("mosquitto", "mosquitto", searchPath);
    runtime.start(
        "mosquitto",
        first -> {
          if (first) {
            if (username != null) {
              writePasswordFile();
            }
            if (tls) {
              generateCertificate();
            }
          }
          launchWithRetries(binary, first);
        },
        this::uri);
    return this;
  }

  private void launchWithRetries(Path binary, boolean mayChangePorts) {
    Path configFile = runtime.workDir().resolve("mosquitto.conf");
    runtime.launchWithRetries(
        mayChangePorts,
        () -> {
          port = Processes.freePort();
          tlsPort = tls ? Processes.freePort() : -1;
        },
        () -> Processes.isFree(port) && (!tls || Processes.isFree(tlsPort)),
        () -> {
          Processes.write(configFile, config());
          return Processes.start(
              List.of(binary.toString(), "-c", configFile.toString()),
              runtime.workDir(),
              runtime.logFile());
        },
        logOffset ->
            runtime.awaitReady(
                START_TIMEOUT,
                20,
                () -> accepting(logOffset),
                " on port " + port,
                configFile,
                () -> "mosquitto did not accept connections on 127.0.0.1:" + port),
        1_000,
        "Address already in use");
  }

  private boolean accepting(long logOffset) {
    // the log line proves it is our broker that listens, not whoever else holds the port
    boolean running = Processes.readLog(runtime.logFile(), logOffset).contains(" running");
    return running && Processes.canConnect(port) && (!tls || Processes.canConnect(tlsPort));
  }

  String config() {
    Path workDir = runtime.workDir();
    StringBuilder c = new StringBuilder();
    c.append("# generated by carbonwatch-testkit\n");
    if ("root".equals(System.getProperty("user.name"))) {
      // as root Mosquitto would switch to user 'mosquitto', which cannot read our 0700 temp dir
      c.append("user root\n");
    }
    c.append("per_listener_settings false\n");
    c.append("allow_anonymous ").append(username == null).append('\n');
    if (username != null) {
      c.append("password_file ").append(workDir.resolve("passwd")).append('\n');
    }
    // Mosquitto drops QoS>0 messages beyond 1000 queued / 20 in flight per client by default;
    // tests that publish bursts must never lose a message silently.
    c.append("max_queued_messages 0\n");
    c.append("max_inflight_messages 0\n");
    c.append("max_queued_bytes 0\n");
    if (persistent) {
      c.append("persistence true\n");
      c.append("persistence_location ").append(workDir).append("/\n");
      c.append("autosave_interval 1\n");
      c.append("autosave_on_changes true\n");
    } else {
      c.append("persistence false\n");
    }
    c.append("set_tcp_nodelay true\n");
    // stderr is unbuffered, so the log tail in a failure message is complete
    c.append("log_dest stderr\n");
    c.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
    c.append("log_timestamp_format %Y-%m-%dT%H:%M:%S\n");
    c.append("connection_messages true\n");
    c.append("listener ").append(port).append(' ').append(Processes.LOOPBACK).append('\n');
    if (tls) {
      c.append("listener ").append(tlsPort).append(' ').append(Processes.LOOPBACK).append('\n');
      c.append("certfile ").append(certFile).append('\n');
      c.append("keyfile ").append(workDir.resolve("server.key")).append('\n');
    }
    return c.toString();
  }

  private void writePasswordFile() {
    Path workDir = runtime.workDir();
    Path passwd = workDir.resolve("passwd");
    Path tool = Processes.findBinary("mosquitto_passwd", "mosquitto", searchPath);
    Path log = workDir.resolve("mosquitto_passwd.log");
    Process p =
        Processes.start(
            List.of(tool.toString(), "-b", "-c", passwd.toString(), username, password),
            workDir,
            log);
    awaitTool(p, "mosquitto_passwd", log);
  }

  private void generateCertificate() {
    Path openssl = Processes.findBinary("openssl", "openssl", searchPath);
    Path workDir = runtime.workDir();
    certFile = workDir.resolve("server.crt");
    Path log = workDir.resolve("openssl.log");
    Process p =
        Processes.start(
            List.of(
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                workDir.resolve("server.key").toString(),
                "-out",
                certFile.toString(),
                "-days",
                "3650",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost"),
            workDir,
            log);
    awaitTool(p, "openssl", log);
  }

  private static void awaitTool(Process p, String name, Path log) {
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        Processes.kill(p, 500);
        throw new ServerStartException(name + " failed; output:\n" + Processes.tail(log, 20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerStartException("interrupted while running " + name, e);
    }
  }

  /** Stops the broker (SIGTERM, then SIGKILL after 5 s); ports and temp dir are kept. */
  public synchronized void stop() {
    runtime.stop(5_000);
  }

  /** Stops and starts the broker on the same port(s): what a broker outage looks like. */
  public synchronized MosquittoServer restart() {
    runtime.requireStarted();
    stop();
    return start();
  }

  /** Stops the broker and deletes its temp dir. */
  @Override
  public synchronized void close() {
    stop();
    runtime.deleteWorkDir();
  }

  public synchronized boolean isRunning() {
    return runtime.isRunning();
  }

  public String host() {
    return Processes.LOOPBACK;
  }

  public synchronized int port() {
    runtime.requireStarted();
    return port;
  }

  /** {@code tcp://127.0.0.1:<port>}, the form Paho expects. */
  public String uri() {
    return "tcp://" + host() + ":" + port();
  }

  /** The TLS listener's port; only with {@link Builder#tls()}. */
  public synchronized int tlsPort() {
    runtime.requireStarted();
    if (!tls) {
      throw new IllegalStateException("tlsPort: this broker was built without tls()");
    }
    return tlsPort;
  }

  /** {@code ssl://127.0.0.1:<tlsPort>}; only with {@link Builder#tls()}. */
  public String tlsUri() {
    return "ssl://" + host() + ":" + tlsPort();
  }

  /** The self-signed server certificate (PEM); only with {@link Builder#tls()}. */
  public synchronized Path certificate() {
    runtime.requireStarted();
    if (!tls) {
      throw new IllegalStateException("certificate: this broker was built without tls()");
    }
    return certFile;
  }

  /** A socket factory that trusts exactly this broker's certificate. */
  public SSLSocketFactory sslSocketFactory() {
    try (InputStream in = Files.newInputStream(certificate())) {
      Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("carbonwatch-testkit-mosquitto", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the broker certificate " + certFile, e);
    }
  }

  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  public synchronized Path logFile() {
    return runtime.logFile();
  }

  /** The last lines of the broker's log, for assertion messages. */
  public synchronized String logTail() {
    return runtime.logTail();
  }

  /** How long the last {@link #start()} took, for reports (never for assertions). */
  public synchronized Duration lastStartDuration() {
    return runtime.lastStartDuration();
  }

  @Override
  public String toString() {
    return "MosquittoServer[" + (runtime.started() ? "127.0.0.1:" + port : "not started") + "]";
  }
}
