package io.carbonwatch.cli.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port checks used before starting a server and by the demo test after stopping. */
public final class Ports {
  private Ports() {}

  /** Whether nothing listens on {@code 127.0.0.1:port} (we can bind it ourselves). */
  public static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether something accepts connections on {@code 127.0.0.1:port}. */
  public static boolean canConnect(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free a moment ago (for tests that run the demo on unusual ports). */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
    }
  }

  /** Fails before anything starts when a port the demo needs is taken, naming the option. */
  static void requireFree(int port, String what, String option) {
    if (!isFree(port)) {
      throw new DemoException(
          what
              + ": port "
              + port
              + " on 127.0.0.1 is in use; stop whatever holds it or choose another with "
              + option
              + " / "
              + what
              + " 端口 "
              + port
              + " 已被占用，请停止占用它的程序或用 "
              + option
              + " 换一个端口");
    }
  }
}
