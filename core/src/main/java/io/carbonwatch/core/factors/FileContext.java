package io.carbonwatch.core.factors;

import io.carbonwatch.core.units.Provenance;
import io.carbonwatch.core.units.Verification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Header of a data file (name, kind, version, sources, defaults) and the resolution of each value's
 * provenance: a value's own {@code source}/{@code verification} win over its group's, which win
 * over the file's {@code defaults}.
 */
final class FileContext {

  /** Inherited provenance fields while walking down the tree. */
  record Inherited(String sourceKey, Verification verification, String note) {}

  private final String file;
  private final String kind;
  private final String version;
  private final Map<String, String> citations;
  private final Inherited defaults;

  private FileContext(
      String file, String kind, String version, Map<String, String> citations, Inherited defaults) {
    this.file = file;
    this.kind = kind;
    this.version = version;
    this.citations = citations;
    this.defaults = defaults;
  }

  static FileContext read(String file, Node root) {
    String kind = root.required("kind").text();
    String version = root.required("version").text();
    Map<String, String> citations = new LinkedHashMap<>();
    Node sources = root.required("sources");
    sources
        .fields()
        .forEach(
            (key, s) -> {
              s.allowOnly("citation", "url");
              String citation = s.required("citation").text();
              Node url = s.get("url");
              citations.put(key, url == null ? citation : citation + " <" + url.text() + ">");
            });
    FileContext ctx =
        new FileContext(file, kind, version, citations, new Inherited(null, null, ""));
    Node d = root.get("defaults");
    if (d != null) {
      d.allowOnly("source", "verification");
      ctx = new FileContext(file, kind, version, citations, ctx.inherit(d, ctx.defaults));
    }
    return ctx;
  }

  String file() {
    return file;
  }

  String kind() {
    return kind;
  }

  String version() {
    return version;
  }

  Inherited defaults() {
    return defaults;
  }

  /** Provenance fields of a group node, inheriting what it does not say; notes accumulate. */
  Inherited inherit(Node n, Inherited parent) {
    String sourceKey = parent.sourceKey();
    Verification verification = parent.verification();
    Node s = n.get("source");
    if (s != null) {
      sourceKey = s.text();
      if (!citations.containsKey(sourceKey)) {
        throw s.error("unknown source '" + sourceKey + "'; expected one of " + citations.keySet());
      }
    }
    Node v = n.get("verification");
    if (v != null) {
      try {
        verification = Verification.fromId(v.text());
      } catch (IllegalArgumentException e) {
        throw v.error(e.getMessage());
      }
    }
    String own = n.optionalText("note", "");
    String note =
        parent.note().isEmpty() ? own : own.isEmpty() ? parent.note() : parent.note() + "; " + own;
    return new Inherited(sourceKey, verification, note);
  }

  /** Provenance of the value at {@code n}, which may override source, verification and note. */
  Provenance provenance(Node n, Inherited parent) {
    Inherited own = n.isMap() ? inherit(n, parent) : parent;
    if (own.sourceKey() == null) {
      throw n.error("no source: give 'source' here or in the file's defaults");
    }
    if (own.verification() == null) {
      throw n.error("no verification: give 'verification' (primary, secondary, unverified)");
    }
    return new Provenance(
        citations.get(own.sourceKey()), own.verification(), file, version, own.note());
  }
}
