package io.carbonwatch.core.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MicroUnitsTest {

  @Test
  void convertsDecimalRegisterValuesExactly() {
    assertThat(MicroUnits.fromDouble(123456.7)).isEqualTo(123_456_700_000L);
    assertThat(MicroUnits.fromDouble(99999999.9)).isEqualTo(99_999_999_900_000L);
    assertThat(MicroUnits.fromDouble(4294967295.0)).isEqualTo(4_294_967_295_000_000L);
    assertThat(MicroUnits.fromDouble(0.1 + 0.2)).isEqualTo(300_000L);
  }

  @Test
  void mulDivFloorMatchesBigIntegerIncludingOverflow() {
    Random rnd = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long a = rnd.nextLong() >>> (1 + rnd.nextInt(40));
      long c = 1 + (rnd.nextLong() >>> (1 + rnd.nextInt(40)));
      long b = c == 1 ? 1 : Math.floorMod(rnd.nextLong(), c);
      long expected =
          BigInteger.valueOf(a)
              .multiply(BigInteger.valueOf(b))
              .divide(BigInteger.valueOf(c))
              .longValueExact();
      assertThat(MicroUnits.mulDivFloor(a, b, c)).isEqualTo(expected);
    }
  }
}
