package io.carbonwatch.core.site;

import io.carbonwatch.core.site.yaml.ConfigErrors;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.core.site.yaml.MapReader;
import io.carbonwatch.core.site.yaml.Node;
import io.carbonwatch.core.site.yaml.TreeParser;
import java.io.Reader;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loads a site model from YAML (or its canonical JSON), validates it completely and reports every
 * error at once as a {@link ConfigException}: {@code site.yaml:42:7
 * sites[0].meters[3].accuracyClass: expected one of 0.2S, 0.5S, 1, 2, got '0.3'}. Unknown keys,
 * missing keys, wrong types, bad enum spellings, bad time zones and formulas, duplicate ids and
 * dangling references are all errors. The reference of every key is {@code docs/site-model.md}.
 *
 * <p>Thread-safe; one instance can load many files.
 */
public final class SiteModelLoader {
  private final References refs;
  private final AccuracyClasses accuracy;

  /** A loader that checks internal references only. */
  public SiteModelLoader() {
    this(References.none());
  }

  /** A loader that also checks profile, factor, fuel and gas references against catalogues. */
  public SiteModelLoader(References refs) {
    this.refs = refs;
    this.accuracy = AccuracyClasses.shipped();
  }

  /** Loads a file (YAML, or JSON when it ends in {@code .json}). */
  public SiteModel load(Path file) {
    return bind(TreeParser.parseFile(file));
  }

  public SiteModel loadYaml(String fileName, Reader reader) {
    return bind(TreeParser.parseYaml(fileName, reader));
  }

  public SiteModel loadYaml(String fileName, String text) {
    return bind(TreeParser.parseYaml(fileName, text));
  }

  /** Loads the canonical JSON form ({@link SiteModelJson}), e.g. from the control topic. */
  public SiteModel loadJson(String name, String json) {
    return bind(TreeParser.parseJson(name, json));
  }

  /** Binds and validates a parsed tree. */
  public SiteModel bind(Node root) {
    return new Binder().run(root);
  }

  private final class Binder {
    private final ConfigErrors errors = new ConfigErrors();
    private final Map<Object, Node> nodes = new IdentityHashMap<>();
    private final Map<Site, java.util.Set<String>> declared = new IdentityHashMap<>();

    /** Every id written in the site's lists, including elements that failed to bind. */
    private java.util.Set<String> declaredIds(MapReader m) {
      java.util.Set<String> ids = new java.util.HashSet<>();
      Node.MapNode site = (Node.MapNode) m.node();
      for (String key :
          List.of(
              "meters",
              "virtualMeters",
              "sources",
              "relevantVariables",
              "seus",
              "parameters",
              "baselines",
              "deviationRules",
              "agents")) {
        if (site.entries().get(key) instanceof Node.ListNode list) {
          for (Node item : list.items()) {
            if (item instanceof Node.MapNode mn
                && mn.entries().get("id") instanceof Node.ScalarNode id) {
              ids.add(id.text());
            }
          }
        }
      }
      return ids;
    }

    SiteModel run(Node root) {
      MapReader m = MapReader.of(root, errors);
      int before = errors.size();
      Organisation org = organisation(m.map("organisation", true));
      FactorSelection factors = factors(m.map("factors", true));
      List<Site> sites = new ArrayList<>();
      List<Node> siteNodes = m.list("sites", true);
      for (Node n : siteNodes) {
        Site s = site(n);
        if (s != null) {
          sites.add(s);
        }
      }
      if (m.isMap() && m.has("sites") && siteNodes.isEmpty()) {
        errors.add(m.get("sites", false), "expected at least one site");
      }
      m.finish();
      duplicates(sites, Site::id, "site");
      for (Site s : sites) {
        new SiteChecks(s, factors).run();
      }
      if (factors != null) {
        checkFactorSelection(factors);
      }
      errors.throwIfAny();
      SiteModel model = make(m, before, () -> new SiteModel(org, factors, sites));
      errors.throwIfAny();
      return model;
    }

    // ---------- construction helpers ----------

    private <T> T make(MapReader m, int before, Supplier<T> ctor) {
      if (m == null || !m.isMap() || errors.size() > before) {
        return null;
      }
      try {
        T t = ctor.get();
        nodes.put(t, m.node());
        return t;
      } catch (IllegalArgumentException e) {
        reportCtor(m.node(), e.getMessage());
        return null;
      }
    }

    /** Maps a compact-constructor message "meter.pollInterval: expected > 0" onto the node. */
    private void reportCtor(Node node, String message) {
      int colon = message.indexOf(": ");
      if (colon > 0 && !message.substring(0, colon).contains(" ")) {
        String field = message.substring(0, colon);
        String rest = message.substring(colon + 2);
        int dot = field.lastIndexOf('.');
        if (dot >= 0) {
          String key = field.substring(dot + 1);
          Node child = child(node, key);
          if (child != null) {
            errors.add(child, rest);
          } else {
            errors.add(node.location(), node.path() + "." + key, rest);
          }
          return;
        }
        errors.add(node, rest);
        return;
      }
      errors.add(node, message);
    }

    private Node child(Node node, String key) {
      return node instanceof Node.MapNode mn ? mn.entries().get(key) : null;
    }

    private Node nodeOf(Object record) {
      return nodes.get(record);
    }

    /** Error at a key of a bound record (falls back to the record's node). */
    private void errorAt(Object record, String key, String message) {
      Node n = nodeOf(record);
      Node c = key == null ? null : child(n, key);
      if (c != null) {
        errors.add(c, message);
      } else if (key != null) {
        errors.add(n.location(), n.path() + "." + key, message);
      } else {
        errors.add(n, message);
      }
    }

    private <T> void duplicates(List<T> items, Function<T, String> id, String what) {
      Map<String, T> seen = new HashMap<>();
      for (T item : items) {
        T first = seen.putIfAbsent(id.apply(item), item);
        if (first != null) {
          errorAt(
              item,
              "id",
              "duplicate "
                  + (what.isEmpty() ? "" : what + " ")
                  + "id '"
                  + id.apply(item)
                  + "' (first at line "
                  + nodeOf(first).location().line()
                  + "), expected unique ids");
        }
      }
    }

