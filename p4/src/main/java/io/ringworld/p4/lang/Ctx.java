package io.ringworld.p4.lang;

/** Where a statement is checked: a parser state, a control's apply block, or an action body. */
record Ctx(Block block, String control) {
  enum Block { PARSER, CONTROL, ACTION }
}
