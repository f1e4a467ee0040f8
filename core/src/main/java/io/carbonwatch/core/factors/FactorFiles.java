package io.carbonwatch.core.factors;

import io.carbonwatch.core.site.MeteringLevel;
import io.carbonwatch.core.units.Carrier;
import io.carbonwatch.core.units.CoalEquivalent;
import io.carbonwatch.core.units.EnergyConversion;
import io.carbonwatch.core.units.Provenance;
import io.carbonwatch.core.units.Unit;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers of the data file kinds. Every error names file, line, column and field path. */
final class FactorFiles {

  static final String GWP = "gwp100";
  static final String EMISSION_FACTORS = "emission-factors";
  static final String COAL_EQUIVALENT = "coal-equivalent";
  static final String METERING = "metering-requirements";
  static final String BLENDS = "refrigerant-blends";

  private static final double KG_PER_T = 1_000.0;
  private static final double PERCENT = 100.0;
  private static final double KJ_PER_GJ = 1_000_000.0;
  private static final Pattern PER_UNIT =
      Pattern.compile("([A-Za-z]+)/(?:10\\^(\\d+))?([A-Za-z0-9³]+)");
  private static final Pattern FRACTION = Pattern.compile("(\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*(:[a-z0-9_][a-z0-9_-]*)+");

  private FactorFiles() {}

  /** A factor with the node it was read from, for cross-file errors. */
  record Located(EmissionFactor factor, Node at) {}

  // ---------------------------------------------------------------- GWP

  static GwpTable gwp(FileContext ctx, Node root) {
    root.allowOnly("kind", "version", "sources", "defaults", "sets", "gases");
    Map<GwpSet, FileContext.Inherited> sets = new EnumMap<>(GwpSet.class);
    root.required("sets")
        .fields()
        .forEach(
            (name, n) -> {
              n.allowOnly("source", "verification", "description", "note");
              sets.put(parse(n, () -> GwpSet.fromId(name)), ctx.inherit(n, ctx.defaults()));
            });
    Map<GwpSet, Map<Gas, GwpValue>> values = new EnumMap<>(GwpSet.class);
    root.required("gases")
        .fields()
        .forEach(
            (code, byset) -> {
              Gas gas = parse(byset, () -> Gas.fromCode(code));
              byset
                  .fields()
                  .forEach(
                      (setName, v) -> {
                        GwpSet set = parse(v, () -> GwpSet.fromId(setName));
                        FileContext.Inherited parent = sets.get(set);
                        if (parent == null) {
                          throw v.error("set " + setName + " is not declared under 'sets'");
                        }
                        values
                            .computeIfAbsent(set, s -> new EnumMap<>(Gas.class))
                            .put(
                                gas,
                                new GwpValue(
                                    gas,
                                    set,
                                    valueOf(v).positiveNumber(),
                                    provenance(ctx, v, parent)));
                      });
            });
    return new GwpTable(values, ctx.file() + "@" + ctx.version());
  }

  // ---------------------------------------------------------------- emission factors

  static List<Located> emissionFactors(FileContext ctx, Node root) {
    root.allowOnly(
        "kind",
        "version",
        "zone",
        "sources",
        "defaults",
        "constants",
        "factors",
        "yearlySeries",
        "sectorSets",
        "sectorFuels");
    ZoneId zone = ZoneOffset.UTC;
    Node z = root.get("zone");
    if (z != null) {
      try {
        zone = ZoneId.of(z.text());
      } catch (DateTimeException e) {
        throw z.error("expected an IANA time zone such as Asia/Shanghai; got " + z.text());
      }
    }
    Double co2PerC = null;
    Node constants = root.get("constants");
    String co2PerCText = null;
    if (constants != null) {
      constants.allowOnly("co2PerCarbon");
      Node c = constants.get("co2PerCarbon");
      if (c != null) {
        c.allowOnly("value", "source", "verification", "note");
        provenance(ctx, c, ctx.defaults());
        co2PerCText = c.required("value").text();
        co2PerC = fraction(c.required("value"));
      }
    }
    List<Located> out = new ArrayList<>();
    Node factors = root.get("factors");
    if (factors != null) {
      for (Node f : factors.items()) {
        out.add(new Located(factor(ctx, f, zone, co2PerC, co2PerCText), f));
      }
    }
    Node yearly = root.get("yearlySeries");
    if (yearly != null) {
      for (Node s : yearly.items()) {
        out.addAll(yearlySeries(ctx, s, zone));
      }
    }
    Node sectorSets = root.get("sectorSets");
    Node sectorFuels = root.get("sectorFuels");
    if ((sectorSets == null) != (sectorFuels == null)) {
      throw root.error("sectorSets and sectorFuels go together");
    }
    if (sectorSets != null) {
      out.addAll(sectorFactors(ctx, sectorSets, sectorFuels, zone));
    }
    if (out.isEmpty()) {
      throw root.error("no factors: expected factors, yearlySeries or sectorFuels");
    }
    return out;
  }