    private <T> List<T> each(List<Node> items, Function<Node, T> bind) {
      List<T> out = new ArrayList<>();
      for (Node n : items) {
        T t = bind.apply(n);
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }

    private String id(MapReader m) {
      String id = m.string("id", true);
      if (id != null && !Checks.isId(id)) {
        errors.add(
            m.get("id", false),
            "expected an id of letters, digits, '_', ':' or '-' (starting with a letter or digit), got '"
                + id
                + "'");
        return null;
      }
      return id;
    }

    private ChannelRef channelRef(Node n) {
      if (n == null) {
        return null;
      }
      if (n instanceof Node.ScalarNode) {
        String text = MapReader.asString(n, errors);
        if (text == null) {
          return null;
        }
        int dot = text.indexOf('.');
        String meter = dot < 0 ? text : text.substring(0, dot);
        String channel = dot < 0 ? null : text.substring(dot + 1);
        if (!Checks.isId(meter) || (channel != null && !Checks.isId(channel))) {
          errors.add(n, "expected METER or METER.channel, got '" + text + "'");
          return null;
        }
        ChannelRef r = new ChannelRef(meter, channel);
        nodes.put(r, n);
        return r;
      }
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String meter = m.string("meter", true);
      String channel = m.string("channel", false);
      m.finish();
      return make(m, before, () -> new ChannelRef(meter, channel));
    }

    // ---------- organisation and factors ----------

    private Names names(MapReader parent, String key, boolean required) {
      MapReader m = parent.map(key, required);
      if (m == null) {
        return null;
      }
      int before = errors.size();
      String zh = m.string("zh", false);
      String en = m.string("en", false);
      m.finish();
      if (m.isMap() && zh == null && en == null && errors.size() == before) {
        errors.add(m.node(), "expected zh and/or en");
        return null;
      }
      return make(m, before, () -> new Names(zh, en));
    }

    private Organisation organisation(MapReader m) {
      if (m == null) {
        return null;
      }
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      m.finish();
      return make(m, before, () -> new Organisation(id, name));
    }

    private FactorSelection factors(MapReader m) {
      if (m == null) {
        return null;
      }
      int before = errors.size();
      String gwp = m.oneOf("gwp", true, List.of("AR4", "AR5", "AR6"));
      String combustion = m.string("combustion", true);
      String grid = m.string("grid", true);
      String marketGrid = m.string("marketGrid", false);
      String heat = m.string("heat", false);
      m.finish();
      return make(m, before, () -> new FactorSelection(gwp, combustion, grid, marketGrid, heat));
    }

    private void checkFactorSelection(FactorSelection f) {
      if (refs.factorIds() == null) {
        return;
      }
      checkFactor(f, "combustion", f.combustion());
      checkFactor(f, "grid", f.grid());
      if (f.marketGrid() != null) {
        checkFactor(f, "marketGrid", f.marketGrid());
      }
      if (f.heat() != null) {
        checkFactor(f, "heat", f.heat());
      }
    }

    private void checkFactor(Object record, String key, String factorId) {
      if (refs.factorIds() != null && !refs.factorIds().contains(factorId)) {
        errorAt(
            record,
            key,
            "unknown factor '"
                + factorId
                + "', expected an id of the factor library (docs/factors.md)");
      }
    }

    // ---------- site ----------

    private Site site(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      ZoneId zone = null;
      String zoneText = m.string("timeZone", true);
      if (zoneText != null) {
        try {
          zone = ZoneId.of(zoneText);
          if (!zoneText.contains("/") && !zoneText.equals("UTC")) {
            throw new DateTimeException("not a region id");
          }
        } catch (DateTimeException e) {
          errors.add(
              m.get("timeZone", false),
              "expected an IANA time zone such as Asia/Shanghai, got '" + zoneText + "'");
          zone = null;
        }
      }
      String gridRegion = m.string("gridRegion", true);
      String province = m.string("province", false);
      List<EdgeAgent> agents = each(m.list("agents", false), this::agent);
      List<Meter> meters = each(m.list("meters", false), this::meter);
      List<VirtualMeter> virtualMeters = each(m.list("virtualMeters", false), this::virtualMeter);
      List<CarbonSource> sources = each(m.list("sources", false), this::source);
      List<RelevantVariable> variables =
          each(m.list("relevantVariables", false), this::relevantVariable);
      List<Seu> seus = each(m.list("seus", false), this::seu);
      List<PerformanceParameter> parameters = each(m.list("parameters", false), this::parameter);
      List<Baseline> baselines = each(m.list("baselines", false), this::baseline);
      List<DeviationRule> rules = each(m.list("deviationRules", false), this::deviationRule);
      List<CollectionPlanEntry> plan = each(m.list("collectionPlan", false), this::planEntry);
      m.finish();
      if (!m.isMap()) {
        return null;
      }
      // Build the site even when some of its own keys or children had errors, so that
      // cross-references are still checked and reported in the same run. Placeholders only stand
      // in where an error was already recorded, so such a site never reaches a caller.
      Site site;
      try {
        site =
            new Site(
                id == null ? "invalid-site" : id,
                name == null ? new Names(null, "invalid") : name,
                zone == null ? ZoneId.of("UTC") : zone,
                gridRegion == null ? "invalid" : gridRegion,
                province,
                agents,
                meters,
                virtualMeters,
                sources,
                variables,
                seus,
                parameters,
                baselines,
                rules,
                plan);
      } catch (IllegalArgumentException e) {
        reportCtor(n, e.getMessage());
        return null;
      }
      nodes.put(site, n);
      declared.put(site, declaredIds(m));
      return site;
    }

    private EdgeAgent agent(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      String description = m.string("description", false);
      List<Gateway> gateways = each(m.list("gateways", false), this::gateway);
      m.finish();
      duplicates(gateways, Gateway::id, "gateway");
      return make(m, before, () -> new EdgeAgent(id, description, gateways));
    }

    private Gateway gateway(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Transport transport = m.enumValue("transport", true, Transport.class, Transport::wire);
      boolean serial = transport == Transport.RTU;
      String host = m.string("host", transport != null && !serial);
      Integer port = m.integer("port", transport != null && !serial, 1, 65535);
      String device = m.string("device", serial);
      Integer baud = m.integer("baud", false, 300, 921600);
      Parity parity = m.enumValue("parity", false, Parity.class, Parity::wire);
      Integer dataBits = m.integer("dataBits", false, 7, 8);
      Integer stopBits = m.integer("stopBits", false, 1, 2);
      Duration timeout = m.duration("timeout", false);
      Integer retries = m.integer("retries", false, 0, 10);
      Duration pause = m.duration("pauseBetweenRequests", false);
      m.finish();
      if (transport != null && !serial) {
        for (String k : List.of("device", "baud", "parity", "dataBits", "stopBits")) {
          if (m.has(k)) {
            errors.add(
                m.get(k, false),
                "only for transport rtu, expected no '" + k + "' with " + transport.wire());
          }
        }
      }
      if (serial) {
        for (String k : List.of("host", "port")) {
          if (m.has(k)) {
            errors.add(
                m.get(k, false), "not for transport rtu (use device), expected no '" + k + "'");
          }
        }
      }
      return make(
          m,
          before,
          () ->
              new Gateway(
                  id,
                  transport,
                  serial ? null : host,
                  serial ? null : port,
                  serial ? device : null,
                  serial ? (baud == null ? 9600 : baud) : null,
                  serial ? (parity == null ? Parity.NONE : parity) : null,
                  serial ? (dataBits == null ? 8 : dataBits) : null,
                  serial ? (stopBits == null ? 1 : stopBits) : null,
                  timeout == null ? Duration.ofSeconds(1) : timeout,
                  retries == null ? 2 : retries,
                  pause == null ? (serial ? Duration.ofMillis(20) : Duration.ZERO) : pause));
    }

    // ---------- meters ----------

    private Meter meter(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      MeteringLevel level = m.enumValue("level", true, MeteringLevel.class, MeteringLevel::wire);
      String energyType = m.string("energyType", true);
      String accuracyClass = m.string("accuracyClass", false);
      if (energyType != null) {
        var allowed = accuracy.allowed(energyType);
        if (allowed.isPresent()) {
          if (accuracyClass == null && m.isMap()) {
            errors.add(
                m.node().location(),
                m.node().path() + ".accuracyClass",
                "missing, expected one of " + String.join(", ", allowed.get()));
          } else if (accuracyClass != null && !accuracy.accepts(energyType, accuracyClass)) {
            errors.add(
                m.get("accuracyClass", false),
                "expected one of "
                    + String.join(", ", allowed.get())
                    + " for energyType "
                    + energyType
                    + ", got '"
                    + accuracyClass
                    + "'");
          }
        }
      }
      MeasuringRange range = range(m.map("range", false));
      String serial = m.string("serial", false);
      String model = m.string("model", false);
      String location = m.string("location", false);
      Calibration calibration = calibration(m.map("calibration", true));
      Acquisition read = acquisition(m.map("read", true));
      Duration poll = m.duration("pollInterval", true);
      List<Node> channelNodes = m.list("channels", true);
      List<Channel> channels = new ArrayList<>();
      for (Node c : channelNodes) {
        Channel ch = channel(c, poll);
        if (ch != null) {
          channels.add(ch);
        }
      }
      if (m.has("channels") && channelNodes.isEmpty()) {
        errors.add(m.get("channels", false), "expected at least one channel");
      }
      m.finish();
      duplicates(channels, Channel::id, "channel");
      return make(
          m,
          before,
          () ->
              new Meter(
                  id,
                  name,
                  level,
                  energyType,
                  accuracyClass,
                  range,
                  serial,
                  model,
                  location,
                  calibration,
                  read,
                  poll,
                  channels));
    }

    private MeasuringRange range(MapReader m) {
      if (m == null) {
        return null;
      }
      int before = errors.size();
      Double min = m.number("min", true);
      Double max = m.number("max", true);
      String unit = m.string("unit", true);
      m.finish();
      return make(m, before, () -> new MeasuringRange(min, max, unit));
    }

    private Calibration calibration(MapReader m) {
      if (m == null) {
        return null;
      }
      int before = errors.size();
      Integer interval = m.integer("intervalMonths", true, 1, 120);
      var last = m.date("lastCalibrated", false);
      CalibrationStatus status =
          m.enumValue("status", true, CalibrationStatus.class, CalibrationStatus::wire);
      String certificate = m.string("certificate", false);
      m.finish();
      return make(m, before, () -> new Calibration(interval, last, status, certificate));
    }

    private Acquisition acquisition(MapReader m) {
      if (m == null) {
        return null;
      }
      int before = errors.size();
      String protocol = m.oneOf("protocol", true, List.of("modbus", "mqtt", "manual"));
      if (protocol == null) {
        m.allow(
            "agent",
            "gateway",
            "unitId",
            "profile",
            "registerMap",
            "timeout",
            "retries",
            "pauseBetweenRequests",
            "ptRatio",
            "ctRatio",
            "topic",
            "format",
            "timePointer",
            "fields");
        m.finish();
        return null;
      }
      switch (protocol) {
        case "modbus" -> {
          String agent = m.string("agent", true);
          String gateway = m.string("gateway", true);
          Integer unitId = m.integer("unitId", true, 0, 247);
          String profile = m.string("profile", false);
          RegisterMap map = registerMap(m.map("registerMap", false));
          Duration timeout = m.duration("timeout", false);
          Integer retries = m.integer("retries", false, 0, 10);
          Duration pause = m.duration("pauseBetweenRequests", false);
          Double pt = positive(m, "ptRatio");
          Double ct = positive(m, "ctRatio");
          if (m.isMap() && m.has("profile") == m.has("registerMap")) {
            errors.add(m.node(), "expected exactly one of profile, registerMap");
          }
          if (profile != null
              && refs.deviceProfiles() != null
              && !refs.deviceProfiles().contains(profile)) {
            errors.add(
                m.get("profile", false),
                unknown(
                    "device profile",
                    profile,
                    String.join(", ", refs.deviceProfiles().stream().sorted().toList())));
          }
          m.finish();
          return make(
              m,
              before,
              () ->
                  new ModbusAcquisition(
                      agent,
                      gateway,
                      unitId,
                      profile,
                      map,
                      timeout,
                      retries,
                      pause,
                      pt == null ? 1.0 : pt,
                      ct == null ? 1.0 : ct));
        }
        case "mqtt" -> {
          String agent = m.string("agent", true);
          String topic = m.string("topic", true);
          if (topic != null && (topic.contains("+") || topic.contains("#") || topic.isBlank())) {
            errors.add(
                m.get("topic", false),
                "expected a concrete topic without wildcards, got '" + topic + "'");
          }
          MqttFormat format = m.enumValue("format", false, MqttFormat.class, MqttFormat::wire);
          String timePointer = m.string("timePointer", false);
          if (timePointer != null && !timePointer.startsWith("/")) {
            errors.add(
                m.get("timePointer", false),
                "expected a JSON Pointer starting with /, got '" + timePointer + "'");
          }
          List<FieldMapping> fields = each(m.list("fields", false), this::fieldMapping);
          MqttFormat f = format == null ? MqttFormat.JSON : format;
          if (f == MqttFormat.JSON && m.isMap() && !m.has("fields")) {
            errors.add(
                m.node().location(),
                m.node().path() + ".fields",
                "missing, expected field mappings for format json");
          }
          m.finish();
          return make(m, before, () -> new MqttAcquisition(agent, topic, f, timePointer, fields));
        }
        default -> {
          String agent = m.string("agent", false);
          m.finish();
          return make(m, before, () -> new ManualAcquisition(agent));
        }
      }
    }

    private FieldMapping fieldMapping(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String channel = m.string("channel", true);
      String pointer = m.string("pointer", true);
      m.finish();
      return make(m, before, () -> new FieldMapping(channel, pointer));
    }

    /** An optional ratio that must be greater than zero. */
    private Double positive(MapReader m, String key) {
      Double v = m.number(key, false);
      if (v != null && !(v > 0)) {
        errors.add(m.get(key, false), "expected a number greater than 0, got " + v);
        return null;
      }
      return v;
    }

    private RegisterMap registerMap(MapReader m) {
      if (m == null) {
        return null;
      }
      int before = errors.size();
      List<ReadBlock> blocks = each(m.list("blocks", true), this::readBlock);
      List<RegisterField> fields = each(m.list("fields", true), this::registerField);
      m.finish();
      return make(m, before, () -> new RegisterMap(blocks, fields));
    }

    private ReadBlock readBlock(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      Integer function = m.integer("function", true, 3, 4);
      Integer start = m.integer("start", true, 0, 65535);
      Integer count = m.integer("count", true, 1, 125);
      m.finish();
      return make(m, before, () -> new ReadBlock(function, start, count));
    }

    private RegisterField registerField(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String channel = m.string("channel", true);
      Integer function = m.integer("function", false, 3, 4);
      Integer address = m.integer("address", true, 0, 65535);
      RegisterType type = m.enumValue("type", true, RegisterType.class, RegisterType::wire);
      WordOrder order = m.enumValue("order", false, WordOrder.class, WordOrder::wire);
      Double scale = m.number("scale", false);
      Double offset = m.number("offset", false);
      m.finish();
      return make(
          m,
          before,
          () ->
              new RegisterField(
                  channel,
                  function == null ? 3 : function,
                  address,
                  type,
                  order == null ? WordOrder.ABCD : order,
                  scale == null ? 1.0 : scale,
                  offset == null ? 0.0 : offset));
    }

    private Channel channel(Node n, Duration poll) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      String quantity = m.string("quantity", true);
      ChannelKind kind = m.enumValue("kind", true, ChannelKind.class, ChannelKind::wire);
      String unit = m.string("unit", true);
      Double registerMax = m.number("registerMax", false);
      Boolean expectChange = m.bool("expectChange", false);
      Duration frozenAfter = m.duration("frozenAfter", false);
      m.finish();
      boolean expect = expectChange != null ? expectChange : kind == ChannelKind.COUNTER;
      Duration frozen =
          frozenAfter != null
              ? frozenAfter
              : (expect && poll != null
                  ? max(poll.multipliedBy(10), Duration.ofMinutes(15))
                  : null);
      if (frozenAfter != null && !expect) {
        errors.add(m.get("frozenAfter", false), "only with expectChange: true");
      }
      return make(
          m, before, () -> new Channel(id, quantity, kind, unit, registerMax, expect, frozen));
    }

