package io.ringworld.p4.lang;

/** One lexical token. INT tokens carry their value and width (-1 when unsized). */
record Token(Kind kind, String text, long value, int widthBits, int line, int column) {
  enum Kind { IDENT, INT, STRING, PUNCT, EOF }

  boolean is(String punctOrWord) {
    return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(punctOrWord);
  }

  P4RejectedException reject(String reason) {
    return new P4RejectedException(line, column, reason);
  }
}
