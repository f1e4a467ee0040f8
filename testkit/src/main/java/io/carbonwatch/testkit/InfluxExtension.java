package io.carbonwatch.testkit;

import java.util.List;
import java.util.Map;

/**
 * An {@link InfluxServer} for JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension static final InfluxExtension influx = new InfluxExtension();
 * }</pre>
 *
 * <p>A static field gives one influxd per test class; {@link #shared()} gives one for the whole run
 * (then give each class its own database, and never stop or restart it).
 */
public final class InfluxExtension extends ServerExtension<InfluxServer> {

  /** One influxd per test class. */
  public InfluxExtension() {
    this(false);
  }

  private InfluxExtension(boolean shared) {
    super(InfluxServer.class, InfluxServer::new, InfluxServer::start, shared);
  }

  /** One influxd shared by every test class in the run that asks for it. */
  public static InfluxExtension shared() {
    return new InfluxExtension(true);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return server().url();
  }

  public int port() {
    return server().port();
  }

  public void createDatabase(String name) {
    server().createDatabase(name);
  }

  /** See {@link InfluxServer#query(String, String)}; bound time ranges on both sides. */
  public List<Map<String, Object>> query(String database, String influxql) {
    return server().query(database, influxql);
  }
}