    private Duration max(Duration a, Duration b) {
      return a.compareTo(b) >= 0 ? a : b;
    }

    private VirtualMeter virtualMeter(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      String quantity = m.string("quantity", true);
      String unit = m.string("unit", true);
      String text = m.string("formula", true);
      Formula formula = null;
      if (text != null) {
        try {
          formula = Formula.parse(text);
          for (ChannelRef r : formula.refs()) {
            nodes.put(r, m.get("formula", false));
          }
          if (!formula.isLinear()) {
            errors.add(
                m.get("formula", false),
                "bad formula '"
                    + text
                    + "': expected a linear combination of meters without a constant, such as"
                    + " 'A + B - C' or '0.5 * A' (windows are summed)");
            formula = null;
          }
        } catch (FormulaException e) {
          errors.add(m.get("formula", false), "bad formula '" + text + "' " + e.getMessage());
        }
      }
      m.finish();
      Formula f = formula;
      return make(m, before, () -> new VirtualMeter(id, name, quantity, unit, f));
    }

    // ---------- carbon review ----------

    private CarbonSource source(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      SourceType type = m.enumValue("type", true, SourceType.class, SourceType::wire);
      ChannelRef activity =
          channelRef(m.get("activity", type != null && type != SourceType.OFFSET));
      String fuel = m.string("fuel", type == SourceType.STATIONARY_COMBUSTION);
      String gas = m.string("gas", type == SourceType.FUGITIVE);
      String factor = m.string("factor", false);
      Integer scope = m.integer("scope", false, 1, 3);
      m.finish();
      if (type != null && scope == null && m.isMap()) {
        scope = defaultScope(type);
      }
      Integer s = scope;
      return make(
          m, before, () -> new CarbonSource(id, name, type, activity, fuel, gas, factor, s));
    }