  private static EmissionFactor factor(
      FileContext ctx, Node f, ZoneId zone, Double co2PerC, String co2PerCText) {
    f.allowOnly(
        "id",
        "series",
        "name",
        "type",
        "activityUnit",
        "ncv",
        "carbonContent",
        "oxidation",
        "perGas",
        "perGasUnit",
        "source",
        "verification",
        "note",
        "effectiveFrom",
        "effectiveTo");
    String id = id(f.required("id"));
    String series = f.get("series") == null ? id : id(f.get("series"));
    FactorType type = parse(f.required("type"), () -> FactorType.fromId(f.required("type").text()));
    Unit activityUnit = unit(f.required("activityUnit"));
    requireFits(type, activityUnit, f.required("activityUnit"));
    Map<String, String> params = new LinkedHashMap<>();
    double ncv = Double.NaN;
    if (f.get("ncv") != null) {
      ncv = ncvGjPer(f.get("ncv"), activityUnit);
      params.put("ncv", measureText(f.get("ncv")));
    }
    Map<Gas, Double> tonnes = new EnumMap<>(Gas.class);
    Node cc = f.get("carbonContent");
    Node perGas = f.get("perGas");
    if ((cc == null) == (perGas == null)) {
      throw f.error("expected exactly one of carbonContent (with ncv, oxidation) or perGas");
    }
    if (cc != null) {
      if (type != FactorType.COMBUSTION) {
        throw cc.error("carbonContent is only for type combustion");
      }
      if (Double.isNaN(ncv)) {
        throw f.error("carbonContent needs ncv (net calorific value)");
      }
      if (co2PerC == null) {
        throw cc.error("needs constants.co2PerCarbon in this file");
      }
      double tcPerGj = carbonContentTcPerGj(cc);
      double ox = oxidation(f.required("oxidation"));
      tonnes.put(Gas.CO2, ncv * tcPerGj * ox * co2PerC);
      params.put("carbonContent", measureText(cc));
      params.put("oxidation", measureText(f.required("oxidation")));
      params.put("co2PerCarbon", co2PerCText);
    } else {
      if (f.get("oxidation") != null) {
        throw f.get("oxidation").error("oxidation goes with carbonContent, not perGas");
      }
      String perUnit = f.required("perGasUnit").text();
      double ncvGj = ncv;
      perGas
          .fields()
          .forEach(
              (code, v) -> {
                Gas gas = parse(v, () -> Gas.fromCode(code));
                double value = nonNegative(v);
                tonnes.put(
                    gas,
                    tonnesPerActivity(f.required("perGasUnit"), value, activityUnit, v, ncvGj));
                params.put("perGas." + code, v.text() + " " + perUnit);
              });
    }
    LocalDate from = f.get("effectiveFrom") == null ? null : f.get("effectiveFrom").date();
    LocalDate to = f.get("effectiveTo") == null ? null : f.get("effectiveTo").date();
    if (from != null && to != null && !to.isAfter(from)) {
      throw f.get("effectiveTo").error("expected a date after effectiveFrom " + from);
    }
    Provenance p = provenance(ctx, f, ctx.defaults());
    return new EmissionFactor(
        id,
        series,
        f.optionalText("name", id),
        type,
        activityUnit,
        tonnes,
        ncv,
        from,
        to,
        zone,
        p,
        params);
  }

