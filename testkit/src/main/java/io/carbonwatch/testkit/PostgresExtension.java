package io.carbonwatch.testkit;

/**
 * A {@link PostgresServer} for JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresExtension pg = new PostgresExtension();
 *
 * void stores() throws Exception {   // a test method
 *   try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) { ... }
 * }
 * }</pre>
 *
 * <p>A static field gives one cluster per test class; {@link #shared()} gives one for the whole run
 * (then use {@link PostgresServer#createDatabase(String)} per class).
 */
public final class PostgresExtension extends ServerExtension<PostgresServer> {

  /** One PostgreSQL cluster per test class. */
  public PostgresExtension() {
    this(false);
  }

  private PostgresExtension(boolean shared) {
    super(PostgresServer.class, PostgresServer::new, PostgresServer::start, shared);
  }

  /** One PostgreSQL cluster shared by every test class in the run that asks for it. */
  public static PostgresExtension shared() {
    return new PostgresExtension(true);
  }

  public String jdbcUrl() {
    return server().jdbcUrl();
  }

  public String host() {
    return server().host();
  }

  public int port() {
    return server().port();
  }

  public String database() {
    return server().database();
  }

  public String user() {
    return server().user();
  }

  public String password() {
    return server().password();
  }
}