    private Integer defaultScope(SourceType type) {
      return switch (type) {
        case STATIONARY_COMBUSTION, FUGITIVE, PROCESS -> 1;
        case PURCHASED_ELECTRICITY, PURCHASED_HEAT -> 2;
        case ONSITE_RENEWABLE, REMOVAL, OFFSET -> null;
      };
    }

    private RelevantVariable relevantVariable(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      VariableKind kind = m.enumValue("kind", true, VariableKind.class, VariableKind::wire);
      ChannelRef source = channelRef(m.get("source", true));
      String unit = m.string("unit", true);
      boolean dd =
          kind == VariableKind.HEATING_DEGREE_DAYS || kind == VariableKind.COOLING_DEGREE_DAYS;
      Double base = m.number("baseTemperatureC", dd);
      if (kind != null && !dd && base != null) {
        errors.add(
            m.get("baseTemperatureC", false),
            "only for heating_degree_days or cooling_degree_days");
      }
      m.finish();
      return make(m, before, () -> new RelevantVariable(id, name, kind, source, unit, base));
    }

    private Seu seu(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      List<String> meters = m.stringList("meters", false);
      List<String> sources = m.stringList("sources", false);
      List<String> variables = m.stringList("relevantVariables", false);
      String responsible = m.string("responsible", false);
      m.finish();
      return make(m, before, () -> new Seu(id, name, meters, sources, variables, responsible));
    }