  private static List<Located> yearlySeries(FileContext ctx, Node s, ZoneId zone) {
    s.allowOnly(
        "series",
        "name",
        "type",
        "activityUnit",
        "gas",
        "perGasUnit",
        "carryForwardLatest",
        "source",
        "verification",
        "note",
        "years");
    String series = id(s.required("series"));
    FactorType type = parse(s.required("type"), () -> FactorType.fromId(s.required("type").text()));
    Unit activityUnit = unit(s.required("activityUnit"));
    requireFits(type, activityUnit, s.required("activityUnit"));
    Gas gas = parse(s.required("gas"), () -> Gas.fromCode(s.required("gas").text()));
    Node perGasUnit = s.required("perGasUnit");
    boolean carry = false;
    Node c = s.get("carryForwardLatest");
    if (c != null) {
      String t = c.text();
      if (!t.equals("true") && !t.equals("false")) {
        throw c.error("expected true or false; got " + t);
      }
      carry = t.equals("true");
    }
    FileContext.Inherited group = ctx.inherit(s, ctx.defaults());
    TreeMap<Integer, Node> years = new TreeMap<>();
    s.required("years")
        .fields()
        .forEach(
            (y, v) -> {
              if (!y.matches("\\d{4}")) {
                throw v.error("expected a four-digit year as key; got " + y);
              }
              years.put(Integer.parseInt(y), v);
            });
    if (years.isEmpty()) {
      throw s.required("years").error("expected at least one year");
    }
    List<Located> out = new ArrayList<>();
    int latest = years.lastKey();
    for (Map.Entry<Integer, Node> e : years.entrySet()) {
      int year = e.getKey();
      Node v = e.getValue();
      if (v.isMap()) {
        v.allowOnly("value", "source", "verification", "note");
      }
      double value = valueOf(v).positiveNumber();
      boolean carried = carry && year == latest;
      FileContext.Inherited parent = group;
      if (carried) {
        String n =
            "latest published year; carried forward after " + year + " until a newer year is added";
        parent =
            new FileContext.Inherited(
                group.sourceKey(),
                group.verification(),
                group.note().isEmpty() ? n : group.note() + "; " + n);
      }
      Provenance p = provenance(ctx, v, parent);
      Map<Gas, Double> tonnes = new EnumMap<>(Gas.class);
      tonnes.put(gas, tonnesPerActivity(perGasUnit, value, activityUnit, v, Double.NaN));
      Map<String, String> params = new LinkedHashMap<>();
      params.put("perGas." + gas.code(), valueOf(v).text() + " " + perGasUnit.text());
      params.put("dataYear", Integer.toString(year));
      out.add(
          new Located(
              new EmissionFactor(
                  series + ":" + year,
                  series,
                  s.optionalText("name", series) + " " + year,
                  type,
                  activityUnit,
                  tonnes,
                  Double.NaN,
                  LocalDate.of(year, 1, 1),
                  carried ? null : LocalDate.of(year + 1, 1, 1),
                  zone,
                  p,
                  params),
              v));
    }
    return out;
  }

  private static List<Located> sectorFactors(FileContext ctx, Node sets, Node fuels, ZoneId zone) {
    List<Located> out = new ArrayList<>();
    sets.fields()
        .forEach(
            (setName, sectorNode) -> {
              if (!ID.matcher(setName + ":x").matches()) {
                throw sectorNode.error("expected a set name of lowercase letters, digits and -");
              }
              String sector = sectorNode.text();
              fuels
                  .fields()
                  .forEach(
                      (fuel, f) -> {
                        f.allowOnly(
                            "name",
                            "activityUnit",
                            "ncv",
                            "perGasUnit",
                            "perGas",
                            "source",
                            "verification",
                            "note");
                        Unit activityUnit = unit(f.required("activityUnit"));
                        double ncv = ncvGjPer(f.required("ncv"), activityUnit);
                        Node perGasUnit = f.required("perGasUnit");
                        Map<Gas, Double> tonnes = new EnumMap<>(Gas.class);
                        Map<String, String> params = new LinkedHashMap<>();
                        params.put("ncv", measureText(f.required("ncv")));
                        params.put("sector", sector);
                        f.required("perGas")
                            .fields()
                            .forEach(
                                (code, v) -> {
                                  Gas gas = parse(v, () -> Gas.fromCode(code));
                                  Node valueNode = v.isMap() ? v.required(sector) : v;
                                  double value = nonNegative(valueNode);
                                  tonnes.put(
                                      gas,
                                      tonnesPerActivity(
                                          perGasUnit, value, activityUnit, valueNode, ncv));
                                  params.put(
                                      "perGas." + code, valueNode.text() + " " + perGasUnit.text());
                                });
                        String id = setName + ":" + fuel;
                        if (!ID.matcher(id).matches()) {
                          throw f.error("expected a fuel id of lowercase letters, digits and _");
                        }
                        out.add(
                            new Located(
                                new EmissionFactor(
                                    id,
                                    id,
                                    f.optionalText("name", fuel) + " (" + sector + ")",
                                    FactorType.COMBUSTION,
                                    activityUnit,
                                    tonnes,
                                    ncv,
                                    null,
                                    null,
                                    zone,
                                    provenance(ctx, f, ctx.defaults()),
                                    params),
                                f));
                      });
            });
    return out;
  }

