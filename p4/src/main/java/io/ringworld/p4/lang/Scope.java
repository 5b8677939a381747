package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.Pos;
import io.ringworld.p4.lang.Types.Type;
import java.util.HashMap;
import java.util.Map;

/** A lexical scope of the checker. */
final class Scope {
  enum Kind { VAR, READONLY, CONST, TABLE, ACTION, REGISTER, BLOCK }

  /** A declared name: its kind, type, qualified name and (for constants) its value. */
  record Sym(Kind kind, Type type, String qualified, Object value) {}

  private final Scope parent;
  private final Map<String, Sym> syms = new HashMap<>();

  Scope(Scope parent) {
    this.parent = parent;
  }

  Sym find(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      Sym sym = s.syms.get(name);
      if (sym != null) {
        return sym;
      }
    }
    return null;
  }

  void declare(String name, Sym sym, Pos pos) {
    if (syms.containsKey(name)) {
      throw pos.reject("'" + name + "' is declared twice in the same scope");
    }
    syms.put(name, sym);
  }
}