    private PerformanceParameter parameter(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", true);
      ParameterKind kind = m.enumValue("kind", true, ParameterKind.class, ParameterKind::wire);
      Measure measure = m.enumValue("measure", true, Measure.class, Measure::wire);
      String target = m.string("target", true);
      String per = m.string("per", kind == ParameterKind.INTENSITY);
      String unit = m.string("unit", true);
      WindowSize window = m.enumValue("window", false, WindowSize.class, WindowSize::wire);
      m.finish();
      return make(
          m,
          before,
          () ->
              new PerformanceParameter(
                  id,
                  name,
                  kind,
                  measure,
                  target,
                  per,
                  unit,
                  window == null ? WindowSize.D1 : window));
    }

    private Baseline baseline(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", false);
      String target = m.string("target", true);
      Measure measure = m.enumValue("measure", true, Measure.class, Measure::wire);
      var start = m.date("basePeriodStart", true);
      var end = m.date("basePeriodEnd", true);
      Granularity granularity =
          m.enumValue("granularity", true, Granularity.class, Granularity::wire);
      List<String> variables = m.stringList("relevantVariables", false);
      Boolean intercept = m.bool("intercept", false);
      BaselineModel model = baselineModel(m.map("model", false));
      m.finish();
      return make(
          m,
          before,
          () ->
              new Baseline(
                  id,
                  name,
                  target,
                  measure,
                  start,
                  end,
                  granularity,
                  variables,
                  intercept == null || intercept,
                  model));
    }

    private BaselineModel baselineModel(MapReader m) {
      if (m == null) {
        return null;
      }
      int before = errors.size();
      Double intercept = m.number("intercept", false);
      Map<String, Double> coefficients = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : m.entries("coefficients", false).entrySet()) {
        Double v = MapReader.asNumber(e.getValue(), errors);
        if (v != null) {
          coefficients.put(e.getKey(), v);
        }
      }
      Double se = m.number("residualStdError", false);
      m.finish();
      return make(
          m, before, () -> new BaselineModel(intercept == null ? 0 : intercept, coefficients, se));
    }

    private DeviationRule deviationRule(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String id = id(m);
      Names name = names(m, "name", false);
      String baseline = m.string("baseline", true);
      WindowSize window = m.enumValue("window", true, WindowSize.class, WindowSize::wire);
      ThresholdMethod method =
          m.enumValue("method", true, ThresholdMethod.class, ThresholdMethod::wire);
      Direction direction = m.enumValue("direction", false, Direction.class, Direction::wire);
      Map<Severity, Double> severities = new EnumMap<>(Severity.class);
      Node sevNode = m.get("severities", true);
      if (sevNode != null) {
        MapReader s = MapReader.of(sevNode, errors);
        for (Severity sev : Severity.values()) {
          Double t = s.number(sev.wire(), false);
          if (t != null) {
            severities.put(sev, t);
          }
        }
        s.finish();
        if (s.isMap() && severities.isEmpty() && errors.size() == before) {
          errors.add(sevNode, "expected at least one of minor, major, critical");
        }
      }
      Integer consecutive = m.integer("minConsecutiveWindows", false, 1, 10_000);
      Double clear = m.number("clearBelow", true);
      m.finish();
      return make(
          m,
          before,
          () ->
              new DeviationRule(
                  id,
                  name,
                  baseline,
                  window,
                  method,
                  direction == null ? Direction.ABOVE : direction,
                  severities,
                  consecutive == null ? 1 : consecutive,
                  clear));
    }

    private CollectionPlanEntry planEntry(Node n) {
      MapReader m = MapReader.of(n, errors);
      int before = errors.size();
      String data = m.string("data", true);
      String method = m.string("method", true);
      String instrument = m.string("instrument", false);
      Duration frequency = m.duration("frequency", true);
      Duration retention = m.duration("retention", false);
      String responsible = m.string("responsible", false);
      m.finish();
      return make(
          m,
          before,
          () ->
              new CollectionPlanEntry(data, method, instrument, frequency, retention, responsible));
    }

