package io.carbonwatch.testkit;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Lifecycle shared by the three server extensions.
 *
 * <ul>
 *   <li>Registered on a {@code static} field: one server per test class (beforeAll/afterAll).
 *   <li>Registered on an instance field: one server per test method (beforeEach/afterEach).
 *   <li>Created with {@code shared()}: one server for the whole test run (per JVM fork), kept in
 *       the root {@link ExtensionContext.Store} and closed when the run ends.
 * </ul>
 *
 * Test methods and lifecycle methods can also declare a parameter of the server type.
 */
abstract class ServerExtension<S extends AutoCloseable>
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create("io.carbonwatch.testkit");

  private final Class<S> type;
  private final Supplier<S> factory;
  private final Consumer<S> starter;
  private final boolean shared;

  private volatile S server;
  private volatile boolean ownedByClass;
  private volatile boolean ownedByMethod;

  ServerExtension(Class<S> type, Supplier<S> factory, Consumer<S> starter, boolean shared) {
    this.type = type;
    this.factory = factory;
    this.starter = starter;
    this.shared = shared;
  }

  /** The running server; only between beforeAll (or beforeEach) and afterAll. */
  public S server() {
    S s = server;
    if (s == null) {
      throw new IllegalStateException(
          type.getSimpleName()
              + " is not started: register the extension with @RegisterExtension on a field"
              + " and use it from a test or a lifecycle method");
    }
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (server == null) {
      ownedByClass = acquire(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (ownedByClass) {
      ownedByClass = false;
      closeServer();
    } else if (shared) {
      server = null;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      // registered on an instance field: beforeAll never ran for this instance
      ownedByMethod = acquire(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (ownedByMethod) {
      ownedByMethod = false;
      closeServer();
    }
  }

  /** Joins the shared server or starts a new one; returns whether this extension must close it. */
  private boolean acquire(ExtensionContext context) {
    server = shared ? sharedServer(context) : startNew();
    return !shared;
  }

  private void closeServer() throws Exception {
    S s = server;
    server = null;
    s.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    return parameterContext.getParameter().getType() == type;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    if (server == null) {
      beforeAll(context);
    }
    return server();
  }

  private S startNew() {
    S s = factory.get();
    try {
      starter.accept(s);
      return s;
    } catch (RuntimeException e) {
      try {
        s.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private S sharedServer(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    @SuppressWarnings("unchecked")
    SharedServer<S> holder =
        store.getOrComputeIfAbsent(
            type.getName() + ".shared", k -> new SharedServer<>(startNew()), SharedServer.class);
    return holder.server;
  }

  /** Closed by JUnit when the root context (the whole run) closes. */
  private static final class SharedServer<S extends AutoCloseable>
      implements ExtensionContext.Store.CloseableResource {
    final S server;

    SharedServer(S server) {
      this.server = server;
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }
}
