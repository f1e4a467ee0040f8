package io.carbonwatch.core.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FormulaTest {
  private static double eval(String text, Map<String, Double> v) {
    return Formula.parse(text).evaluate(r -> v.get(r.toString()));
  }

  @Test
  void honoursPrecedenceParenthesesAndUnaryMinus() {
    Map<String, Double> v = Map.of("A", 10.0, "B-1", 4.0, "C.ch", 2.0);
    assertThat(eval("A - B-1 * C.ch", v)).isEqualTo(2.0);
    assertThat(eval("(A - B-1) * C.ch", v)).isEqualTo(12.0);
    assertThat(eval("-A + 0.5 * B-1", v)).isEqualTo(-8.0);
    assertThat(eval("A - B-1 - C.ch", v)).isEqualTo(4.0);
    assertThat(eval("A / B-1 / C.ch", v)).isEqualTo(1.25);
  }

  @Test
  void canonicalTextReparsesToTheSameFormula() {
    for (String text :
        new String[] {
          "A - (B - C)", "A - B - C", "(A + B) * C", "A / (B * C)", "-(A + B)", "2.5 * A"
        }) {
      Formula f = Formula.parse(text);
      assertThat(Formula.parse(f.text())).isEqualTo(f);
      assertThat(f.text()).isEqualTo(text);
    }
  }

  @Test
  void rejectsOperatorsWithoutSpacesAndDanglingOperators() {
    assertThatThrownBy(() -> Formula.parse("A - "))
        .isInstanceOf(FormulaException.class)
        .hasMessage("at character 5: expected a meter id, a number or '(', got end of formula");
    assertThatThrownBy(() -> Formula.parse("A-"))
        .hasMessageContaining("expected spaces around operators in 'A-'");
    assertThatThrownBy(() -> Formula.parse("(A + B")).hasMessage("at character 7: expected ')'");
    assertThatThrownBy(() -> Formula.parse("A B"))
        .hasMessageContaining("at character 3: expected an operator");
    assertThatThrownBy(() -> Formula.parse(" ")).hasMessageContaining("got nothing");
  }

  @Test
  void linearFormulasGiveCoefficientsOthersAreRejected() {
    Formula f = Formula.parse("M-MAIN + M-PV - 0.5 * (M-AIR-1 - M-AIR-2) - M-CHILL / 2");
    assertThat(f.isLinear()).isTrue();
    assertThat(f.coefficients())
        .containsExactly(
            Map.entry(new ChannelRef("M-MAIN", null), 1.0),
            Map.entry(new ChannelRef("M-PV", null), 1.0),
            Map.entry(new ChannelRef("M-AIR-1", null), -0.5),
            Map.entry(new ChannelRef("M-AIR-2", null), 0.5),
            Map.entry(new ChannelRef("M-CHILL", null), -0.5));
    assertThat(Formula.parse("A * B").isLinear()).isFalse();
    assertThat(Formula.parse("A / B").isLinear()).isFalse();
    assertThat(Formula.parse("A - 5").isLinear()).isFalse();
    assertThatThrownBy(() -> Formula.parse("A * B").coefficients())
        .isInstanceOf(IllegalStateException.class);
  }
}