    // ---------- cross references ----------

    private final class SiteChecks {
      private final Site site;
      private final FactorSelection factors;

      private final java.util.Set<String> declaredIds;

      SiteChecks(Site site, FactorSelection factors) {
        this.site = site;
        this.factors = factors;
        this.declaredIds = declared.getOrDefault(site, java.util.Set.of());
      }

      /**
       * True when the id was written but its element failed to bind: it already has its own error,
       * so references to it are not reported again.
       */
      private boolean broken(String id) {
        return declaredIds.contains(id) && site.kindOf(id).isEmpty() && site.agent(id).isEmpty();
      }

      void run() {
        duplicates(site.agents(), EdgeAgent::id, "agent");
        List<Object> named = new ArrayList<>();
        named.addAll(site.meters());
        named.addAll(site.virtualMeters());
        named.addAll(site.sources());
        named.addAll(site.relevantVariables());
        named.addAll(site.seus());
        named.addAll(site.parameters());
        named.addAll(site.baselines());
        named.addAll(site.deviationRules());
        duplicates(named, SiteModelLoader::idOf, "");
        meters();
        virtualMeters();
        sources();
        variables();
        seus();
        parameters();
        baselines();
        rules();
        plan();
      }

      private void meters() {
        Map<String, Meter> byUnit = new HashMap<>();
        for (Meter meter : site.meters()) {
          String agentId = meter.read().agent();
          EdgeAgent agent = agentId == null ? null : site.agent(agentId).orElse(null);
          if (agentId != null && agent == null && !broken(agentId)) {
            errorAt(
                meter.read(),
                "agent",
                unknown("agent", agentId, ids(site.agents(), EdgeAgent::id)));
          }
          if (meter.read() instanceof ModbusAcquisition mb) {
            if (agent != null && agent.gateway(mb.gateway()).isEmpty()) {
              errorAt(
                  mb,
                  "gateway",
                  "unknown gateway '"
                      + mb.gateway()
                      + "' of agent "
                      + agentId
                      + ", expected one of "
                      + ids(agent.gateways(), Gateway::id));
            } else if (agent != null) {
              String key = agentId + "/" + mb.gateway() + "/" + mb.unitId();
              Meter first = byUnit.putIfAbsent(key, meter);
              if (first != null) {
                errorAt(
                    mb,
                    "unitId",
                    "unit id "
                        + mb.unitId()
                        + " on gateway "
                        + mb.gateway()
                        + " is already used by meter "
                        + first.id()
                        + ", expected one meter per unit id");
              }
            }
            if (mb.registerMap() != null) {
              registerMap(meter, mb.registerMap());
            }
            if (mb.profile() != null
                && refs.profileChannels() != null
                && refs.profileChannels().containsKey(mb.profile())) {
              var provided = refs.profileChannels().get(mb.profile());
              for (Channel c : meter.channels()) {
                if (!provided.contains(c.id())) {
                  errorAt(
                      c,
                      "id",
                      "profile "
                          + mb.profile()
                          + " has no channel '"
                          + c.id()
                          + "', expected one of "
                          + String.join(", ", provided.stream().sorted().toList()));
                }
              }
            }
          } else if (meter.read() instanceof MqttAcquisition mq && mq.format() == MqttFormat.JSON) {
            Map<String, FieldMapping> mapped = new HashMap<>();
            for (FieldMapping f : mq.fields()) {
              if (meter.channel(f.channel()).isEmpty()) {
                errorAt(f, "channel", unknownChannel(f.channel(), meter, ""));
              } else if (mapped.putIfAbsent(f.channel(), f) != null) {
                errorAt(
                    f, "channel", "channel '" + f.channel() + "' is mapped twice, expected once");
              }
            }
            for (Channel c : meter.channels()) {
              if (!mapped.containsKey(c.id())) {
                errorAt(
                    c,
                    "id",
                    "channel '" + c.id() + "' has no field mapping in read.fields, expected one");
              }
            }
          }
        }
      }

      private void registerMap(Meter meter, RegisterMap map) {
        for (RegisterField f : map.fields()) {
          if (meter.channel(f.channel()).isEmpty()) {
            errorAt(f, "channel", unknownChannel(f.channel(), meter, ""));
          }
          boolean inside =
              map.blocks().stream()
                  .anyMatch(
                      b ->
                          b.function() == f.function()
                              && f.address() >= b.start()
                              && f.address() + f.registerCount() <= b.start() + b.count());
          if (!inside) {
            errorAt(
                f,
                "address",
                "registers "
                    + f.address()
                    + ".."
                    + (f.address() + f.registerCount() - 1)
                    + " (function "
                    + f.function()
                    + ") are not inside any block, expected them within a read block");
          }
        }
        for (Channel c : meter.channels()) {
          if (map.fields().stream().noneMatch(f -> f.channel().equals(c.id()))) {
            errorAt(
                c,
                "id",
                "channel '"
                    + c.id()
                    + "' has no register field, expected one in read.registerMap.fields");
          }
        }
      }

