package io.carbonwatch.core.site;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A virtual-meter formula over meter channels, e.g. {@code M-MAIN - M-AIR-1 - M-AIR-2 - 0.5 *
 * M-CHILL.energy_import}. Operators {@code + - * /}, parentheses, unary minus and numbers. Meter
 * ids may contain '-', so binary operators must be surrounded by spaces (as in the example). Parse
 * with {@link #parse(String)}.
 */
public sealed interface Formula {

  /** Evaluates with the given value of each referenced channel. */
  double evaluate(ToDoubleFunction<ChannelRef> values);

  /** The references in order of first appearance. */
  default Set<ChannelRef> refs() {
    Set<ChannelRef> out = new LinkedHashSet<>();
    collect(out);
    return out;
  }

  /** Appends the references to {@code out}. */
  void collect(Set<ChannelRef> out);

  /** The canonical text (re-parses to an equal formula). */
  String text();

  /**
   * True when the formula is a linear combination of its references without a constant term (e.g.
   * {@code A + B - C}, {@code 0.5 * (A - B)}): only such formulas give the same result on window
   * sums as on single readings, so the site model accepts only these.
   */
  default boolean isLinear() {
    return linear(this) && Math.abs(evaluate(r -> 0.0)) == 0.0;
  }

  /**
   * The coefficient of each reference, in order of appearance ({@code A - 0.5 * B} gives A → 1, B →
   * −0.5).
   *
   * @throws IllegalStateException when the formula is not {@link #isLinear() linear}
   */
  default Map<ChannelRef, Double> coefficients() {
    if (!isLinear()) {
      throw new IllegalStateException("not a linear combination of meters: " + text());
    }
    Map<ChannelRef, Double> out = new LinkedHashMap<>();
    for (ChannelRef r : refs()) {
      out.put(r, evaluate(x -> x.equals(r) ? 1.0 : 0.0));
    }
    return out;
  }

  private static boolean linear(Formula f) {
    if (f instanceof Neg n) {
      return linear(n.operand());
    }
    if (f instanceof Binary b) {
      boolean l = linear(b.left());
      boolean r = linear(b.right());
      return switch (b.op()) {
        case '+', '-' -> l && r;
        case '*' -> l && r && (b.left().refs().isEmpty() || b.right().refs().isEmpty());
        default -> l && b.right().refs().isEmpty();
      };
    }
    return true;
  }

  /**
   * Parses a formula.
   *
   * @throws FormulaException naming the 0-based character offset and what was expected
   */
  static Formula parse(String text) {
    return new FormulaParser(text).parse();
  }

  record Num(double value) implements Formula {
    @Override
    public double evaluate(ToDoubleFunction<ChannelRef> values) {
      return value;
    }

    @Override
    public void collect(Set<ChannelRef> out) {}

    @Override
    public String text() {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value)
          : Double.toString(value);
    }
  }

  record Ref(ChannelRef ref) implements Formula {
    @Override
    public double evaluate(ToDoubleFunction<ChannelRef> values) {
      return values.applyAsDouble(ref);
    }

    @Override
    public void collect(Set<ChannelRef> out) {
      out.add(ref);
    }

    @Override
    public String text() {
      return ref.toString();
    }
  }

  record Neg(Formula operand) implements Formula {
    @Override
    public double evaluate(ToDoubleFunction<ChannelRef> values) {
      return -operand.evaluate(values);
    }

    @Override
    public void collect(Set<ChannelRef> out) {
      operand.collect(out);
    }

    @Override
    public String text() {
      return "-" + paren(operand, precedence(operand) < 3);
    }
  }

  record Binary(char op, Formula left, Formula right) implements Formula {
    public Binary {
      if ("+-*/".indexOf(op) < 0) {
        throw new IllegalArgumentException("op: expected one of + - * /");
      }
    }

    @Override
    public double evaluate(ToDoubleFunction<ChannelRef> values) {
      double l = left.evaluate(values);
      double r = right.evaluate(values);
      return switch (op) {
        case '+' -> l + r;
        case '-' -> l - r;
        case '*' -> l * r;
        default -> l / r;
      };
    }

    @Override
    public void collect(Set<ChannelRef> out) {
      left.collect(out);
      right.collect(out);
    }

    @Override
    public String text() {
      int p = precedence(this);
      int pr = precedence(right);
      boolean rightParen = pr < p || (pr == p && (op == '-' || op == '/'));
      return paren(left, precedence(left) < p) + " " + op + " " + paren(right, rightParen);
    }
  }

  private static int precedence(Formula f) {
    if (f instanceof Binary b) {
      return b.op == '+' || b.op == '-' ? 1 : 2;
    }
    return f instanceof Neg ? 3 : 4;
  }

  private static String paren(Formula f, boolean wrap) {
    return wrap ? "(" + f.text() + ")" : f.text();
  }
}
