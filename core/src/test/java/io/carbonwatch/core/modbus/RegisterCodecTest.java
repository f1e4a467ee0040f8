package io.carbonwatch.core.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.site.RegisterType;
import io.carbonwatch.core.site.WordOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterCodecTest {

  /** Byte positions (0 = most significant) in wire order, written out per order and width. */
  private static int[] permutation(int bytes, WordOrder order) {
    return switch (bytes) {
      case 2 ->
          switch (order) {
            case ABCD, CDAB -> new int[] {0, 1};
            case BADC, DCBA -> new int[] {1, 0};
          };
      case 4 ->
          switch (order) {
            case ABCD -> new int[] {0, 1, 2, 3};
            case CDAB -> new int[] {2, 3, 0, 1};
            case BADC -> new int[] {1, 0, 3, 2};
            case DCBA -> new int[] {3, 2, 1, 0};
          };
      default ->
          switch (order) {
            case ABCD -> new int[] {0, 1, 2, 3, 4, 5, 6, 7};
            case CDAB -> new int[] {6, 7, 4, 5, 2, 3, 0, 1};
            case BADC -> new int[] {1, 0, 3, 2, 5, 4, 7, 6};
            case DCBA -> new int[] {7, 6, 5, 4, 3, 2, 1, 0};
          };
    };
  }

  /** Lays out big-endian bytes of {@code bits} in wire order, then packs them into words. */
  private static int[] wire(long bits, int bytes, WordOrder order) {
    byte[] be = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      be[i] = (byte) (bits >>> (8 * (bytes - 1 - i)));
    }
    int[] perm = permutation(bytes, order);
    int[] words = new int[bytes / 2];
    for (int w = 0; w < words.length; w++) {
      words[w] = ((be[perm[2 * w]] & 0xFF) << 8) | (be[perm[2 * w + 1]] & 0xFF);
    }
    return words;
  }

  record Case(RegisterType type, long bits, double expected) {}

  static final List<Case> CASES =
      List.of(
          new Case(RegisterType.U16, 0xFF38L, 65336),
          new Case(RegisterType.I16, 0xFF38L, -200),
          new Case(RegisterType.U16, 0x1234L, 4660),
          new Case(RegisterType.I16, 0x7FFFL, 32767),
          new Case(RegisterType.U32, 0xFFFE1DC0L, 4294843840.0),
          new Case(RegisterType.I32, 0xFFFE1DC0L, -123456),
          new Case(RegisterType.U32, 0x11223344L, 287454020),
          new Case(RegisterType.I32, 0x11223344L, 287454020),
          new Case(RegisterType.F32, 0x449B6392L, Float.intBitsToFloat(0x449B6392)),
          new Case(RegisterType.F32, 0xC2F6E979L, Float.intBitsToFloat(0xC2F6E979)),
          new Case(RegisterType.U64, 0x1122334455667788L, 1234605616436508552.0),
          new Case(RegisterType.I64, 0xFFFFFEE08E04FB35L, -1234567890123.0),
          new Case(RegisterType.U64, 0xFFFFFFFFFFFFFFFFL, 18446744073709551615.0),
          new Case(RegisterType.I64, 0xFFFFFFFFFFFFFFFFL, -1),
          new Case(RegisterType.F64, Double.doubleToLongBits(-1234.5678), -1234.5678),
          new Case(RegisterType.F64, Double.doubleToLongBits(6.02214076e23), 6.02214076e23));

  static Stream<Arguments> everyTypeAndOrder() {
    List<Arguments> out = new ArrayList<>();
    for (Case c : CASES) {
      for (WordOrder o : WordOrder.values()) {
        out.add(Arguments.of(c.type(), o, c.bits(), c.expected()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("everyTypeAndOrder")
  void decodesEveryTypeInEveryOrderFromRawWords(
      RegisterType type, WordOrder order, long bits, double expected) {
    int bytes = RegisterCodec.words(type) * 2;
    int[] words = wire(bits, bytes, order);
    // the value sits after one unrelated register, as inside a block
    int[] block = new int[words.length + 2];
    block[0] = 0xDEAD;
    System.arraycopy(words, 0, block, 1, words.length);
    block[block.length - 1] = 0xBEEF;

    assertThat(RegisterCodec.decode(block, 1, type, order)).isEqualTo(expected);
    assertThat(RegisterCodec.encodeBits(bits, type, order)).containsExactly(words);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTypeAndOrder")
  void encodeIsTheInverseOfDecode(RegisterType type, WordOrder order, long bits, double expected) {
    int[] words = RegisterCodec.encode(expected, type, order);
    assertThat(RegisterCodec.decode(words, 0, type, order)).isEqualTo(expected);
  }

  @Test
  void decodesTheGasCorrectorSampleFromItsSource() {
    // "float_byte_order: big-endian (0x449B6392 -> 1243.11)" in the reference register maps
    double v =
        RegisterCodec.decode(new int[] {0x449B, 0x6392}, 0, RegisterType.F32, WordOrder.ABCD);
    assertThat(v).isCloseTo(1243.11, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void wordSwappedFloatIsNotTheSameAsBigEndian() {
    int[] words = {0x6392, 0x449B};
    assertThat(RegisterCodec.decode(words, 0, RegisterType.F32, WordOrder.CDAB))
        .isCloseTo(1243.11, org.assertj.core.data.Offset.offset(0.01));
    assertThat(RegisterCodec.decode(words, 0, RegisterType.F32, WordOrder.ABCD))
        .isNotCloseTo(1243.11, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void integerEncodingWrapsLikeTheRegisterDoes() {
    int[] words = RegisterCodec.encode(4294967296.0 + 5, RegisterType.U32, WordOrder.ABCD);
    assertThat(RegisterCodec.decode(words, 0, RegisterType.U32, WordOrder.ABCD)).isEqualTo(5);
  }

  @Test
  void rejectsAValueThatRunsPastTheBlock() {
    assertThatThrownBy(
            () -> RegisterCodec.decode(new int[] {1, 2, 3}, 1, RegisterType.F64, WordOrder.ABCD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need 4 words at offset 1");
  }
}