  // ---------------------------------------------------------------- GB/T 2589

  static EnergyConversion coalEquivalent(FileContext ctx, Node root) {
    root.allowOnly("kind", "version", "sources", "defaults", "kgceDefinition", "coefficients");
    Node def = root.required("kgceDefinition");
    def.allowOnly("value", "unit", "source", "verification", "note");
    if (!def.required("unit").text().equals("kJ/kgce")) {
      throw def.required("unit").error("expected kJ/kgce");
    }
    double gjPerKgce = def.required("value").positiveNumber() / KJ_PER_GJ;
    Provenance defProv = provenance(ctx, def, ctx.defaults());
    Map<Carrier, CoalEquivalent> map = new EnumMap<>(Carrier.class);
    for (Node c : root.required("coefficients").items()) {
      c.allowOnly("carrier", "kgcePerUnit", "calorificValue", "source", "verification", "note");
      Carrier carrier =
          parse(c.required("carrier"), () -> Carrier.fromId(c.required("carrier").text()));
      Node k = c.required("kgcePerUnit");
      k.allowOnly("value", "unit");
      Unit unit = perUnit(k.required("unit"), "kgce");
      if (!carrier.accepts(unit)) {
        throw k.required("unit").error(carrier.id() + " cannot be measured in " + unit.symbol());
      }
      double gj = Double.NaN;
      Node cv = c.get("calorificValue");
      if (cv != null) {
        cv.allowOnly("value", "unit");
        Unit cvUnit = perUnit(cv.required("unit"), "kJ");
        if (cvUnit.dimension() != unit.dimension()) {
          throw cv.required("unit").error("expected per " + unit.symbol() + " like kgcePerUnit");
        }
        // kJ per cvUnit -> GJ per unit
        gj = cv.required("value").positiveNumber() / KJ_PER_GJ * unit.factorTo(cvUnit);
      }
      if (map.containsKey(carrier)) {
        throw c.required("carrier").error("duplicate carrier " + carrier.id());
      }
      map.put(
          carrier,
          new CoalEquivalent(
              carrier,
              unit,
              k.required("value").positiveNumber(),
              gj,
              provenance(ctx, c, ctx.defaults())));
    }
    return new EnergyConversion(map, gjPerKgce, defProv);
  }

  // ---------------------------------------------------------------- GB 17167

  static MeteringRequirements metering(FileContext ctx, Node root) {
    root.allowOnly(
        "kind",
        "version",
        "standard",
        "sources",
        "defaults",
        "levels",
        "equippingRatePercent",
        "accuracyClasses");
    Map<MeteringLevel, Map<String, String>> names = new EnumMap<>(MeteringLevel.class);
    root.required("levels")
        .fields()
        .forEach(
            (code, n) -> {
              MeteringLevel level = parse(n, () -> MeteringLevel.fromCode(code));
              n.allowOnly("name");
              Map<String, String> byLang = new LinkedHashMap<>();
              n.required("name").fields().forEach((lang, t) -> byLang.put(lang, t.text()));
              names.put(level, byLang);
            });
    List<EquippingRate> rates = new ArrayList<>();
    root.required("equippingRatePercent")
        .fields()
        .forEach(
            (energy, n) -> {
              n.allowOnly("L1", "L2", "L3", "source", "verification", "note");
              Provenance p = provenance(ctx, n, ctx.defaults());
              for (MeteringLevel level : MeteringLevel.values()) {
                Node v = n.required(level.code());
                if (v.isNull()) {
                  continue;
                }
                double pct = v.positiveNumber();
                if (pct > PERCENT) {
                  throw v.error("expected a percentage <= 100; got " + v.text());
                }
                rates.add(new EquippingRate(energy, level, pct, p));
              }
            });
    List<AccuracyRequirement> classes = new ArrayList<>();
    Node ac = root.required("accuracyClasses");
    ac.allowOnly("source", "verification", "note", "values");
    FileContext.Inherited group = ctx.inherit(ac, ctx.defaults());
    for (Node v : ac.required("values").items()) {
      v.allowOnly("instrument", "level", "condition", "class", "source", "verification", "note");
      MeteringLevel level =
          v.get("level") == null
              ? null
              : parse(v.get("level"), () -> MeteringLevel.fromCode(v.get("level").text()));
      classes.add(
          new AccuracyRequirement(
              v.required("instrument").text(),
              level,
              v.optionalText("condition", ""),
              v.required("class").text(),
              provenance(ctx, v, group)));
    }
    return new MeteringRequirements(
        root.required("standard").text(), names, rates, classes, ctx.file() + "@" + ctx.version());
  }