      /** The channel a reference names; reports dangling references. */
      private Channel resolve(ChannelRef ref, String quantity, boolean amount) {
        Meter meter = site.meter(ref.meter()).orElse(null);
        if (meter == null) {
          VirtualMeter vm = site.virtualMeter(ref.meter()).orElse(null);
          if (vm == null && broken(ref.meter())) {
            return null;
          }
          if (vm == null) {
            errorAtRef(
                ref,
                unknown(
                    "meter",
                    ref.meter(),
                    String.join(
                        ", ",
                        concat(
                            ids(site.meters(), Meter::id),
                            ids(site.virtualMeters(), VirtualMeter::id)))));
          } else if (ref.channel() != null) {
            errorAtRef(
                ref,
                "virtual meter " + vm.id() + " has no channels, expected just '" + vm.id() + "'");
          }
          return null;
        }
        if (ref.channel() == null) {
          List<Channel> candidates =
              meter.channels().stream()
                  .filter(c -> !amount || c.kind() != ChannelKind.GAUGE)
                  .filter(c -> quantity == null || c.quantity().equals(quantity))
                  .toList();
          if (candidates.size() != 1) {
            errorAtRef(
                ref,
                "meter "
                    + meter.id()
                    + " has "
                    + candidates.size()
                    + " matching channels, expected "
                    + meter.id()
                    + ".<channel> with one of "
                    + ids(meter.channels(), Channel::id));
            return null;
          }
          return candidates.get(0);
        }
        Channel c = meter.channel(ref.channel()).orElse(null);
        if (c == null) {
          errorAtRef(ref, unknownChannel(ref.channel(), meter, ""));
        } else if (amount && c.kind() == ChannelKind.GAUGE) {
          errorAtRef(
              ref,
              "channel "
                  + ref
                  + " is a gauge, expected a counter or delta channel (an amount per interval)");
        }
        return c;
      }

      private void errorAtRef(ChannelRef ref, String message) {
        Node n = nodeOf(ref);
        errors.add(n, message);
      }

      private void virtualMeters() {
        Map<String, VirtualMeter> vms = new LinkedHashMap<>();
        for (VirtualMeter vm : site.virtualMeters()) {
          vms.put(vm.id(), vm);
        }
        for (VirtualMeter vm : site.virtualMeters()) {
          for (ChannelRef r : vm.formula().refs()) {
            if (broken(r.meter())) {
              continue;
            }
            if (site.meter(r.meter()).isEmpty() && !vms.containsKey(r.meter())) {
              errorAt(
                  vm,
                  "formula",
                  "unknown meter '"
                      + r.meter()
                      + "' in formula, expected one of "
                      + String.join(
                          ", ",
                          concat(
                              ids(site.meters(), Meter::id),
                              ids(site.virtualMeters(), VirtualMeter::id))));
            } else if (site.meter(r.meter()).isPresent()) {
              Meter meter = site.meter(r.meter()).get();
              if (r.channel() != null) {
                Channel c = meter.channel(r.channel()).orElse(null);
                if (c == null) {
                  errorAt(vm, "formula", unknownChannel(r.channel(), meter, " in formula"));
                } else if (c.kind() == ChannelKind.GAUGE) {
                  errorAt(
                      vm,
                      "formula",
                      "channel " + r + " is a gauge, expected a counter or delta channel");
                }
              } else {
                long n =
                    meter.channels().stream()
                        .filter(
                            c ->
                                c.kind() != ChannelKind.GAUGE && c.quantity().equals(vm.quantity()))
                        .count();
                if (n != 1) {
                  errorAt(
                      vm,
                      "formula",
                      "meter "
                          + meter.id()
                          + " has "
                          + n
                          + " counter/delta channels of quantity "
                          + vm.quantity()
                          + ", expected "
                          + meter.id()
                          + ".<channel> with one of "
                          + ids(meter.channels(), Channel::id));
                }
              }
            } else if (r.channel() != null) {
              errorAt(
                  vm,
                  "formula",
                  "virtual meter "
                      + r.meter()
                      + " has no channels, expected just '"
                      + r.meter()
                      + "'");
            }
          }
        }
        // cycles among virtual meters
        for (VirtualMeter vm : site.virtualMeters()) {
          if (reaches(vm.id(), vm, vms, new java.util.HashSet<>())) {
            errorAt(
                vm,
                "formula",
                "virtual meter " + vm.id() + " depends on itself, expected no cycles");
          }
        }
      }

      private boolean reaches(
          String target,
          VirtualMeter from,
          Map<String, VirtualMeter> vms,
          java.util.Set<String> seen) {
        for (ChannelRef r : from.formula().refs()) {
          if (r.meter().equals(target)) {
            return true;
          }
          VirtualMeter next = vms.get(r.meter());
          if (next != null && seen.add(next.id()) && reaches(target, next, vms, seen)) {
            return true;
          }
        }
        return false;
      }

      private void sources() {
        for (CarbonSource s : site.sources()) {
          if (s.activity() != null) {
            resolve(s.activity(), null, true);
          }
          if (s.factor() != null) {
            checkFactor(s, "factor", s.factor());
          }
          if (s.fuel() != null && refs.fuels() != null && !refs.fuels().contains(s.fuel())) {
            errorAt(
                s,
                "fuel",
                unknown(
                    "fuel", s.fuel(), String.join(", ", refs.fuels().stream().sorted().toList())));
          }
          if (s.gas() != null && refs.gases() != null && !refs.gases().contains(s.gas())) {
            errorAt(
                s,
                "gas",
                unknown(
                    "gas", s.gas(), String.join(", ", refs.gases().stream().sorted().toList())));
          }
          if (s.type() == SourceType.PURCHASED_ELECTRICITY
              && s.factor() == null
              && factors != null) {
            String area = gridArea(factors.grid());
            if (area != null
                && !area.startsWith("national")
                && !area.equalsIgnoreCase(site.gridRegion())
                && !area.equalsIgnoreCase(String.valueOf(site.province()))) {
              errorAt(
                  s,
                  "type",
                  "factors.grid "
                      + factors.grid()
                      + " is for '"
                      + area
                      + "' but site "
                      + site.id()
                      + " is in grid region '"
                      + site.gridRegion()
                      + "', expected a factor of its region or province, a national factor, or"
                      + " this source's own 'factor'");
            }
          }
          if (s.type() == SourceType.PURCHASED_HEAT
              && s.factor() == null
              && factors != null
              && factors.heat() == null) {
            errorAt(
                s, "factor", "missing, expected a factor here or factors.heat for purchased_heat");
          }
        }
      }

