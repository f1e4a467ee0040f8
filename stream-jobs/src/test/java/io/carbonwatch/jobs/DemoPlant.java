package io.carbonwatch.jobs;

import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example plant of docs/examples, shared by the tests. */
public final class DemoPlant {
  public static final Path FILE = Path.of("../docs/examples/demo-plant.yaml");
  private static SiteModel model;
  private static FactorLibrary library;

  private DemoPlant() {}

  public static String yaml() {
    try {
      return Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static synchronized SiteModel model() {
    if (model == null) {
      model = new SiteModelLoader().loadYaml(FILE.toString(), yaml());
    }
    return model;
  }

  public static synchronized FactorLibrary library() {
    if (library == null) {
      library = FactorLibrary.loadBundled();
    }
    return library;
  }
}