  // ---------------------------------------------------------------- blends

  static Map<String, RefrigerantBlend> blends(FileContext ctx, Node root) {
    root.allowOnly("kind", "version", "sources", "defaults", "blends");
    Map<String, RefrigerantBlend> out = new LinkedHashMap<>();
    root.required("blends")
        .fields()
        .forEach(
            (name, n) -> {
              Provenance p = provenance(ctx, n, ctx.defaults());
              Map<Gas, Double> fractions = new EnumMap<>(Gas.class);
              n.fields()
                  .forEach(
                      (code, v) -> {
                        if (code.equals("source")
                            || code.equals("verification")
                            || code.equals("note")) {
                          return;
                        }
                        fractions.put(parse(v, () -> Gas.fromCode(code)), v.positiveNumber());
                      });
              out.put(name, parse(n, () -> new RefrigerantBlend(name, fractions, p)));
            });
    return out;
  }

  // ---------------------------------------------------------------- helpers

  interface Parse<T> {
    T get();
  }

  /** Runs a domain parse/constructor and turns its message into a located error. */
  static <T> T parse(Node at, Parse<T> p) {
    try {
      return p.get();
    } catch (IllegalArgumentException e) {
      throw at.error(e.getMessage());
    }
  }

  private static Provenance provenance(FileContext ctx, Node n, FileContext.Inherited parent) {
    return ctx.provenance(n, parent);
  }

  /** A number, or the {@code value} of a {value, source, verification, note} map. */
  private static Node valueOf(Node v) {
    if (v.isMap()) {
      v.allowOnly("value", "source", "verification", "note");
      return v.required("value");
    }
    return v;
  }

  private static double nonNegative(Node v) {
    double d = v.number();
    if (d < 0) {
      throw v.error("expected a number >= 0; got " + v.text());
    }
    return d;
  }

  private static String id(Node n) {
    String id = n.text();
    if (!ID.matcher(id).matches()) {
      throw n.error(
          "expected an id like set:name (lowercase letters, digits, '-', '_', parts joined by ':'); got "
              + id);
    }
    return id;
  }

  /** Electricity factors are per kWh/MWh, heat factors per GJ/MJ; combustion per any fuel unit. */
  private static void requireFits(FactorType type, Unit activityUnit, Node at) {
    Unit.Dimension d = activityUnit.dimension();
    boolean fits =
        switch (type) {
          case ELECTRICITY -> d == Unit.Dimension.ELECTRIC_ENERGY;
          case HEAT -> d == Unit.Dimension.ENERGY;
          case COMBUSTION -> d != Unit.Dimension.ELECTRIC_ENERGY;
        };
    if (!fits) {
      throw at.error("an " + type.id() + " factor cannot be per " + activityUnit.symbol());
    }
  }

  private static Unit unit(Node n) {
    return parse(n, () -> Unit.fromSymbol(n.text()));
  }

  private static String measureText(Node m) {
    m.allowOnly("value", "unit", "note");
    return m.required("value").text() + " " + m.required("unit").text();
  }