      private void variables() {
        for (RelevantVariable v : site.relevantVariables()) {
          boolean dd =
              v.kind() == VariableKind.HEATING_DEGREE_DAYS
                  || v.kind() == VariableKind.COOLING_DEGREE_DAYS;
          Channel c = resolve(v.source(), null, v.kind() == VariableKind.PRODUCTION);
          if (c != null && dd && c.kind() != ChannelKind.GAUGE) {
            errorAt(
                v,
                "source",
                "channel "
                    + v.source()
                    + " is a "
                    + c.kind().wire()
                    + ", expected a temperature gauge for degree-days");
          }
        }
      }

      private void seus() {
        for (Seu seu : site.seus()) {
          for (String m : seu.meters()) {
            if (site.meter(m).isEmpty() && site.virtualMeter(m).isEmpty() && !broken(m)) {
              errorAt(
                  seu,
                  "meters",
                  unknown(
                      "meter",
                      m,
                      String.join(
                          ", ",
                          concat(
                              ids(site.meters(), Meter::id),
                              ids(site.virtualMeters(), VirtualMeter::id)))));
            }
          }
          for (String s : seu.sources()) {
            if (site.source(s).isEmpty() && !broken(s)) {
              errorAt(seu, "sources", unknown("source", s, ids(site.sources(), CarbonSource::id)));
            }
          }
          for (String v : seu.relevantVariables()) {
            if (site.relevantVariable(v).isEmpty() && !broken(v)) {
              errorAt(
                  seu,
                  "relevantVariables",
                  unknown(
                      "relevant variable", v, ids(site.relevantVariables(), RelevantVariable::id)));
            }
          }
        }
      }

      private void checkTarget(Object record, String target) {
        var kind = site.kindOf(target);
        if (broken(target)) {
          return;
        }
        if (kind.isEmpty()
            || kind.get() == TargetKind.VARIABLE
            || kind.get() == TargetKind.PARAMETER) {
          errorAt(
              record,
              "target",
              "unknown target '"
                  + target
                  + "', expected the site id "
                  + site.id()
                  + " or an SEU, meter, virtual meter or source id");
        }
      }

      private void parameters() {
        for (PerformanceParameter p : site.parameters()) {
          checkTarget(p, p.target());
          if (p.per() != null && site.relevantVariable(p.per()).isEmpty() && !broken(p.per())) {
            errorAt(
                p,
                "per",
                unknown(
                    "relevant variable",
                    p.per(),
                    ids(site.relevantVariables(), RelevantVariable::id)));
          }
        }
      }

      private void baselines() {
        for (Baseline b : site.baselines()) {
          checkTarget(b, b.target());
          for (String v : b.relevantVariables()) {
            if (site.relevantVariable(v).isEmpty() && !broken(v)) {
              errorAt(
                  b,
                  "relevantVariables",
                  unknown(
                      "relevant variable", v, ids(site.relevantVariables(), RelevantVariable::id)));
            }
          }
          if (b.model() != null) {
            for (String v : b.model().coefficients().keySet()) {
              if (!b.relevantVariables().contains(v)) {
                errorAt(
                    b.model(),
                    "coefficients",
                    "coefficient for '"
                        + v
                        + "', expected only the baseline's relevantVariables "
                        + b.relevantVariables());
              }
            }
            for (String v : b.relevantVariables()) {
              if (!b.model().coefficients().containsKey(v)) {
                errorAt(b.model(), "coefficients", "missing coefficient for '" + v + "'");
              }
            }
            if (!b.intercept() && b.model().intercept() != 0) {
              errorAt(
                  b.model(),
                  "intercept",
                  "expected 0 (or absent) when the baseline has intercept: false");
            }
          }
        }
      }

      private void rules() {
        for (DeviationRule r : site.deviationRules()) {
          Baseline b = site.baseline(r.baseline()).orElse(null);
          if (b == null && !broken(r.baseline())) {
            errorAt(
                r,
                "baseline",
                unknown("baseline", r.baseline(), ids(site.baselines(), Baseline::id)));
          }
        }
      }

      private void plan() {
        for (CollectionPlanEntry e : site.collectionPlan()) {
          if (e.instrument() != null
              && site.meter(e.instrument()).isEmpty()
              && !broken(e.instrument())) {
            errorAt(
                e, "instrument", unknown("meter", e.instrument(), ids(site.meters(), Meter::id)));
          }
        }
      }
    }
  }

  /** The area of a Chinese grid factor id ({@code cn-grid:<area>[:<year>]}), else null. */
  private static String gridArea(String gridFactor) {
    if (gridFactor == null || !gridFactor.startsWith("cn-grid:")) {
      return null;
    }
    String rest = gridFactor.substring("cn-grid:".length());
    int colon = rest.indexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  private static List<String> concat(String a, String b) {
    List<String> out = new ArrayList<>();
    if (!a.isEmpty()) out.add(a);
    if (!b.isEmpty()) out.add(b);
    return out;
  }

  /** "unknown channel 'x' of meter m{where}, expected one of a, b, c". */
  private static String unknownChannel(String channel, Meter meter, String where) {
    return "unknown channel '"
        + channel
        + "' of meter "
        + meter.id()
        + where
        + ", expected one of "
        + ids(meter.channels(), Channel::id);
  }

  private static <T> String ids(List<T> items, Function<T, String> id) {
    return String.join(", ", items.stream().map(id).toList());
  }

  private static String idOf(Object o) {
    if (o instanceof Meter m) return m.id();
    if (o instanceof VirtualMeter v) return v.id();
    if (o instanceof CarbonSource s) return s.id();
    if (o instanceof RelevantVariable v) return v.id();
    if (o instanceof Seu s) return s.id();
    if (o instanceof PerformanceParameter p) return p.id();
    if (o instanceof Baseline b) return b.id();
    if (o instanceof DeviationRule r) return r.id();
    throw new IllegalArgumentException(String.valueOf(o));
  }

  /** Convenience for callers that want a message list rather than an exception. */
  public static List<String> messages(ConfigException e) {
    return e.errors().stream().map(Object::toString).toList();
  }

  /** The one wording of a dangling reference: what, the id, and the ids that do exist. */
  static String unknown(String what, String id, String expected) {
    return "unknown " + what + " '" + id + "', expected one of " + expected;
  }
}
