package io.carbonwatch.core.wire;

/**
 * The site model on {@code control/site-model}: {@code {"v":1, "version": "sha256:…", "siteModel":
 * {…}}}. {@code siteModelJson} is the canonical JSON object text (SiteModelJson in core.site), kept
 * raw so the wire package does not depend on the site package; parse it with {@code
 * SiteModelLoader}.
 */
public record SiteModelControl(String version, String siteModelJson) {
  public SiteModelControl {
    Wire.required("version", version);
    if (!version.startsWith("sha256:")) {
      throw new IllegalArgumentException("version: expected sha256:<hex>, got " + version);
    }
    Wire.required("siteModel", siteModelJson);
  }
}
