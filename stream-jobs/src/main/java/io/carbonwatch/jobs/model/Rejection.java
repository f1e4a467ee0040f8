package io.carbonwatch.jobs.model;

import io.carbonwatch.core.wire.DeadLetter;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message for the dead letters, with the field its reason names: the {@code field} tag of the
 * InfluxDB {@code dead_letters} measurement. The tag takes one of the few values of {@link
 * #FIELDS}, whatever the message, so the measurement's series stay few (the reason itself, with
 * element indices, byte offsets and values, is a field, not a tag).
 *
 * <p>The tag is decided where the message is rejected, from the structure known there — the core
 * codec's {@code WireFormatException#path()}, the kind of check that failed, a batch's envelope —
 * never by parsing the reason text after it was prefixed with a batch's topic and element.
 *
 * @param letter the dead letter as published on MQTT
 * @param field one of {@link #FIELDS}
 */
public record Rejection(DeadLetter letter, String field) {
  /** The payload as a whole: not JSON, not one JSON object, or an unknown top-level field. */
  public static final String MESSAGE = "message";

  /** The topic is not a readings topic. */
  public static final String TOPIC = "topic";

  /** A gateway batch's envelope is wrong; none of its readings was accepted. */
  public static final String BATCH = "batch";

  /**
   * The reading's own fields, array indices dropped ({@code values[3].unit} → {@code
   * values[].unit}).
   */
  private static final Set<String> READING_FIELDS =
      Set.of(
          "v",
          "site",
          "agent",
          "meter",
          "seq",
          "time",
          "values",
          "values[]",
          "values[].channel",
          "values[].value",
          "values[].unit",
          "values[].quality",
          "values[].exceptionCode");

  /** Every value {@link #field()} can take (docs/influxdb-schema.md lists them). */
  public static final Set<String> FIELDS;

  static {
    java.util.HashSet<String> all = new java.util.HashSet<>(READING_FIELDS);
    all.add(MESSAGE);
    all.add(TOPIC);
    all.add(BATCH);
    FIELDS = Set.copyOf(all);
  }

  private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

  /** A field path as the core codec writes it: {@code seq}, {@code values[2].unit}. */
  private static final Pattern PATH =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[\\d+])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\d+])?)*");

  public Rejection {
    Objects.requireNonNull(letter, "letter");
    if (!FIELDS.contains(field)) {
      throw new IllegalArgumentException("field: expected one of " + FIELDS + ", got " + field);
    }
  }

  /**
   * The tag of a reading's field path ({@code ""} for the whole message, as {@code
   * WireFormatException#path()} has it): indices dropped; a path outside the reading's fields (an
   * unknown field, named by the sender) becomes where it sits, {@code values[]} or {@code message}.
   */
  public static String fieldOfPath(String path) {
    String p = path.indexOf('[') < 0 ? path : INDEX.matcher(path).replaceAll("[]");
    if (READING_FIELDS.contains(p)) {
      return p;
    }
    return p.startsWith("values[]") ? "values[]" : MESSAGE;
  }

  /**
   * The tag of a reason that starts with the path it names, {@code path: problem} (the job's own
   * checks, the batch splitter's element checks, a record constructor's message); {@link #MESSAGE}
   * when it does not start with a path ({@code malformed JSON at …: …}).
   */
  public static String fieldOfReason(String reason) {
    int colon = reason.indexOf(": ");
    if (colon > 0 && PATH.matcher(reason).region(0, colon).matches()) {
      return fieldOfPath(reason.substring(0, colon));
    }
    return MESSAGE;
  }
}
