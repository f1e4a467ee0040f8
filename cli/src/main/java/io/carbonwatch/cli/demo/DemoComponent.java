package io.carbonwatch.cli.demo;

/**
 * One part of the demo stack (a child process, an in-process service or a feed). The demo starts
 * components in order and closes them in reverse, so each may rely on the ones before it.
 */
public interface DemoComponent extends AutoCloseable {

  /** Short name for messages, e.g. {@code mosquitto}. */
  String name();

  /** Starts the component and returns once it serves; throws with the reason otherwise. */
  void start() throws Exception;

  /** One line for the start-up banner (address, data directory), or {@code null}. */
  default String describe() {
    return null;
  }

  /** Stops the component and waits until it has stopped; safe to call when not started. */
  @Override
  void close();
}
