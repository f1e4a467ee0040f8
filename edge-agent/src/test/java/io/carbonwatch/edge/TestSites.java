package io.carbonwatch.edge;

import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/**
 * The test plant (test-site.yaml) with the gateway port, poll interval and calibration date set.
 */
final class TestSites {
  private TestSites() {}

  static String yaml(int port, String pollInterval, String calibrationDate) {
    try (InputStream in = TestSites.class.getResourceAsStream("test-site.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("PORT", Integer.toString(port))
          .replace("POLL", pollInterval)
          .replace("CALDATE", calibrationDate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SiteModel load(String yaml) {
    return new SiteModelLoader().loadYaml("test-site.yaml", yaml);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
