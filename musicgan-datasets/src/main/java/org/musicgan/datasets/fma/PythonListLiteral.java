package org.musicgan.datasets.fma;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the Python list literals FMA's CSVs hold ({@code []}, {@code [21]}, {@code [76, 103]},
 * {@code ['era 1', 'hardcore-punk']}, {@code ["rock 'n' roll"]}) without evaluating anything:
 * integers and single- or double-quoted strings with backslash escapes.
 */
final class PythonListLiteral {
  private final String text;
  private int pos;

  private PythonListLiteral(String text) {
    this.text = text;
  }

  /**
   * Parses a list of ints and strings; each element comes back as a {@code Long} or {@code String}.
   *
   * @throws IllegalArgumentException describing where the literal is malformed
   */
  static List<Object> parse(String literal) {
    PythonListLiteral p = new PythonListLiteral(literal.trim());
    List<Object> out = p.list();
    p.skipSpace();
    if (p.pos != p.text.length()) {
      throw p.error("unexpected text after the list");
    }
    return out;
  }

  /** Parses a list of integers. */
  static List<Integer> parseInts(String literal) {
    List<Integer> out = new ArrayList<>();
    for (Object o : parse(literal)) {
      if (!(o instanceof Long l)) {
        throw new IllegalArgumentException("expected integers in " + literal + ", found " + o);
      }
      out.add(Math.toIntExact(l));
    }
    return out;
  }

  private List<Object> list() {
    skipSpace();
    expect('[');
    List<Object> out = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return out;
    }
    while (true) {
      skipSpace();
      out.add(element());
      skipSpace();
      char c = next();
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
      skipSpace();
      if (peek() == ']') { // trailing comma
        pos++;
        return out;
      }
    }
  }

  private Object element() {
    char c = peek();
    if (c == '\'' || c == '"') {
      return string();
    }
    int start = pos;
    if (c == '-' || c == '+') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (start == pos || (pos - start == 1 && !Character.isDigit(text.charAt(start)))) {
      throw error("expected a number or a quoted string");
    }
    return Long.parseLong(text.substring(start, pos));
  }

  private String string() {
    char quote = next();
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == quote) {
        return sb.toString();
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'x' -> {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
            pos += 2;
          }
          case 'u' -> {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        "malformed list literal " + text + " at character " + pos + ": " + what);
  }
}
