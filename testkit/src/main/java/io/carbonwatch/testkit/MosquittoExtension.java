package io.carbonwatch.testkit;

/**
 * A {@link MosquittoServer} for JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension static final MosquittoExtension mqtt = new MosquittoExtension();
 *
 * void publishes() { client.connect(mqtt.uri()); ... }   // a test method
 * }</pre>
 *
 * <p>A static field gives one broker per test class; {@link #shared()} gives one broker for the
 * whole run (never stop or restart a shared broker: other classes use it).
 */
public final class MosquittoExtension extends ServerExtension<MosquittoServer> {

  /** One anonymous, plain-TCP broker per test class. */
  public MosquittoExtension() {
    this(MosquittoServer.builder());
  }

  /** One broker per test class with the given options (credentials, TLS, persistence). */
  public MosquittoExtension(MosquittoServer.Builder options) {
    super(MosquittoServer.class, options::build, MosquittoServer::start, false);
  }

  private MosquittoExtension(boolean shared) {
    super(MosquittoServer.class, MosquittoServer::new, MosquittoServer::start, shared);
  }

  /** One anonymous broker shared by every test class in the run that asks for it. */
  public static MosquittoExtension shared() {
    return new MosquittoExtension(true);
  }

  public String host() {
    return server().host();
  }

  public int port() {
    return server().port();
  }

  /** {@code tcp://127.0.0.1:<port>}. */
  public String uri() {
    return server().uri();
  }
}
