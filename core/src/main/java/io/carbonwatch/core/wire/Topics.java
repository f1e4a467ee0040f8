package io.carbonwatch.core.wire;

import java.util.List;
import java.util.Optional;

/**
 * MQTT topic names, all rooted at {@code cw/v1/{site}/}. Builders check that each segment is a
 * valid topic level (no '/', '+', '#'); {@link #parse(String)} reads a topic back.
 */
public final class Topics {
  public static final String ROOT = "cw/v1/";

  private Topics() {}

  /** {@code cw/v1/{site}/readings/{agent}/{meter}}. */
  public static String readings(String site, String agent, String meter) {
    return ROOT + seg(site) + "/readings/" + seg(agent) + "/" + seg(meter);
  }

  /**
   * {@code cw/v1/{site}/readings/{agent}}: where an agent publishes gateway batches of its readings
   * (docs/wire-format.md, "Reading batch").
   */
  public static String readingBatch(String site, String agent) {
    return ROOT + seg(site) + "/readings/" + seg(agent);
  }

  /** Subscription filter for all readings of a site: {@code cw/v1/{site}/readings/+/+}. */
  public static String readingsFilter(String site) {
    return ROOT + seg(site) + "/readings/+/+";
  }

  /** Subscription filter for all readings of all sites: {@code cw/v1/+/readings/+/+}. */
  public static String allReadingsFilter() {
    return ROOT + "+/readings/+/+";
  }

  /**
   * MQTT 5 shared subscription for parallel readers: {@code
   * $share/{group}/cw/v1/{site}/readings/+/+} ({@code site} may be "+").
   */
  public static String sharedReadingsFilter(String group, String site) {
    return "$share/"
        + seg(group)
        + "/"
        + ROOT
        + ("+".equals(site) ? "+" : seg(site))
        + "/readings/+/+";
  }

  /** {@code cw/v1/{site}/status/{agent}}. */
  public static String status(String site, String agent) {
    return ROOT + seg(site) + "/status/" + seg(agent);
  }

  /** {@code cw/v1/{site}/deadletter/{component}}. */
  public static String deadLetter(String site, String component) {
    return ROOT + seg(site) + "/deadletter/" + seg(component);
  }

  /** {@code cw/v1/{site}/alerts}. */
  public static String alerts(String site) {
    return ROOT + seg(site) + "/alerts";
  }

  /** {@code cw/v1/{site}/live/{seu}}. */
  public static String live(String site, String seu) {
    return ROOT + seg(site) + "/live/" + seg(seu);
  }

  /** Filter for all live samples of a site: {@code cw/v1/{site}/live/+}. */
  public static String liveFilter(String site) {
    return ROOT + seg(site) + "/live/+";
  }

  /** {@code cw/v1/{site}/control/{kind}}. */
  public static String control(String site, ControlKind kind) {
    return ROOT + seg(site) + "/control/" + kind.wire();
  }

  /** What a topic names. */
  public enum Kind {
    READINGS,
    STATUS,
    DEAD_LETTER,
    ALERTS,
    LIVE,
    CONTROL
  }

  /**
   * A parsed topic. {@code parts} are the segments after the kind: {@code [agent, meter]} for
   * readings, {@code [agent]} for status, {@code [component]} for dead letters, {@code []} for
   * alerts, {@code [seu]} for live, {@code [kind]} for control.
   */
  public record Address(Kind kind, String site, List<String> parts) {
    public Address {
      parts = List.copyOf(parts);
    }

    /** Agent of a readings or status topic. */
    public String agent() {
      return parts.get(0);
    }

    /** Meter of a readings topic. */
    public String meter() {
      return parts.get(1);
    }
  }

  /** Parses a concrete topic (no wildcards); empty when it is not a CarbonWatch v1 topic. */
  /**
   * The {@code {site}} segment of any topic under {@link #ROOT}, whatever follows it (also topics
   * {@link #parse} refuses, such as a gateway batch's {@code cw/v1/{site}/readings/{agent}}), so a
   * rejected message can still be filed under its site; "unknown" when there is none.
   */
  public static String siteOf(String topic) {
    if (topic == null || !topic.startsWith(ROOT)) {
      return "unknown";
    }
    int end = topic.indexOf('/', ROOT.length());
    return end <= ROOT.length() ? "unknown" : topic.substring(ROOT.length(), end);
  }

  /**
   * Whether {@code topic} is exactly {@code cw/v1/{site}/readings/{agent}/{meter}} for these names,
   * building no string on the way: the stream job checks every reading against its topic, and
   * splitting the topic was a fifth of the parser's garbage. The names are valid segments (a {@link
   * Reading} checks them), so a match here is a match of {@link #parse} as well.
   */
  public static boolean isReadingTopicOf(String topic, String site, String agent, String meter) {
    String readings = "/readings/";
    int length = ROOT.length() + site.length() + readings.length() + agent.length() + 1;
    if (topic == null || topic.length() != length + meter.length() || !topic.startsWith(ROOT)) {
      return false;
    }
    int p = ROOT.length();
    if (!topic.regionMatches(p, site, 0, site.length())) {
      return false;
    }
    p += site.length();
    if (!topic.regionMatches(p, readings, 0, readings.length())) {
      return false;
    }
    p += readings.length();
    if (!topic.regionMatches(p, agent, 0, agent.length())) {
      return false;
    }
    p += agent.length();
    return topic.charAt(p) == '/' && topic.regionMatches(p + 1, meter, 0, meter.length());
  }

  public static Optional<Address> parse(String topic) {
    if (topic == null || !topic.startsWith(ROOT)) {
      return Optional.empty();
    }
    String[] s = topic.substring(ROOT.length()).split("/", -1);
    for (String part : s) {
      if (part.isEmpty() || part.equals("+") || part.equals("#")) {
        return Optional.empty();
      }
    }
    if (s.length < 2) {
      return Optional.empty();
    }
    String site = s[0];
    Kind kind;
    int expected;
    switch (s[1]) {
      case "readings" -> {
        kind = Kind.READINGS;
        expected = 4;
      }
      case "status" -> {
        kind = Kind.STATUS;
        expected = 3;
      }
      case "deadletter" -> {
        kind = Kind.DEAD_LETTER;
        expected = 3;
      }
      case "alerts" -> {
        kind = Kind.ALERTS;
        expected = 2;
      }
      case "live" -> {
        kind = Kind.LIVE;
        expected = 3;
      }
      case "control" -> {
        kind = Kind.CONTROL;
        expected = 3;
      }
      default -> {
        return Optional.empty();
      }
    }
    if (s.length != expected) {
      return Optional.empty();
    }
    if (kind == Kind.CONTROL && ControlKind.fromWire(s[2]) == null) {
      return Optional.empty();
    }
    return Optional.of(new Address(kind, site, List.of(s).subList(2, s.length)));
  }

  private static String seg(String value) {
    return Wire.segment("topic segment", value);
  }
}
