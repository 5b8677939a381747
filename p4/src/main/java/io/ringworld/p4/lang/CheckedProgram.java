package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.Types.StructT;
import io.ringworld.p4.lang.Types.Type;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.ControlPlaneException;
import io.ringworld.p4.runtime.TableEntry;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program that passed the front end: its syntax tree plus what the checker resolved (the type
 * of every expression, the value of every constant reference, what every call is), the six
 * v1model blocks of {@code main}, and the tables, actions and registers by qualified name
 * ({@code Control.name}, or the bare name for top-level declarations).
 */
public final class CheckedProgram {
  /** A table key: control-plane name, match kind (exact, ternary, lpm), width and expression. */
  public record KeyInfo(String name, String matchKind, int widthBits, Expr expr) {}

  /** A checked table. sizeEntries is -1 when the program gives no size. */
  public record TableInfo(String name, String control, TableD decl, List<KeyInfo> keys,
      List<String> actions, ActionCall defaultAction, boolean defaultConst, List<TableEntry> constEntries,
      long sizeEntries) {
    public boolean hasTernary() {
      return keys.stream().anyMatch(k -> k.matchKind().equals("ternary"));
    }
  }

  /** A checked action; control is null for a top-level action. */
  public record ActionInfo(String name, String control, ActionD decl) {}

  /** A register instance. */
  public record RegisterInfo(String name, int cellWidthBits, int sizeCells) {}

  final Program program;
  final Map<Expr, Type> types = new IdentityHashMap<>();
  final Map<Expr, Object> constants = new IdentityHashMap<>();
  final Map<CallE, CallInfo> calls = new IdentityHashMap<>();
  final Map<SwitchCase, String> switchLabels = new IdentityHashMap<>();
  final Map<String, Type> typeNames = new LinkedHashMap<>();
  final Map<String, TableInfo> tables = new LinkedHashMap<>();
  final Map<String, ActionInfo> actions = new LinkedHashMap<>();
  final Map<String, RegisterInfo> registers = new LinkedHashMap<>();
  final Map<String, ParserD> parsers = new LinkedHashMap<>();
  final Map<String, ControlD> controls = new LinkedHashMap<>();
  ParserD parser;
  ControlD verifyChecksum;
  ControlD ingress;
  ControlD egress;
  ControlD computeChecksum;
  ControlD deparser;
  StructT headersType;
  StructT metadataType;

  CheckedProgram(Program program) {
    this.program = program;
  }

  /** Lexes, parses and checks {@code source}; throws {@link P4RejectedException} outside the subset. */
  public static CheckedProgram compile(String source) {
    CheckedProgram p = new CheckedProgram(Parser.parse(source));
    new Checker(p).run();
    return p;
  }

  /** The syntax tree the checker accepted (read-only records). */
  public Program program() {
    return program;
  }

  public Type typeOf(Expr e) {
    Type t = types.get(e);
    if (t == null) {
      throw e.pos().reject("internal: expression was not checked");
    }
    return t;
  }

  /** The value (Long or Boolean) of a reference to a constant, or null. */
  public Object constantOf(Expr e) {
    return constants.get(e);
  }

  /** The qualified action name of a switch case label (null for default). */
  public String labelOf(SwitchCase c) {
    return switchLabels.get(c);
  }

  public CallInfo callOf(CallE c) {
    return calls.get(c);
  }

  public ParserD parser() {
    return parser;
  }

  public ControlD verifyChecksum() {
    return verifyChecksum;
  }

  public ControlD ingress() {
    return ingress;
  }

  public ControlD egress() {
    return egress;
  }

  public ControlD computeChecksum() {
    return computeChecksum;
  }

  public ControlD deparser() {
    return deparser;
  }

  public StructT headersType() {
    return headersType;
  }

  public StructT metadataType() {
    return metadataType;
  }

  public Map<String, TableInfo> tables() {
    return java.util.Collections.unmodifiableMap(tables);
  }

  public Map<String, RegisterInfo> registers() {
    return java.util.Collections.unmodifiableMap(registers);
  }

  public ActionInfo action(String name) {
    return resolve(actions, name, "action");
  }

  public TableInfo table(String name) {
    return resolve(tables, name, "table");
  }

  public RegisterInfo register(String name) {
    return resolve(registers, name, "register");
  }

  /** The type of parameter {@code k} of an action. */
  public Type paramType(ActionInfo a, int k) {
    return resolve(a.decl().params().get(k).type());
  }

  /** v1model's standard_metadata_t as the interpreter models it. */
  public StructT resolveStd() {
    return Checker.STANDARD_METADATA;
  }

  /** The type a written type names (only types the checker accepted). */
  public Type resolve(TypeRef r) {
    return Checker.resolveType(r, this, null);
  }

  /** Resolves a qualified name, or a bare name that is the last part of exactly one. */
  static <V> V resolve(Map<String, V> byName, String name, String what) {
    V v = byName.get(name);
    if (v != null) {
      return v;
    }
    V found = null;
    for (Map.Entry<String, V> e : byName.entrySet()) {
      if (e.getKey().endsWith("." + name)) {
        if (found != null) {
          throw new ControlPlaneException(what + " name '" + name + "' is ambiguous");
        }
        found = e.getValue();
      }
    }
    if (found == null) {
      throw new ControlPlaneException("no " + what + " named '" + name + "'");
    }
    return found;
  }
}
