package io.ringworld.p4.lang;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written P4_16 lexer with a minimal preprocessor: {@code #include <core.p4>} and {@code
 * #include <v1model.p4>} are accepted (their declarations are built in), {@code #define NAME
 * <integer>} substitutes an integer token, and every other directive is rejected. A {@code >} is
 * always a token of its own so that {@code bit<bit<8>>} closes twice; the parser joins two
 * adjacent ones into a right shift.
 */
final class Lexer {
  private static final String[] PUNCTS = {
    "&&&", "|+|", "|-|", "..", "<<", "<=", ">=", "==", "!=", "&&", "||", "++", "{", "}", "(", ")",
    "[", "]", "<", ">", ";", ":", ",", ".", "=", "+", "-", "*", "/", "%", "&", "|", "^", "~", "!",
    "?", "@", "_"
  };
  private final String src;
  private final Map<String, Token> defines = new HashMap<>();
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> lex(String src) {
    return new Lexer(src).run();
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= src.length()) {
        out.add(new Token(Token.Kind.EOF, "<end of file>", 0, -1, line, col()));
        return out;
      }
      char c = src.charAt(pos);
      if (c == '#') {
        directive();
      } else if (Character.isDigit(c)) {
        out.add(number());
      } else if (Character.isLetter(c) || (c == '_' && pos + 1 < src.length()
          && Character.isLetterOrDigit(src.charAt(pos + 1)))) {
        Token t = ident();
        Token def = defines.get(t.text());
        out.add(def == null ? t
            : new Token(Token.Kind.INT, def.text(), def.value(), def.widthBits(), t.line(), t.column()));
      } else if (c == '"') {
        out.add(string());
      } else {
        out.add(punct());
      }
    }
  }

  private int col() {
    return pos - lineStart + 1;
  }

  private void newline() {
    line++;
    lineStart = pos + 1;
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        newline();
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (src.startsWith("//", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (src.startsWith("/*", pos)) {
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
          throw new P4RejectedException(line, col(), "unterminated comment");
        }
        for (; pos < end + 2; pos++) {
          if (src.charAt(pos) == '\n') {
            newline();
          }
        }
      } else {
        return;
      }
    }
  }

  private void directive() {
    int startLine = line;
    int startCol = col();
    int end = src.indexOf('\n', pos);
    String text = (end < 0 ? src.substring(pos) : src.substring(pos, end)).strip();
    pos = end < 0 ? src.length() : end;
    String[] words = text.substring(1).strip().split("\\s+");
    if (words[0].equals("include") && words.length == 2
        && (words[1].equals("<core.p4>") || words[1].equals("<v1model.p4>"))) {
      return;
    }
    if (words[0].equals("define") && words.length == 3 && words[1].matches("[A-Za-z_][A-Za-z0-9_]*")) {
      Lexer inner = new Lexer(words[2]);
      List<Token> toks = inner.run();
      if (toks.size() == 2 && toks.get(0).kind() == Token.Kind.INT) {
        defines.put(words[1], toks.get(0));
        return;
      }
      throw new P4RejectedException(startLine, startCol,
          "#define is supported only as '#define NAME <integer>': " + text);
    }
    throw new P4RejectedException(startLine, startCol, "preprocessor directive outside the subset: " + text);
  }

  private Token ident() {
    int start = pos;
    int c0 = col();
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    // Interned: the interpreter's scopes compare names by identity first.
    return new Token(Token.Kind.IDENT, src.substring(start, pos).intern(), 0, -1, line, c0);
  }

  private Token string() {
    int c0 = col();
    int end = src.indexOf('"', pos + 1);
    if (end < 0 || src.substring(pos, end).indexOf('\n') >= 0) {
      throw new P4RejectedException(line, c0, "unterminated string literal");
    }
    String s = src.substring(pos + 1, end);
    pos = end + 1;
    return new Token(Token.Kind.STRING, s, 0, -1, line, c0);
  }

  private Token number() {
    int c0 = col();
    int start = pos;
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    String text = src.substring(start, pos);
    String digits = text.replace("_", "");
    int widthBits = -1;
    int w = digits.indexOf('w');
    if (digits.indexOf('s') > 0 && !digits.toLowerCase().startsWith("0x")) {
      throw new P4RejectedException(line, c0, "signed integer literal (int<W>) outside the subset: " + text);
    }
    if (w > 0 && !digits.substring(0, w).toLowerCase().startsWith("0x")) {
      widthBits = parseWidth(digits.substring(0, w), text, c0);
      digits = digits.substring(w + 1);
    }
    BigInteger v = parseMagnitude(digits, text, c0);
    if (v.bitLength() > 64 || (widthBits > 0 && v.bitLength() > widthBits)) {
      throw new P4RejectedException(line, c0, "integer literal does not fit its width: " + text);
    }
    return new Token(Token.Kind.INT, text, v.longValue(), widthBits, line, c0);
  }

  private int parseWidth(String s, String text, int c0) {
    try {
      int w = Integer.parseInt(s);
      if (w >= 1 && w <= 64) {
        return w;
      }
    } catch (NumberFormatException e) {
      // fall through to the rejection
    }
    throw new P4RejectedException(line, c0, "literal width must be 1..64: " + text);
  }

  private BigInteger parseMagnitude(String d, String text, int c0) {
    try {
      String lower = d.toLowerCase();
      if (lower.startsWith("0x")) {
        return new BigInteger(d.substring(2), 16);
      } else if (lower.startsWith("0b")) {
        return new BigInteger(d.substring(2), 2);
      } else if (lower.startsWith("0o")) {
        return new BigInteger(d.substring(2), 8);
      } else if (lower.startsWith("0d")) {
        return new BigInteger(d.substring(2), 10);
      }
      return new BigInteger(d, 10);
    } catch (NumberFormatException e) {
      throw new P4RejectedException(line, c0, "malformed integer literal: " + text);
    }
  }

  private Token punct() {
    int c0 = col();
    for (String p : PUNCTS) {
      if (src.startsWith(p, pos)) {
        pos += p.length();
        return new Token(Token.Kind.PUNCT, p, 0, -1, line, c0);
      }
    }
    throw new P4RejectedException(line, c0, "unexpected character '" + src.charAt(pos) + "'");
  }
}
