package io.carbonwatch.core.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.ReadBlock;
import io.carbonwatch.core.site.RegisterType;
import io.carbonwatch.core.site.WordOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPlannerTest {

  private static ProfileField f(String name, int function, int address, RegisterType type) {
    return new ProfileField(
        name,
        function,
        address,
        type,
        WordOrder.ABCD,
        1,
        0,
        Ratio.NONE,
        "kWh",
        "electricity",
        ChannelKind.GAUGE,
        null,
        null);
  }

  @Test
  void coalescesContiguousFieldsIntoOneRequest() {
    List<ReadRequest> plan =
        RequestPlanner.plan(
            List.of(),
            List.of(
                f("a", 4, 0, RegisterType.F32),
                f("b", 4, 2, RegisterType.F32),
                f("c", 4, 4, RegisterType.U16)),
            0,
            125);
    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).start()).isZero();
    assertThat(plan.get(0).count()).isEqualTo(5);
    assertThat(plan.get(0).fields()).extracting(ProfileField::name).containsExactly("a", "b", "c");
  }

  @Test
  void readsAcrossAGapOnlyUpToMaxGap() {
    List<ProfileField> fields =
        List.of(f("a", 3, 0, RegisterType.F32), f("b", 3, 7, RegisterType.F32));
    assertThat(RequestPlanner.plan(List.of(), fields, 5, 125)).hasSize(1);
    assertThat(RequestPlanner.plan(List.of(), fields, 4, 125)).hasSize(2);
    ReadRequest across = RequestPlanner.plan(List.of(), fields, 5, 125).get(0);
    assertThat(across.count()).isEqualTo(9);
  }

  @Test
  void neverExceedsTheRegisterLimitAndNeverSplitsAField() {
    List<ProfileField> fields =
        java.util.stream.IntStream.range(0, 100)
            .mapToObj(i -> f("x" + i, 3, i * 4, RegisterType.F64))
            .toList();
    List<ReadRequest> plan = RequestPlanner.plan(List.of(), fields, 0, 125);
    assertThat(plan).allSatisfy(r -> assertThat(r.count()).isLessThanOrEqualTo(125));
    assertThat(plan.stream().mapToInt(r -> r.fields().size()).sum()).isEqualTo(100);
    assertThat(plan.get(0).count()).isEqualTo(124);
    assertThat(plan).hasSize(4);
  }

  @Test
  void keepsFunctionCodesApart() {
    List<ReadRequest> plan =
        RequestPlanner.plan(
            List.of(),
            List.of(f("a", 3, 0, RegisterType.U16), f("b", 4, 1, RegisterType.U16)),
            10,
            125);
    assertThat(plan).extracting(ReadRequest::function).containsExactly(3, 4);
  }

  @Test
  void fieldsInsideAnExplicitBlockUseThatBlock() {
    List<ReadRequest> plan =
        RequestPlanner.plan(
            List.of(new ReadBlock(3, 10, 20)),
            List.of(f("a", 3, 12, RegisterType.F32), f("b", 3, 40, RegisterType.F32)),
            0,
            125);
    assertThat(plan).hasSize(2);
    assertThat(plan.get(0).start()).isEqualTo(10);
    assertThat(plan.get(0).count()).isEqualTo(20);
    assertThat(plan.get(1).start()).isEqualTo(40);
  }
}
