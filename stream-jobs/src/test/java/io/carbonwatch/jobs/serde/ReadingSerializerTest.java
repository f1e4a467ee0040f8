package io.carbonwatch.jobs.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import java.io.EOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReadingSerializerTest {

  private final ReadingSerializer serializer = new ReadingSerializer();

  /** Layout version 1, byte for byte: if this changes, old savepoints no longer restore. */
  private static final String GOLDEN_V1 =
      "4b" // record length
          + "0e736974652d3031" // site "site-01"
          + "0c656467652d31" // agent "edge-1"
          + "0c6d2d30303432" // meter "m-0042"
          + "ac02" // seq 300
          + "02" // epoch second 1, zigzag
          + "f403" // nano 500
          + "03" // three values
          + "14656e657267795f6b776806" // channel "energy_kwh", unit header
          + "6b5768" // "kWh"
          + "10" // GOOD, value present
          + "3ff8000000000000" // 1.5
          + "10706f7765725f6b77" // "power_kw"
          + "046b57" // "kW"
          + "22" // DEVICE_EXCEPTION, exception code present
          + "02" // exception code 2
          + "056e295ea6" // "温度" as two UTF-16 chars
          + "04b043" // "°C", Latin-1
          + "01"; // TIMEOUT, no value

  private static Reading goldenReading() {
    return new Reading(
        "site-01",
        "edge-1",
        "m-0042",
        300,
        Instant.ofEpochSecond(1, 500),
        List.of(
            ReadingValue.good("energy_kwh", 1.5, "kWh"),
            ReadingValue.deviceException("power_kw", "kW", 2),
            ReadingValue.missing("温度", "°C", Quality.TIMEOUT)));
  }

  @Test
  void writesLayoutVersionOneByteForByte() throws IOException {
    assertThat(HexFormat.of().formatHex(bytesOf(goldenReading()))).isEqualTo(GOLDEN_V1);
    assertThat(
            serializer.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(GOLDEN_V1))))
        .isEqualTo(goldenReading());
  }

  @Test
  void qualityWireCodesAreFixedIndependentOfEnumOrder() throws IOException {
    List<Quality> expectedOrder =
        List.of(
            Quality.GOOD,
            Quality.TIMEOUT,
            Quality.DEVICE_EXCEPTION,
            Quality.OUT_OF_RANGE,
            Quality.FROZEN,
            Quality.ESTIMATED,
            Quality.CALIBRATION_OVERDUE,
            Quality.CALIBRATION_FAILED);
    assertThat(expectedOrder).containsExactlyInAnyOrder(Quality.values());
    for (int code = 0; code < expectedOrder.size(); code++) {
      Quality q = expectedOrder.get(code);
      ReadingValue v =
          q == Quality.DEVICE_EXCEPTION
              ? ReadingValue.deviceException("c", "u", 7)
              : new ReadingValue("c", q.hasValue() ? 1.0 : null, "u", q, null);
      byte[] bytes = bytesOf(new Reading("s", "a", "m", 1, Instant.EPOCH, List.of(v)));
      // length, s, a, m (2 bytes each), seq, second, nano, count, channel (2), unit (2): flags
      assertThat(bytes[15] & 0x0F).as(q.toString()).isEqualTo(code);
    }
  }

  @Test
  void typicalReadingTakesSeventyEightBytes() throws IOException {
    Reading r = typicalReading();
    assertThat(bytesOf(r)).hasSize(78);
  }

  @Test
  void roundTripsThousandsOfGeneratedReadingsAsOneStream() throws IOException {
    Reading[] readings = generate(new Random(20260101L), 3_000);
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (Reading r : readings) {
      serializer.serialize(r, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (Reading r : readings) {
      Reading back = serializer.deserialize(in);
      assertThat(back).isEqualTo(r);
      assertThat(back.time().getNano()).isEqualTo(r.time().getNano());
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void keepsExtremesExactly() throws IOException {
    List<Reading> extremes = new ArrayList<>();
    for (Instant t :
        List.of(
            Instant.MIN,
            Instant.MAX,
            Instant.EPOCH,
            Instant.ofEpochSecond(-1, 999_999_999),
            Instant.ofEpochSecond(1_767_225_600L, 1),
            Instant.parse("2026-06-30T23:59:59.999999999Z"))) {
      for (long seq : new long[] {1, 127, 128, Long.MAX_VALUE}) {
        extremes.add(
            new Reading(
                "s",
                "a",
                "m",
                seq,
                t,
                List.of(
                    ReadingValue.good("neg_zero", -0.0, "kW"),
                    ReadingValue.good("max", Double.MAX_VALUE, "kW"),
                    ReadingValue.good("min", -Double.MIN_VALUE, ""),
                    ReadingValue.deviceException("code255", "kW", 255))));
      }
    }
    for (Reading r : extremes) {
      Reading back = roundTrip(r);
      assertThat(back).isEqualTo(r);
      assertThat(Double.doubleToRawLongBits(back.values().get(0).value()))
          .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
  }

  @Test
  void keepsEveryJavaStringIncludingLoneSurrogates() throws IOException {
    for (String id :
        List.of(
            "站点-上海", "ÿé-latin1", "emoji-\uD83D\uDE00", "lone-\uD800-x", "lone-\uDFFF", "\u0100")) {
      Reading r =
          new Reading(id, id, id, 5, Instant.EPOCH, List.of(ReadingValue.good(id, 1.0, id)));
      assertThat(roundTrip(r)).isEqualTo(r);
    }
  }

  @Test
  void copyBetweenViewsWritesTheSameBytesAsSerializing() throws IOException {
    Reading[] readings = generate(new Random(7L), 500);
    DataOutputSerializer original = new DataOutputSerializer(64);
    for (Reading r : readings) {
      serializer.serialize(r, original);
    }
    byte[] source = original.getCopyOfBuffer();
    DataInputDeserializer in = new DataInputDeserializer(source);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    for (int i = 0; i < readings.length; i++) {
      serializer.copy(in, copied);
    }
    assertThat(in.available()).isZero();
    assertThat(copied.getCopyOfBuffer()).isEqualTo(source);
  }

  @Test
  void snapshotRestoresTheSameSerializerCompatibleAsIs() throws IOException {
    TypeSerializerSnapshot<Reading> written = serializer.snapshotConfiguration();
    assertThat(written.getCurrentVersion()).isEqualTo(1);
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, written);

    TypeSerializerSnapshot<Reading> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(restored).isInstanceOf(ReadingSerializer.Snapshot.class).isEqualTo(written);
    TypeSerializerSchemaCompatibility<Reading> compat =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compat.isCompatibleAsIs()).as(compat.toString()).isTrue();
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
  }

  @Test
  void stateOfFlinksRecordSerializerIsReportedIncompatibleNotMisread() {
    TypeSerializer<Reading> flinkDefault =
        TypeInformation.of(Reading.class).createSerializer(new SerializerConfigImpl());
    TypeSerializerSchemaCompatibility<Reading> compat =
        serializer
            .snapshotConfiguration()
            .resolveSchemaCompatibility(flinkDefault.snapshotConfiguration());
    assertThat(compat.isIncompatible()).as(compat.toString()).isTrue();
  }

  @Test
  void refusesASnapshotVersionItDoesNotKnow() {
    assertThatThrownBy(
            () ->
                new ReadingSerializer.Snapshot()
                    .readSnapshot(2, new DataInputDeserializer(new byte[0]), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown version 2");
  }

  @Test
  void deserializedReadingsGoThroughValidation() {
    // The golden bytes with seq 300 replaced by a two-byte 0, which Reading's constructor rejects.
    byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1.replaceFirst("ac02", "8000"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq");
  }

  @Test
  void recordLongerThanItsContentIsCorrupt() {
    String longer =
        String.format("%02x", Integer.parseInt(GOLDEN_V1.substring(0, 2), 16) + 1)
            + GOLDEN_V1.substring(2)
            + "00";
    byte[] bytes = HexFormat.of().parseHex(longer);
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ReadingSerializer: corrupt record");
  }

  @Test
  void truncatedRecordIsAnError() {
    byte[] golden = HexFormat.of().parseHex(GOLDEN_V1);
    byte[] bytes = Arrays.copyOf(golden, golden.length - 3);
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void corruptFlagsAreAnErrorNamingTheSerializer() {
    byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1.replaceFirst("6b576810", "6b5768c0"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ReadingSerializer: corrupt value flags 0xc0");
  }

  @Test
  void isAnImmutableTypeSerializerWithPerThreadBuffers() throws Exception {
    Reading r = typicalReading();
    assertThat(serializer.isImmutableType()).isTrue();
    assertThat(serializer.copy(r)).isSameAs(r);
    assertThat(serializer.copy(r, null)).isSameAs(r);
    assertThat(serializer.getLength()).isEqualTo(-1);
    assertThat(serializer.createInstance()).isNull();
    assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    assertThat(serializer)
        .isEqualTo(new ReadingSerializer())
        .hasSameHashCodeAs(new ReadingSerializer());
    assertThat(InstantiationUtil.clone(serializer)).isEqualTo(serializer);
    assertThatThrownBy(() -> serializer.serialize(null, new DataOutputSerializer(8)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void repeatedNamesDecodeToOneSharedStringAndStayCorrectOnCollisions() throws IOException {
    Reading a = typicalReading();
    Reading b = roundTrip(a);
    Reading c = roundTrip(a);
    assertThat(c.site()).isSameAs(b.site());
    assertThat(c.values().get(1).unit()).isSameAs(b.values().get(1).unit());
    // Thousands of distinct meters through the 256-slot cache: every one still decodes exactly.
    DataOutputSerializer out = new DataOutputSerializer(64);
    List<Reading> many = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Reading r = new Reading("site-01", "edge-1", "m-" + i, i + 1, Instant.EPOCH, a.values());
      many.add(r);
      serializer.serialize(r, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (Reading r : many) {
      assertThat(serializer.deserialize(in)).isEqualTo(r);
    }
  }

  @Test
  void typeInfoHandsFlinkTheSerializer() throws Exception {
    ReadingTypeInfo info = new ReadingTypeInfo();
    assertThat(info.createSerializer(new SerializerConfigImpl()))
        .isInstanceOf(ReadingSerializer.class);
    assertThat(info.getTypeClass()).isEqualTo(Reading.class);
    assertThat(info.isBasicType()).isFalse();
    assertThat(info.isTupleType()).isFalse();
    assertThat(info.isKeyType()).isFalse();
    assertThat(info.getArity()).isEqualTo(1);
    assertThat(info.getTotalFields()).isEqualTo(1);
    assertThat(info).isEqualTo(new ReadingTypeInfo()).hasSameHashCodeAs(new ReadingTypeInfo());
    assertThat(info).isNotEqualTo(TypeInformation.of(Reading.class));
    assertThat(info.canEqual(new ReadingTypeInfo())).isTrue();
    assertThat(info.toString()).isEqualTo("ReadingTypeInfo");
    assertThat(InstantiationUtil.clone(info)).isEqualTo(info);
  }

  /** Flink's own contract tests for serializers (flink-core test-jar, on the test classpath). */
  @Nested
  class FlinkSerializerContract extends SerializerTestBase<Reading> {
    @Override
    protected TypeSerializer<Reading> createSerializer() {
      return new ReadingSerializer();
    }

    @Override
    protected int getLength() {
      return -1;
    }

    @Override
    protected Class<Reading> getTypeClass() {
      return Reading.class;
    }

    @Override
    protected Reading[] getTestData() {
      return generate(new Random(42L), 200);
    }

    /** Readings are immutable and have no empty value: createInstance is null by design. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<Reading> s) {
      return true;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  static Reading typicalReading() {
    return new Reading(
        "site-01",
        "edge-1",
        "m-0042",
        123_456,
        Instant.parse("2026-05-12T08:15:00Z"),
        List.of(
            ReadingValue.good("energy_kwh", 1_234_567.25, "kWh"),
            ReadingValue.good("power_kw", 42.5, "kW")));
  }

  private byte[] bytesOf(Reading r) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(16);
    serializer.serialize(r, out);
    return out.getCopyOfBuffer();
  }

  private Reading roundTrip(Reading r) throws IOException {
    DataInputDeserializer in = new DataInputDeserializer(bytesOf(r));
    Reading back = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    return back;
  }

  private static final String[] ID_PARTS = {
    "site-01", "m-0042", "站点", "计量表", "ÿé", "\uD83D\uDE00", "edge_\u00B5", "x", "Zähler", "\u4E00"
  };

  private static String id(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int parts = 1 + rnd.nextInt(3);
    for (int i = 0; i < parts; i++) {
      sb.append(ID_PARTS[rnd.nextInt(ID_PARTS.length)]);
    }
    if (rnd.nextInt(10) == 0) {
      sb.append("-".repeat(rnd.nextInt(200))); // lengths past one varint byte
    }
    return sb.toString();
  }

  static Reading[] generate(Random rnd, int count) {
    Quality[] qualities = Quality.values();
    Reading[] out = new Reading[count];
    for (int i = 0; i < count; i++) {
      int n = 1 + rnd.nextInt(20);
      List<ReadingValue> values = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        // every quality appears, round robin, whatever the random stream
        Quality q = qualities[(i + j) % qualities.length];
        String unit = rnd.nextInt(5) == 0 ? "" : id(rnd);
        if (q == Quality.DEVICE_EXCEPTION) {
          values.add(ReadingValue.deviceException(id(rnd), unit, 1 + rnd.nextInt(255)));
        } else if (!q.hasValue()) {
          values.add(ReadingValue.missing(id(rnd), unit, q));
        } else {
          double v =
              switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextDouble() * 1e6;
                case 1 -> -rnd.nextGaussian();
                case 2 -> Double.longBitsToDouble(rnd.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
                default -> rnd.nextInt(100);
              };
          values.add(new ReadingValue(id(rnd), v, unit, q, null));
        }
      }
      long seq =
          switch (rnd.nextInt(4)) {
            case 0 -> 1;
            case 1 -> Long.MAX_VALUE - rnd.nextInt(3);
            default -> 1 + (rnd.nextLong() >>> (1 + rnd.nextInt(63)));
          };
      Instant time =
          switch (rnd.nextInt(4)) {
            case 0 -> Instant.MIN.plusNanos(rnd.nextInt(1_000_000_000));
            case 1 -> Instant.MAX.minusNanos(rnd.nextInt(1_000_000_000));
            default ->
                Instant.ofEpochSecond(
                    rnd.nextLong() % 100_000_000_000L, rnd.nextInt(1_000_000_000));
          };
      out[i] = new Reading(id(rnd), id(rnd), id(rnd), seq, time, values);
    }
    return out;
  }
}
