package io.carbonwatch.core.site;

/** Recursive-descent parser for {@link Formula}. */
final class FormulaParser {
  private final String s;
  private int pos;

  FormulaParser(String text) {
    if (text == null) {
      throw new FormulaException(0, "expected a formula");
    }
    this.s = text;
  }

  Formula parse() {
    skip();
    if (pos >= s.length()) {
      throw new FormulaException(pos, "expected a formula, got nothing");
    }
    Formula f = expr();
    skip();
    if (pos < s.length()) {
      throw new FormulaException(
          pos, "expected an operator (+ - * /) surrounded by spaces, got '" + s.charAt(pos) + "'");
    }
    return f;
  }

  private Formula expr() {
    Formula left = term();
    while (true) {
      skip();
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        char op = s.charAt(pos++);
        left = new Formula.Binary(op, left, term());
      } else {
        return left;
      }
    }
  }

  private Formula term() {
    Formula left = factor();
    while (true) {
      skip();
      if (pos < s.length() && (s.charAt(pos) == '*' || s.charAt(pos) == '/')) {
        char op = s.charAt(pos++);
        left = new Formula.Binary(op, left, factor());
      } else {
        return left;
      }
    }
  }

  private Formula factor() {
    skip();
    if (pos >= s.length()) {
      throw new FormulaException(pos, "expected a meter id, a number or '(', got end of formula");
    }
    char c = s.charAt(pos);
    if (c == '-') {
      pos++;
      return new Formula.Neg(factor());
    }
    if (c == '(') {
      pos++;
      Formula inner = expr();
      skip();
      if (pos >= s.length() || s.charAt(pos) != ')') {
        throw new FormulaException(pos, "expected ')'");
      }
      pos++;
      return inner;
    }
    if (Character.isDigit(c)) {
      int start = pos;
      while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      try {
        return new Formula.Num(Double.parseDouble(s.substring(start, pos)));
      } catch (NumberFormatException e) {
        throw new FormulaException(
            start, "expected a number, got '" + s.substring(start, pos) + "'");
      }
    }
    if (Character.isLetter(c)) {
      int start = pos;
      while (pos < s.length() && isIdChar(s.charAt(pos))) {
        pos++;
      }
      String token = s.substring(start, pos);
      if (token.endsWith("-") || token.endsWith(".")) {
        throw new FormulaException(pos - 1, "expected spaces around operators in '" + token + "'");
      }
      int dot = token.indexOf('.');
      return dot < 0
          ? new Formula.Ref(new ChannelRef(token, null))
          : new Formula.Ref(new ChannelRef(token.substring(0, dot), token.substring(dot + 1)));
    }
    throw new FormulaException(pos, "expected a meter id, a number or '(', got '" + c + "'");
  }

  private static boolean isIdChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  private void skip() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }
}