  /** Parses "X/unit" or "X/10^k unit" and returns the denominator unit; checks the numerator. */
  private static Unit perUnit(Node unitNode, String numerator) {
    Matcher m = PER_UNIT.matcher(unitNode.text());
    if (!m.matches() || !m.group(1).equals(numerator) || m.group(2) != null) {
      throw unitNode.error("expected " + numerator + "/<unit>; got " + unitNode.text());
    }
    return parse(unitNode, () -> Unit.fromSymbol(m.group(3)));
  }

  /** NCV in GJ per activity unit, from units like GJ/t, GJ/10^4Nm3, TJ/... */
  private static double ncvGjPer(Node ncv, Unit activityUnit) {
    ncv.allowOnly("value", "unit", "note");
    Node unitNode = ncv.required("unit");
    Matcher m = PER_UNIT.matcher(unitNode.text());
    if (!m.matches()) {
      throw unitNode.error(
          "expected an energy per unit such as GJ/t or GJ/10^4Nm3; got " + unitNode.text());
    }
    Unit energy = unit(unitNode, m.group(1));
    Unit per = unit(unitNode, m.group(3));
    if (energy.dimension() != Unit.Dimension.ENERGY) {
      throw unitNode.error("expected an energy unit before '/'; got " + m.group(1));
    }
    if (per.dimension() != activityUnit.dimension()) {
      throw unitNode.error(
          "expected a calorific value per " + activityUnit.symbol() + "; got per " + per.symbol());
    }
    double perMultiple = m.group(2) == null ? 1 : Math.pow(10, Integer.parseInt(m.group(2)));
    double value = ncv.required("value").positiveNumber();
    return value * energy.factorTo(Unit.GJ) / perMultiple * activityUnit.factorTo(per);
  }

  private static Unit unit(Node at, String symbol) {
    return parse(at, () -> Unit.fromSymbol(symbol));
  }

  private static double carbonContentTcPerGj(Node cc) {
    cc.allowOnly("value", "unit", "note");
    String u = cc.required("unit").text();
    double v = cc.required("value").positiveNumber();
    return switch (u) {
      case "tC/TJ", "kgC/GJ" -> v / KG_PER_T;
      default -> throw cc.required("unit").error("expected tC/TJ or kgC/GJ; got " + u);
    };
  }

  private static double oxidation(Node ox) {
    ox.allowOnly("value", "unit", "note");
    String u = ox.required("unit").text();
    double v = ox.required("value").positiveNumber();
    double f =
        switch (u) {
          case "%" -> v / PERCENT;
          case "fraction" -> v;
          default -> throw ox.required("unit").error("expected % or fraction; got " + u);
        };
    if (f > 1) {
      throw ox.required("value").error("oxidation rate above 100%: " + v + " " + u);
    }
    return f;
  }

  private static double fraction(Node n) {
    Matcher m = FRACTION.matcher(n.text());
    if (!m.matches()) {
      throw n.error("expected a fraction like 44/12; got " + n.text());
    }
    return Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
  }

  /**
   * Tonnes of gas per activity unit from a value in {@code perGasUnit} ("kg/TJ", "kg/kWh", "t/MWh",
   * "t/GJ"): same dimension as the activity unit, or energy through the NCV.
   */
  private static double tonnesPerActivity(
      Node perGasUnit, double value, Unit activityUnit, Node at, double ncvGjPerUnit) {
    Matcher m = PER_UNIT.matcher(perGasUnit.text());
    if (!m.matches() || m.group(2) != null) {
      throw perGasUnit.error(
          "expected <kg|t>/<unit> such as kg/TJ or t/MWh; got " + perGasUnit.text());
    }
    double toT =
        switch (m.group(1)) {
          case "kg" -> 1 / KG_PER_T;
          case "t" -> 1;
          default -> throw perGasUnit.error("expected kg or t before '/'; got " + m.group(1));
        };
    Unit per = unit(perGasUnit, m.group(3));
    double tPerDenominator = value * toT;
    if (per.dimension() == activityUnit.dimension()) {
      return tPerDenominator * activityUnit.factorTo(per);
    }
    if (per.dimension() == Unit.Dimension.ENERGY && !Double.isNaN(ncvGjPerUnit)) {
      return tPerDenominator * ncvGjPerUnit * Unit.GJ.factorTo(per);
    }
    throw at.error(
        "cannot apply a value per "
            + per.symbol()
            + " to activity in "
            + activityUnit.symbol()
            + (per.dimension() == Unit.Dimension.ENERGY ? " without ncv" : ""));
  }
}
