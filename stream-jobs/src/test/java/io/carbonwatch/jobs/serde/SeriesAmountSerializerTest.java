package io.carbonwatch.jobs.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.windows.SeriesWindows;
import java.io.EOFException;
import java.io.IOException;
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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SeriesAmountSerializerTest {

  private final SeriesAmountSerializer serializer = new SeriesAmountSerializer();

  /** Layout version 1, byte for byte: if this changes, old savepoints no longer restore. */
  private static final String GOLDEN_V1 =
      "4c" // record length 76
          + "036b" // key "k"
          + "05" // level SITE, wire code 5
          + "0373" // site "s"
          + "07555443" // zone "UTC"
          + "048868" // id "表" as one UTF-16 char
          + "00" // metric null
          + "056b67" // unit "kg"
          + "05316d" // window "1m"
          + "000000000000ea60" // start 60 000 ms
          + "e0d403" // end - start, 60 000 ms
          + "3ff8000000000000" // amount 1.5
          + "08" // seven gas entries
          + "45" // present: entries 0, 2 and 6 (the others are +0.0)
          + "3ff0000000000000" // 1.0
          + "8000000000000000" // -0.0 (not left out: only +0.0 is)
          + "3fd0000000000000" // 0.25
          + "8101" // quality mask 0x81
          + "0f6640313b415235" // lineage "f@1;AR5"
          + "ac02"; // pieces 300

  private static SeriesAmount goldenAmount() {
    return new SeriesAmount(
        "k",
        "s",
        "UTC",
        Level.SITE,
        "表",
        null,
        "kg",
        "1m",
        60_000,
        120_000,
        1.5,
        new double[] {1.0, 0.0, -0.0, 0.0, 0.0, 0.0, 0.25},
        0x81,
        "f@1;AR5",
        300);
  }

  @Test
  void writesLayoutVersionOneByteForByte() throws IOException {
    assertThat(HexFormat.of().formatHex(bytesOf(goldenAmount()))).isEqualTo(GOLDEN_V1);
    SeriesAmount back =
        serializer.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(GOLDEN_V1)));
    assertThat(fields(back)).isEqualTo(fields(goldenAmount()));
  }

  @Test
  void levelWireCodesAreFixedIndependentOfEnumOrder() throws IOException {
    List<Level> expectedOrder =
        List.of(
            Level.METER,
            Level.VIRTUAL_METER,
            Level.SOURCE,
            Level.SEU,
            Level.VARIABLE,
            Level.SITE,
            Level.ORGANISATION);
    assertThat(expectedOrder).containsExactlyInAnyOrder(Level.values());
    for (int code = 0; code < expectedOrder.size(); code++) {
      Level level = expectedOrder.get(code);
      SeriesAmount a =
          new SeriesAmount(
              "k", null, null, level, null, null, null, null, 0, 1, 0, null, 0, null, 0);
      byte[] bytes = bytesOf(a);
      // length, key (2 bytes): level
      assertThat(bytes[3]).as(level.toString()).isEqualTo((byte) code);
      assertThat(roundTrip(a).level()).isEqualTo(level);
    }
  }

  @Test
  void roundTripsAnEmissionPieceWithGasAndLineage() throws IOException {
    SeriesAmount a = emissionPiece("site-3|meter|m-0412|emissions.scope2", "m-0412");
    SeriesAmount back = roundTrip(a);
    assertThat(fields(back)).isEqualTo(fields(a));
    assertThat(back.gasCo2eKg()).isNotSameAs(a.gasCo2eKg()).hasSize(SeriesAmount.GAS_GROUPS);
    assertThat(back.isEmissions()).isTrue();
  }

  @Test
  void roundTripsAnActivityPieceWithoutGasOrLineage() throws IOException {
    SeriesAmount a = electricityPiece("site-3|meter|m-0412|electricity", "m-0412");
    SeriesAmount back = roundTrip(a);
    assertThat(fields(back)).isEqualTo(fields(a));
    assertThat(back.gasCo2eKg()).isNull();
    assertThat(back.lineage()).isNull();
  }

  @Test
  void typicalPiecesTakeAHundredAndSevenAndAHundredAndSixtySevenBytes() throws IOException {
    assertThat(bytesOf(electricityPiece("site-3|meter|m-0412|electricity", "m-0412"))).hasSize(107);
    assertThat(bytesOf(emissionPiece("site-3|meter|m-0412|emissions.scope2", "m-0412")))
        .hasSize(167);
  }

  @Test
  void keepsNullInEveryNullableField() throws IOException {
    SeriesAmount allNull =
        new SeriesAmount(
            "k", null, null, Level.METER, null, null, null, null, 0, 1, 0, null, 0, null, 0);
    assertThat(fields(roundTrip(allNull))).isEqualTo(fields(allNull));
    assertThat(bytesOf(allNull)).hasSize(1 + 2 + 1 + 6 + 8 + 1 + 8 + 1 + 1 + 1 + 1);
    // one null at a time, the others set: no field's null shifts its neighbours
    SeriesAmount full = emissionPiece("site-3|seu|seu-1|emissions.scope1", "seu-1");
    for (int field = 0; field < 8; field++) {
      SeriesAmount a =
          new SeriesAmount(
              full.key(),
              field == 0 ? null : full.site(),
              field == 1 ? null : full.zone(),
              full.level(),
              field == 2 ? null : full.id(),
              field == 3 ? null : full.metric(),
              field == 4 ? null : full.unit(),
              field == 5 ? null : full.window(),
              full.startEpochMs(),
              full.endEpochMs(),
              full.amount(),
              field == 6 ? null : full.gasCo2eKg(),
              full.qualityMask(),
              field == 7 ? null : full.lineage(),
              full.pieces());
      assertThat(fields(roundTrip(a))).as("null field %d", field).isEqualTo(fields(a));
    }
  }

  @Test
  void keepsEmptyStringsApartFromNull() throws IOException {
    SeriesAmount a =
        new SeriesAmount("", "", "", Level.SEU, "", "", "", "", 0, 1, 0, null, 0, "", 0);
    SeriesAmount back = roundTrip(a);
    assertThat(fields(back)).isEqualTo(fields(a));
    assertThat(back.lineage()).isEmpty();
  }

  @Test
  void keepsExtremeLongsAndDoublesExactly() throws IOException {
    long[][] periods = {
      {Long.MIN_VALUE, Long.MAX_VALUE},
      {Long.MIN_VALUE, Long.MIN_VALUE + 1},
      {Long.MAX_VALUE - 1, Long.MAX_VALUE},
      {-1, 0},
      {-86_400_000L, 1},
      {1_767_225_600_000L, 1_769_904_000_000L},
    };
    double[] doubles = {
      -0.0,
      0.0,
      Double.NaN,
      Double.longBitsToDouble(0x7FF0_0000_0000_0001L), // signalling NaN payload
      Double.longBitsToDouble(0xFFF8_0000_0000_BEEFL), // negative quiet NaN with a payload
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MAX_VALUE,
      -Double.MIN_VALUE,
      Double.MIN_NORMAL,
    };
    long[] longs = {Long.MIN_VALUE, -1, 0, 1, 127, 128, Long.MAX_VALUE};
    int[] masks = {Integer.MIN_VALUE, -1, 0, 1, 0x7F, 0x80, Integer.MAX_VALUE};
    for (long[] period : periods) {
      for (int i = 0; i < doubles.length; i++) {
        SeriesAmount a =
            new SeriesAmount(
                "k",
                "s",
                "Z",
                Level.VARIABLE,
                "i",
                "m",
                "u",
                "w",
                period[0],
                period[1],
                doubles[i],
                doubles,
                masks[i % masks.length],
                "l",
                longs[i % longs.length]);
        SeriesAmount back = roundTrip(a);
        assertThat(fields(back)).isEqualTo(fields(a));
        assertThat(Double.doubleToRawLongBits(back.amount()))
            .isEqualTo(Double.doubleToRawLongBits(doubles[i]));
      }
    }
  }

  @Test
  void keepsEveryJavaStringIncludingChineseIdsAndLoneSurrogates() throws IOException {
    for (String s :
        List.of(
            "上海工厂|meter|电表-0412|electricity",
            "站点-上海",
            "Asia/Shanghai",
            "ÿé-latin1",
            "emoji-\uD83D\uDE00",
            "lone-\uD800-x",
            "lone-\uDFFF",
            "\u0100",
            "x".repeat(63),
            "y".repeat(64),
            "é".repeat(300),
            "电".repeat(300))) {
      SeriesAmount a =
          new SeriesAmount(s, s, s, Level.METER, s, s, s, s, 0, 60_000, 1, null, 0, s, 1);
      SeriesAmount back = roundTrip(a);
      assertThat(fields(back)).as(s).isEqualTo(fields(a));
      assertThat(roundTrip(a).key()).as(s).isEqualTo(s);
    }
  }

  @Test
  void keepsAGasArrayOfAnyLengthAsWritten() throws IOException {
    for (int n : new int[] {0, 1, 3, SeriesAmount.GAS_GROUPS, 8, 9, 17, 300}) {
      double[] gas = new double[n];
      for (int i = 0; i < n; i += 3) {
        gas[i] = i % 2 == 0 ? i + 0.5 : -0.0;
      }
      SeriesAmount a = emissionPiece("k", "i").withAmounts(1.0, gas, 2);
      SeriesAmount back = roundTrip(a);
      assertThat(fields(back)).as("length %d", n).isEqualTo(fields(a));
    }
  }

  @Test
  void roundTripsThousandsOfGeneratedAmountsAsOneStream() throws IOException {
    SeriesAmount[] amounts = generate(new Random(20260101L), 3_000);
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (SeriesAmount a : amounts) {
      serializer.serialize(a, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (SeriesAmount a : amounts) {
      assertThat(fields(serializer.deserialize(in))).isEqualTo(fields(a));
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void sharesOneStringInstancePerRepeatedSeriesKey() throws IOException {
    // A fresh String instance per record, as the meter side would build them.
    SeriesAmount first =
        emissionPiece(new String("site-3|meter|m-0412|emissions.scope2"), "m-0412");
    SeriesAmount second =
        emissionPiece(new String("site-3|meter|m-0412|emissions.scope2"), new String("m-0412"))
            .withPeriod("piece", first.endEpochMs(), first.endEpochMs() + 60_000);
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(first, out);
    serializer.serialize(second, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    SeriesAmount a = serializer.deserialize(in);
    SeriesAmount b = serializer.deserialize(in);

    assertThat(b.key()).isEqualTo(second.key()).isSameAs(a.key());
    assertThat(b.id()).isSameAs(a.id());
    assertThat(b.site()).isSameAs(a.site());
    assertThat(b.zone()).isSameAs(a.zone());
    assertThat(b.metric()).isSameAs(a.metric());
    assertThat(b.unit()).isSameAs(a.unit());
    assertThat(b.window()).isSameAs(a.window());
    assertThat(b.lineage()).isSameAs(a.lineage());
    assertThat(b.gasCo2eKg()).isNotSameAs(a.gasCo2eKg());
  }

  @Test
  void sharesOneStringInstancePerRepeatedChineseId() throws IOException {
    SeriesAmount a = electricityPiece("上海工厂|meter|电表-0412|electricity", "电表-0412");
    SeriesAmount first = roundTrip(a);
    SeriesAmount second = roundTrip(a);
    assertThat(second.key()).isEqualTo(a.key()).isSameAs(first.key());
    assertThat(second.id()).isEqualTo(a.id()).isSameAs(first.id());
  }

  @Test
  void sharesLongKeysThatDifferOnlyPastTheirFirstFiftySixBytes() throws IOException {
    String prefix = LONG_SITE + "|organisation|";
    String wide = "上海浦东新区第一制造工厂|meter|电表-0412|";
    List<SeriesAmount> sent = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (String key :
          List.of(
              prefix + "org-1|emissions.scope1",
              prefix + "org-1|emissions.scope2",
              wide + "electricity",
              wide + "emissions.scope2")) {
        sent.add(electricityPiece(new String(key), new String(key)));
      }
    }
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (SeriesAmount a : sent) {
      serializer.serialize(a, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    List<SeriesAmount> back = new ArrayList<>();
    for (SeriesAmount a : sent) {
      SeriesAmount b = serializer.deserialize(in);
      assertThat(fields(b)).isEqualTo(fields(a));
      back.add(b);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(back.get(4 + i).key()).isSameAs(back.get(i).key());
      assertThat(back.get(4 + i).id()).isSameAs(back.get(i).id());
    }
  }

  @Test
  void latinOneAndWideStringsWithTheSameBytesStayApart() throws IOException {
    // "\u6b6b" is encoded as the bytes 6b 6b, the Latin-1 encoding of "kk".
    for (String[] pair : new String[][] {{"kk", "\u6b6b"}, {"\u6b6b", "kk"}}) {
      SeriesAmountSerializer fresh = new SeriesAmountSerializer();
      for (String s : pair) {
        SeriesAmount a = new SeriesAmount(s, s, s, Level.METER, s, s, s, s, 0, 1, 0, null, 0, s, 0);
        DataOutputSerializer out = new DataOutputSerializer(64);
        fresh.serialize(a, out);
        SeriesAmount back = fresh.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(fields(back)).isEqualTo(fields(a));
      }
    }
  }

  @Test
  void staysExactWhenTensOfThousandsOfSeriesShareTheCaches() throws IOException {
    // More distinct keys and ids than cache slots, in three cycles (minutes): every slot sees
    // collisions, hits, misses and replacements, and every value still decodes exactly.
    int series = 40_000;
    for (int minute = 0; minute < 3; minute++) {
      DataOutputSerializer out = new DataOutputSerializer(64);
      List<SeriesAmount> sent = new ArrayList<>(series);
      for (int i = 0; i < series; i++) {
        String id = "m-" + i;
        // Every fourth key is long, all of them alike in their first 56 bytes (kept in the slot)
        // and of one length: they can only be told apart by the bytes kept beside the slot.
        String site = i % 4 == 0 ? LONG_SITE : "site-" + i % 7;
        if (i % 4 == 0) {
          id = String.format("m-%05d", i);
        }
        SeriesAmount a =
            (i % 3 == 0
                    ? emissionPiece(site + "|meter|" + id + "|emissions.scope2", id)
                    : electricityPiece(site + "|meter|" + id + "|electricity", id))
                .withPeriod("piece", minute * 60_000L, (minute + 1) * 60_000L);
        sent.add(a);
        serializer.serialize(a, out);
      }
      DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
      for (SeriesAmount a : sent) {
        assertThat(fields(serializer.deserialize(in))).isEqualTo(fields(a));
      }
      assertThat(in.available()).isZero();
    }
  }

  @Test
  void copyGivesTheCopyItsOwnGasArray() {
    SeriesAmount a = emissionPiece("site-3|meter|m-0412|emissions.scope2", "m-0412");
    SeriesAmount copy = serializer.copy(a);
    assertThat(fields(copy)).isEqualTo(fields(a));
    assertThat(copy.gasCo2eKg()).isNotSameAs(a.gasCo2eKg());
    copy.gasCo2eKg()[0] = 99;
    assertThat(a.gasCo2eKg()[0]).isEqualTo(7.1);
    assertThat(serializer.copy(a, null).gasCo2eKg()).isNotSameAs(a.gasCo2eKg());
  }

  @Test
  void copyOfAnAmountWithoutGasIsTheAmountItself() {
    SeriesAmount a = electricityPiece("site-3|meter|m-0412|electricity", "m-0412");
    assertThat(serializer.copy(a)).isSameAs(a);
    assertThat(serializer.copy(a, null)).isSameAs(a);
  }

  @Test
  void copyBetweenViewsWritesTheSameBytesAsSerializing() throws IOException {
    SeriesAmount[] amounts = generate(new Random(7L), 500);
    DataOutputSerializer original = new DataOutputSerializer(64);
    for (SeriesAmount a : amounts) {
      serializer.serialize(a, original);
    }
    byte[] source = original.getCopyOfBuffer();
    DataInputDeserializer in = new DataInputDeserializer(source);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    for (int i = 0; i < amounts.length; i++) {
      serializer.copy(in, copied);
    }
    assertThat(in.available()).isZero();
    assertThat(copied.getCopyOfBuffer()).isEqualTo(source);
  }

  @Test
  void snapshotRestoresTheSameSerializerCompatibleAsIs() throws IOException {
    TypeSerializerSnapshot<SeriesAmount> written = serializer.snapshotConfiguration();
    assertThat(written.getCurrentVersion()).isEqualTo(1);
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, written);

    TypeSerializerSnapshot<SeriesAmount> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(restored).isInstanceOf(SeriesAmountSerializer.Snapshot.class).isEqualTo(written);
    TypeSerializerSchemaCompatibility<SeriesAmount> compat =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compat.isCompatibleAsIs()).as(compat.toString()).isTrue();
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
  }

  @Test
  void stateOfFlinksRecordSerializerIsReportedIncompatibleNotMisread() {
    TypeSerializer<SeriesAmount> flinkDefault =
        TypeInformation.of(SeriesAmount.class).createSerializer(new SerializerConfigImpl());
    TypeSerializerSchemaCompatibility<SeriesAmount> compat =
        serializer
            .snapshotConfiguration()
            .resolveSchemaCompatibility(flinkDefault.snapshotConfiguration());
    assertThat(compat.isIncompatible()).as(compat.toString()).isTrue();
  }

  @Test
  void refusesASnapshotVersionItDoesNotKnow() {
    assertThatThrownBy(
            () ->
                new SeriesAmountSerializer.Snapshot()
                    .readSnapshot(2, new DataInputDeserializer(new byte[0]), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown version 2");
  }

  @Test
  void deserializedAmountsGoThroughTheRecordsConstructor() {
    // end - start of 0: SeriesAmount's constructor rejects an empty period.
    byte[] emptyPeriod = HexFormat.of().parseHex(GOLDEN_V1.replaceFirst("e0d403", "808000"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(emptyPeriod)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endEpochMs");
    // A null key (header 0, padded to keep the length): the constructor's null check.
    byte[] nullKey = HexFormat.of().parseHex(GOLDEN_V1.replaceFirst("^4c036b", "4c8000"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(nullKey)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
  }

  @Test
  void recordLongerThanItsContentIsCorrupt() {
    String longer = "4d" + GOLDEN_V1.substring(2) + "00";
    byte[] bytes = HexFormat.of().parseHex(longer);
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SeriesAmountSerializer: corrupt record");
  }

  @Test
  void recordShorterThanItsContentIsCorrupt() {
    // The length says one byte less: the last varint of pieces runs past the record's end.
    String shorter = "4b" + GOLDEN_V1.substring(2, GOLDEN_V1.length() - 2);
    byte[] bytes = HexFormat.of().parseHex(shorter);
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SeriesAmountSerializer: corrupt record");
  }

  @Test
  void truncatedRecordIsAnError() {
    byte[] golden = HexFormat.of().parseHex(GOLDEN_V1);
    byte[] bytes = Arrays.copyOf(golden, golden.length - 3);
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void corruptLevelCodeIsAnErrorNamingTheSerializer() {
    byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1.replaceFirst("^4c036b05", "4c036b07"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SeriesAmountSerializer: corrupt level code 7");
  }

  @Test
  void corruptGasMaskIsAnErrorNamingTheSerializer() {
    // Bit 7 set in a group of seven entries.
    byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1.replaceFirst("0845", "08c5"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SeriesAmountSerializer: corrupt gas mask 0xc5");
  }

  @Test
  void corruptLengthsFailWithoutAllocatingForThem() {
    // A key of 2^39 chars and a gas array of 2^40 entries in a 76-byte record.
    byte[] longKey =
        HexFormat.of().parseHex(GOLDEN_V1.replaceFirst("^4c036b", "51818080808080206b"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(longKey)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SeriesAmountSerializer: corrupt string length");
    byte[] manyGases =
        HexFormat.of()
            .parseHex(GOLDEN_V1.replaceFirst("^4c", "51").replace("0845", "818080808020" + "45"));
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(manyGases)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SeriesAmountSerializer: corrupt gas count");
  }

  @Test
  void isAStatefulSerializerOfAMutableTypeWithPerThreadBuffers() throws Exception {
    assertThat(serializer.isImmutableType()).isFalse();
    assertThat(serializer.getLength()).isEqualTo(-1);
    assertThat(serializer.createInstance()).isNull();
    assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    assertThat(serializer)
        .isEqualTo(new SeriesAmountSerializer())
        .hasSameHashCodeAs(new SeriesAmountSerializer());
    assertThat(serializer.toString()).isEqualTo("SeriesAmountSerializer");
    // A clone (as shipped in the job graph) works on its own buffers.
    SeriesAmountSerializer clone = InstantiationUtil.clone(serializer);
    assertThat(clone).isEqualTo(serializer).isNotSameAs(serializer);
    SeriesAmount a = emissionPiece("k", "i");
    DataOutputSerializer out = new DataOutputSerializer(64);
    clone.serialize(a, out);
    assertThat(fields(clone.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))))
        .isEqualTo(fields(a));
    assertThatThrownBy(() -> serializer.serialize(null, new DataOutputSerializer(8)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void typeInfoHandsFlinkTheSerializer() throws Exception {
    SeriesAmountTypeInfo info = new SeriesAmountTypeInfo();
    assertThat(info.createSerializer(new SerializerConfigImpl()))
        .isInstanceOf(SeriesAmountSerializer.class);
    assertThat(info.getTypeClass()).isEqualTo(SeriesAmount.class);
    assertThat(info.isBasicType()).isFalse();
    assertThat(info.isTupleType()).isFalse();
    assertThat(info.isKeyType()).isFalse();
    assertThat(info.getArity()).isEqualTo(1);
    assertThat(info.getTotalFields()).isEqualTo(1);
    assertThat(info)
        .isEqualTo(new SeriesAmountTypeInfo())
        .hasSameHashCodeAs(new SeriesAmountTypeInfo());
    assertThat(info).isNotEqualTo(TypeInformation.of(SeriesAmount.class));
    assertThat(info.canEqual(new SeriesAmountTypeInfo())).isTrue();
    assertThat(info.toString()).isEqualTo("SeriesAmountTypeInfo");
    assertThat(InstantiationUtil.clone(info)).isEqualTo(info);
  }

  /**
   * Flink's own contract tests for serializers (flink-core test-jar, on the test classpath). The
   * record's own {@code equals} compares the gas arrays by reference, so the base compares amounts
   * field by field instead ({@link #fields}).
   */
  @Nested
  class FlinkSerializerContract extends SerializerTestBase<SeriesAmount> {
    FlinkSerializerContract() {
      super(
          new DeeplyEqualsChecker()
              .withCustomCheck(
                  (a, b) -> a instanceof SeriesAmount && b instanceof SeriesAmount,
                  (a, b, checker) -> fields((SeriesAmount) a).equals(fields((SeriesAmount) b))));
    }

    @Override
    protected TypeSerializer<SeriesAmount> createSerializer() {
      return new SeriesAmountSerializer();
    }

    @Override
    protected int getLength() {
      return -1;
    }

    @Override
    protected Class<SeriesAmount> getTypeClass() {
      return SeriesAmount.class;
    }

    @Override
    protected SeriesAmount[] getTestData() {
      return generate(new Random(42L), 200);
    }

    /** Amounts have no empty value: createInstance is null by design. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<SeriesAmount> s) {
      return true;
    }
  }

  /** {@link SeriesAmountTypeInfo} on a real Flink exchange (MiniCluster, parallelism 2). */
  @Nested
  class OnAKeyedExchange {
    @RegisterExtension
    static final MiniClusterExtension FLINK = io.carbonwatch.jobs.MiniClusters.twoSlots();

    @Test
    void amountsCrossAKeyedExchangeAtParallelismTwoUnchanged() throws Exception {
      SeriesAmount[] amounts = generate(new Random(3L), 400);
      // Kryo would only be reached by a type Flink cannot analyse; none may appear here.
      Configuration noKryo = new Configuration();
      noKryo.set(PipelineOptions.GENERIC_TYPES, false);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noKryo);
      env.setParallelism(2);

      DataStream<SeriesAmount> source =
          env.fromData(Arrays.asList(amounts), new SeriesAmountTypeInfo());
      DataStream<SeriesAmount> exchanged =
          source.keyBy(SeriesWindows::keyOf).map(a -> a).returns(new SeriesAmountTypeInfo());

      assertThat(exchanged.getType()).isEqualTo(new SeriesAmountTypeInfo());
      List<SeriesAmount> out =
          exchanged.executeAndCollect("series-amount-serde", amounts.length + 1);
      assertThat(out.stream().map(SeriesAmountSerializerTest::fields))
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(amounts).map(SeriesAmountSerializerTest::fields).toList());
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  /**
   * Every component, doubles as their raw bits (NaN payloads, -0.0) and the gas array as a list:
   * equal lists mean an exact round trip.
   */
  static List<Object> fields(SeriesAmount a) {
    List<Long> gas = null;
    if (a.gasCo2eKg() != null) {
      gas = Arrays.stream(a.gasCo2eKg()).mapToObj(Double::doubleToRawLongBits).toList();
    }
    return Arrays.asList(
        a.key(),
        a.site(),
        a.zone(),
        a.level(),
        a.id(),
        a.metric(),
        a.unit(),
        a.window(),
        a.startEpochMs(),
        a.endEpochMs(),
        Double.doubleToRawLongBits(a.amount()),
        gas,
        a.qualityMask(),
        a.lineage(),
        a.pieces());
  }

  /** A site id that puts the series keys past the 56 bytes a cache slot keeps inline. */
  private static final String LONG_SITE = "organisation-with-a-rather-long-identifier-0123456789";

  private static final long MINUTE_START = 1_778_000_040_000L;

  static SeriesAmount electricityPiece(String key, String id) {
    return new SeriesAmount(
        key,
        "site-3",
        "Asia/Shanghai",
        Level.METER,
        id,
        "electricity",
        "kWh",
        "piece",
        MINUTE_START,
        MINUTE_START + 60_000,
        12.5,
        null,
        0,
        null,
        1);
  }

  static SeriesAmount emissionPiece(String key, String id) {
    return new SeriesAmount(
        key,
        "site-3",
        "Asia/Shanghai",
        Level.METER,
        id,
        "emissions.scope2",
        "kgCO2e",
        "piece",
        MINUTE_START,
        MINUTE_START + 60_000,
        7.3,
        new double[] {7.1, 0.12, 0.08, 0.0, 0.0, 0.0, 0.0},
        0,
        "cn-grid:east@2024;AR5",
        1);
  }

  private byte[] bytesOf(SeriesAmount a) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(16);
    serializer.serialize(a, out);
    return out.getCopyOfBuffer();
  }

  private SeriesAmount roundTrip(SeriesAmount a) throws IOException {
    DataInputDeserializer in = new DataInputDeserializer(bytesOf(a));
    SeriesAmount back = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    return back;
  }

  private static final String[] PARTS = {
    "site-01", "m-0042", "站点", "计量表", "ÿé", "\uD83D\uDE00", "edge_\u00B5", "x", "Zähler", "\u4E00"
  };

  private static String text(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int parts = 1 + rnd.nextInt(3);
    for (int i = 0; i < parts; i++) {
      sb.append(PARTS[rnd.nextInt(PARTS.length)]);
    }
    if (rnd.nextInt(10) == 0) {
      sb.append("-".repeat(rnd.nextInt(300))); // lengths past one varint byte and the caches
    }
    return sb.toString();
  }

  /** A string, null one time in eight, repeating often enough to exercise the caches. */
  private static String nullable(Random rnd) {
    return rnd.nextInt(8) == 0 ? null : text(rnd);
  }

  private static double someDouble(Random rnd) {
    return switch (rnd.nextInt(6)) {
      case 0 -> rnd.nextDouble() * 1e6;
      case 1 -> -rnd.nextGaussian();
      case 2 -> Double.longBitsToDouble(rnd.nextLong()); // NaNs with payloads included
      case 3 -> 0.0;
      case 4 -> -0.0;
      default -> rnd.nextInt(100);
    };
  }

  static SeriesAmount[] generate(Random rnd, int count) {
    Level[] levels = Level.values();
    SeriesAmount[] out = new SeriesAmount[count];
    for (int i = 0; i < count; i++) {
      long duration =
          switch (rnd.nextInt(4)) {
            case 0 -> 60_000;
            case 1 -> 1 + (rnd.nextLong() >>> 1);
            default -> 1 + rnd.nextInt(86_400_000);
          };
      long start =
          switch (rnd.nextInt(4)) {
            case 0 -> Long.MIN_VALUE + rnd.nextInt(1000);
            case 1 -> Long.MAX_VALUE - duration - rnd.nextInt(1000);
            default -> rnd.nextLong() % 10_000_000_000_000L;
          };
      if (start > Long.MAX_VALUE - duration) {
        start = Long.MAX_VALUE - duration;
      }
      double[] gas = null;
      if (rnd.nextBoolean()) {
        gas = new double[rnd.nextInt(10) == 0 ? rnd.nextInt(20) : SeriesAmount.GAS_GROUPS];
        for (int g = 0; g < gas.length; g++) {
          gas[g] = someDouble(rnd);
        }
      }
      long pieces =
          switch (rnd.nextInt(3)) {
            case 0 -> 1;
            case 1 -> rnd.nextLong();
            default -> rnd.nextInt(10_000);
          };
      out[i] =
          new SeriesAmount(
              text(rnd),
              nullable(rnd),
              nullable(rnd),
              // every level appears, round robin, whatever the random stream
              levels[i % levels.length],
              nullable(rnd),
              nullable(rnd),
              nullable(rnd),
              nullable(rnd),
              start,
              start + duration,
              someDouble(rnd),
              gas,
              rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(16),
              nullable(rnd),
              pieces);
    }
    return out;
  }
}
