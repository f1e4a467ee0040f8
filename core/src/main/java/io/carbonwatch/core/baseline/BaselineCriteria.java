package io.carbonwatch.core.baseline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validity gates a baseline must pass, grouped in sets (ASHRAE Guideline 14, EnPI Lite,
 * CalTRACK). Defaults come from {@code io/carbonwatch/data/baseline-criteria.yaml}; a site can use
 * other sets or its own gates through {@link #of(List)}.
 */
public final class BaselineCriteria {

  /** Classpath location of the shipped defaults. */
  public static final String DEFAULT_RESOURCE = "/io/carbonwatch/data/baseline-criteria.yaml";

  private final Map<String, List<ValidityGate>> gateSets;
  private final List<String> defaultGateSets;

  private BaselineCriteria(Map<String, List<ValidityGate>> gateSets, List<String> defaults) {
    this.gateSets = gateSets;
    this.defaultGateSets = List.copyOf(defaults);
  }

  /** Loads the shipped defaults. */
  public static BaselineCriteria loadDefaults() {
    try (InputStream in = BaselineCriteria.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
      }
      return load(in, "baseline-criteria.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads a criteria file. Errors name the file, line, column and path, e.g. {@code
   * criteria.yaml:21:17 gateSets[1].gates[0].metric: expected one of …}.
   */
  public static BaselineCriteria load(InputStream in, String fileName) throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    FileDto file;
    try {
      file = yaml.readValue(in, FileDto.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(describe(fileName, e), e);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new IllegalArgumentException(
          fileName + ":" + l.getLineNr() + ":" + l.getColumnNr() + " " + e.getOriginalMessage(), e);
    }
    if (file == null || file.gateSets() == null) {
      throw new IllegalArgumentException(fileName + ": gateSets: required");
    }
    Map<String, List<ValidityGate>> sets = new LinkedHashMap<>();
    for (int s = 0; s < file.gateSets().size(); s++) {
      GateSetDto set = file.gateSets().get(s);
      String at = fileName + ": gateSets[" + s + "]";
      if (set.id() == null || set.source() == null || set.verification() == null) {
        throw new IllegalArgumentException(at + ": id, source and verification are required");
      }
      if (sets.containsKey(set.id())) {
        throw new IllegalArgumentException(at + ".id: duplicate gate set '" + set.id() + "'");
      }
      List<ValidityGate> gates = new ArrayList<>();
      for (int g = 0; g < set.gates().size(); g++) {
        GateDto d = set.gates().get(g);
        try {
          gates.add(
              new ValidityGate(
                  d.id(),
                  set.id(),
                  d.metric(),
                  d.comparison(),
                  d.threshold() == null ? Double.NaN : d.threshold(),
                  d.granularity(),
                  set.source(),
                  set.verification()));
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new IllegalArgumentException(at + ".gates[" + g + "]: " + e.getMessage(), e);
        }
      }
      sets.put(set.id(), List.copyOf(gates));
    }
    List<String> defaults =
        file.defaultGateSets() == null ? List.copyOf(sets.keySet()) : file.defaultGateSets();
    for (String d : defaults) {
      if (!sets.containsKey(d)) {
        throw new IllegalArgumentException(
            fileName + ": defaultGateSets: unknown gate set '" + d + "', known: " + sets.keySet());
      }
    }
    return new BaselineCriteria(sets, defaults);
  }

  /** Criteria made of explicit gates (e.g. from a site model), all in the default selection. */
  public static BaselineCriteria of(List<ValidityGate> gates) {
    Map<String, List<ValidityGate>> sets = new LinkedHashMap<>();
    for (ValidityGate g : gates) {
      sets.computeIfAbsent(g.gateSet(), k -> new ArrayList<>()).add(g);
    }
    sets.replaceAll((k, v) -> List.copyOf(v));
    return new BaselineCriteria(sets, List.copyOf(sets.keySet()));
  }

  public Set<String> gateSetIds() {
    return gateSets.keySet();
  }

  public List<String> defaultGateSets() {
    return defaultGateSets;
  }

  public List<ValidityGate> gates(String gateSetId) {
    List<ValidityGate> g = gateSets.get(gateSetId);
    if (g == null) {
      throw new IllegalArgumentException(
          "gateSet: unknown '" + gateSetId + "', known: " + gateSets.keySet());
    }
    return g;
  }

  /** Evaluates the default gate sets. */
  public GateReport evaluate(BaselineModel model) {
    return evaluate(model, defaultGateSets);
  }

  /** Evaluates the named gate sets, in order. */
  public GateReport evaluate(BaselineModel model, List<String> gateSetIds) {
    Objects.requireNonNull(model, "model");
    List<GateResult> results = new ArrayList<>();
    for (String id : gateSetIds) {
      for (ValidityGate gate : gates(id)) {
        results.add(evaluate(model, gate));
      }
    }
    return new GateReport(results);
  }

  /** Evaluates one gate. */
  public static GateResult evaluate(BaselineModel model, ValidityGate gate) {
    if (gate.granularity() != null && gate.granularity() != model.granularity()) {
      return new GateResult(
          gate,
          GateResult.Status.NOT_APPLICABLE,
          null,
          "gate is for "
              + gate.granularity().code()
              + " models, model is "
              + model.granularity().code());
    }
    Double value = metricValue(model, gate.metric());
    if (value == null) {
      return new GateResult(
          gate,
          GateResult.Status.NOT_APPLICABLE,
          null,
          gate.metric().code()
              + " is not defined for a "
              + model.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " baseline");
    }
    boolean pass = gate.comparison().test(value, gate.threshold());
    return new GateResult(
        gate,
        pass ? GateResult.Status.PASS : GateResult.Status.FAIL,
        value,
        String.format(
            java.util.Locale.ROOT,
            "%s %.6g %s %s: %s",
            gate.metric().code(),
            value,
            gate.comparison().symbol(),
            stripZeros(gate.threshold()),
            pass ? "pass" : "fail"));
  }

  static Double metricValue(BaselineModel model, ValidityGate.Metric metric) {
    FitStatistics s = model.statistics();
    return switch (metric) {
      case CV_RMSE_PERCENT -> s.cvRmsePercent();
      case ABS_NMBE_PERCENT -> s.nmbePercent() == null ? null : Math.abs(s.nmbePercent());
      case R2 -> s.r2();
      case ADJUSTED_R2 -> s.adjustedR2();
      case MODEL_F_P_VALUE -> s.fPValue();
      case MAX_VARIABLE_P_VALUE ->
          model.terms().stream()
              .map(Term::pValue)
              .filter(Objects::nonNull)
              .max(Double::compare)
              .orElse(null);
      case MIN_VARIABLE_P_VALUE ->
          model.terms().stream()
              .map(Term::pValue)
              .filter(Objects::nonNull)
              .min(Double::compare)
              .orElse(null);
    };
  }

  private static String stripZeros(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String describe(String fileName, JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    JsonLocation l = e.getLocation();
    String where = l == null ? fileName : fileName + ":" + l.getLineNr() + ":" + l.getColumnNr();
    Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
    return where
        + " "
        + path
        + ": "
        + (cause != null ? cause.getMessage() : e.getOriginalMessage());
  }

  record FileDto(Integer version, List<String> defaultGateSets, List<GateSetDto> gateSets) {}

  record GateSetDto(
      String id,
      Map<String, String> title,
      String source,
      String verification,
      List<GateDto> gates) {
    GateSetDto {
      gates = gates == null ? List.of() : gates;
    }
  }

  record GateDto(
      String id,
      ValidityGate.Metric metric,
      ValidityGate.Comparison comparison,
      Double threshold,
      Granularity granularity) {}
}
