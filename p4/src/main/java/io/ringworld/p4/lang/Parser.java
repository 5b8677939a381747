package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser for the subset; anything else is rejected where it starts. */
final class Parser {
  private static final Set<String> KNOWN_ANNOTATIONS = Set.of(
      "name", "field_list", "defaultonly", "tableonly", "hidden", "brief", "description", "noWarn");
  private static final Set<String> REJECTED_WORDS = Set.of(
      "for", "while", "do", "extern", "enum", "error", "match_kind", "header_union", "function",
      "package", "value_set", "type", "serializable", "varbit", "int", "string", "tuple", "list");
  private static final List<List<String>> BINARY_LEVELS = List.of(
      List.of("||"), List.of("&&"), List.of("|"), List.of("^"), List.of("&"), List.of("==", "!="),
      List.of("<", ">", "<=", ">="), List.of("<<", ">>"), List.of("+", "-", "++", "|+|", "|-|"),
      List.of("*", "/", "%"));
  private final List<Token> toks;
  private int i;
  private List<Annotation> pendingAnnotations = List.of();

  private Parser(List<Token> toks) {
    this.toks = toks;
  }

  static Program parse(String source) {
    Parser p = new Parser(Lexer.lex(source));
    List<Decl> decls = new ArrayList<>();
    while (p.peek().kind() != Token.Kind.EOF) {
      if (p.peek().is(";")) {
        p.next();
        continue;
      }
      decls.add(p.topDecl());
    }
    return new Program(List.copyOf(decls));
  }

  // ---- token helpers ----

  private Token peek() {
    return toks.get(i);
  }

  private Token peekAt(int k) {
    return toks.get(Math.min(i + k, toks.size() - 1));
  }

  private Token next() {
    Token t = toks.get(i);
    if (t.kind() != Token.Kind.EOF) {
      i++;
    }
    return t;
  }

  private static Pos pos(Token t) {
    return new Pos(t.line(), t.column());
  }

  private boolean accept(String s) {
    if (peek().is(s)) {
      next();
      return true;
    }
    return false;
  }

  private Token expect(String s) {
    Token t = next();
    if (!t.is(s)) {
      throw t.reject("expected '" + s + "' but found '" + t.text() + "'");
    }
    return t;
  }

  private String ident() {
    Token t = next();
    if (t.kind() != Token.Kind.IDENT) {
      throw t.reject("expected a name but found '" + t.text() + "'");
    }
    if (REJECTED_WORDS.contains(t.text())) {
      throw t.reject("'" + t.text() + "' is outside the subset");
    }
    return t.text();
  }

  private long intConst() {
    Token t = next();
    if (t.kind() != Token.Kind.INT) {
      throw t.reject("expected an integer but found '" + t.text() + "'");
    }
    return t.value();
  }

  private boolean isShiftRight() {
    Token a = peek();
    Token b = peekAt(1);
    return a.is(">") && b.is(">") && a.line() == b.line() && b.column() == a.column() + 1;
  }

  // ---- annotations ----

  private List<Annotation> annotations() {
    List<Annotation> out = new ArrayList<>();
    while (peek().is("@")) {
      Token at = next();
      String name = next().text();
      if (!KNOWN_ANNOTATIONS.contains(name)) {
        throw at.reject("annotation @" + name + " is outside the subset");
      }
      List<Token> body = new ArrayList<>();
      if (peek().is("(")) {
        next();
        int depth = 1;
        while (depth > 0) {
          Token t = next();
          if (t.kind() == Token.Kind.EOF) {
            throw t.reject("unterminated annotation @" + name);
          }
          depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
          if (depth > 0) {
            body.add(t);
          }
        }
      }
      out.add(new Annotation(name, List.copyOf(body), pos(at)));
    }
    return out;
  }

  // ---- types ----

  private boolean startsType() {
    Token t = peek();
    if (t.is("bit") || t.is("bool")) {
      return true;
    }
    Token n = peekAt(1);
    boolean named = t.kind() == Token.Kind.IDENT;
    return named && (n.kind() == Token.Kind.IDENT || (n.is("[") && peekAt(2).kind() == Token.Kind.INT
        && peekAt(3).is("]") && peekAt(4).kind() == Token.Kind.IDENT) || n.is("<"));
  }

  private TypeRef type() {
    Token t = peek();
    TypeRef base;
    if (accept("bit")) {
      expect("<");
      long w = intConst();
      expect(">");
      if (w < 1 || w > 64) {
        throw t.reject("bit<" + w + "> is outside the subset (widths 1..64)");
      }
      base = new BitRef((int) w, pos(t));
    } else if (accept("bool")) {
      base = new BoolRef(pos(t));
    } else {
      String name = ident();
      if (peek().is("<")) {
        next();
        List<TypeRef> args = new ArrayList<>();
        do {
          args.add(type());
        } while (accept(","));
        expect(">");
        base = new SpecRef(name, List.copyOf(args), pos(t));
      } else {
        base = new NamedRef(name, pos(t));
      }
    }
    if (peek().is("[")) {
      Token b = next();
      long n = intConst();
      expect("]");
      if (n < 1 || n > 1024) {
        throw b.reject("header stack size must be 1..1024");
      }
      return new StackRef(base, (int) n, pos(t));
    }
    return base;
  }

  // ---- top-level declarations ----

  private Decl topDecl() {
    pendingAnnotations = annotations();
    Token t = peek();
    switch (t.text()) {
      case "const":
        return constDecl();
      case "typedef":
        return typedefDecl();
      case "header":
      case "struct":
        return aggregateDecl();
      case "parser":
        return parserDecl();
      case "control":
        return controlDecl();
      case "action":
        return actionDecl();
      default:
        if (startsType() || (t.kind() == Token.Kind.IDENT && peekAt(1).is("("))) {
          return instanceDecl();
        }
        ident();
        throw t.reject("declaration '" + t.text() + "' is outside the subset");
    }
  }

  private ConstD constDecl() {
    Token t = expect("const");
    TypeRef type = type();
    String name = ident();
    expect("=");
    Expr e = expr();
    expect(";");
    return new ConstD(type, name, e, pos(t));
  }

  private TypedefD typedefDecl() {
    Token t = expect("typedef");
    TypeRef type = type();
    String name = ident();
    expect(";");
    return new TypedefD(type, name, pos(t));
  }

  private Decl aggregateDecl() {
    Token t = next();
    String name = ident();
    expect("{");
    List<FieldD> fields = new ArrayList<>();
    while (!accept("}")) {
      List<Annotation> ann = annotations();
      Token ft = peek();
      TypeRef type = type();
      String fname = ident();
      expect(";");
      fields.add(new FieldD(type, fname, List.copyOf(ann), pos(ft)));
    }
    return t.is("header") ? new HeaderD(name, List.copyOf(fields), pos(t))
        : new StructD(name, List.copyOf(fields), pos(t));
  }

  private List<Param> params() {
    expect("(");
    List<Param> out = new ArrayList<>();
    if (accept(")")) {
      return out;
    }
    do {
      annotations();
      Token t = peek();
      String dir = "";
      if (t.is("in") || t.is("out") || t.is("inout")) {
        dir = next().text();
      }
      TypeRef type = type();
      out.add(new Param(dir, type, ident(), pos(t)));
    } while (accept(","));
    expect(")");
    return List.copyOf(out);
  }

  private InstanceD instanceDecl() {
    Token t = peek();
    TypeRef type = type();
    expect("(");
    List<Expr> args = new ArrayList<>();
    if (!accept(")")) {
      do {
        args.add(expr());
      } while (accept(","));
      expect(")");
    }
    String name = ident();
    expect(";");
    return new InstanceD(type, List.copyOf(args), name, pos(t));
  }

  // ---- parsers ----

  private ParserD parserDecl() {
    Token t = expect("parser");
    String name = ident();
    List<Param> params = params();
    expect("{");
    List<Decl> locals = new ArrayList<>();
    List<StateD> states = new ArrayList<>();
    while (!accept("}")) {
      annotations();
      if (peek().is("state")) {
        states.add(state());
      } else {
        locals.add(localDecl());
      }
    }
    return new ParserD(name, params, List.copyOf(locals), List.copyOf(states), pos(t));
  }

  private StateD state() {
    Token t = expect("state");
    String name = ident();
    expect("{");
    List<Stmt> body = new ArrayList<>();
    while (!peek().is("transition")) {
      if (peek().is("}")) {
        throw peek().reject("parser state '" + name + "' has no transition (implicit reject is outside the subset)");
      }
      body.add(stmt());
    }
    Token tr = expect("transition");
    String nextState = null;
    SelectT select = null;
    if (peek().is("select")) {
      select = select();
    } else {
      nextState = ident();
      expect(";");
    }
    expect("}");
    return new StateD(name, List.copyOf(body), nextState, select, pos(tr));
  }

  private SelectT select() {
    Token t = expect("select");
    expect("(");
    List<Expr> keys = new ArrayList<>();
    do {
      keys.add(expr());
    } while (accept(","));
    expect(")");
    expect("{");
    List<SelectCase> cases = new ArrayList<>();
    while (!accept("}")) {
      Token c = peek();
      Expr ks = keyset();
      expect(":");
      String st = ident();
      expect(";");
      cases.add(new SelectCase(ks, st, pos(c)));
    }
    return new SelectT(List.copyOf(keys), List.copyOf(cases), pos(t));
  }

  private Expr keyset() {
    Token t = peek();
    if (accept("(")) {
      List<Expr> items = new ArrayList<>();
      do {
        items.add(simpleKeyset());
      } while (accept(","));
      expect(")");
      return new TupleE(List.copyOf(items), pos(t));
    }
    return simpleKeyset();
  }

  private Expr simpleKeyset() {
    Token t = peek();
    if (accept("default")) {
      return new DefaultE(pos(t));
    }
    if (accept("_")) {
      return new DontCare(pos(t));
    }
    Expr v = expr();
    if (peek().is("..")) {
      throw peek().reject("range keyset '..' is outside the subset");
    }
    if (accept("&&&")) {
      return new MaskE(v, expr(), pos(t));
    }
    return v;
  }

  // ---- controls, actions, tables ----

  private ControlD controlDecl() {
    Token t = expect("control");
    String name = ident();
    List<Param> params = params();
    expect("{");
    List<Decl> locals = new ArrayList<>();
    BlockS apply = null;
    while (!accept("}")) {
      pendingAnnotations = annotations();
      if (peek().is("apply")) {
        Token a = next();
        if (apply != null) {
          throw a.reject("second apply block in control " + name);
        }
        apply = block();
      } else {
        locals.add(localDecl());
      }
    }
    if (apply == null) {
      throw t.reject("control " + name + " has no apply block");
    }
    return new ControlD(name, params, List.copyOf(locals), apply, pos(t));
  }

  private Decl localDecl() {
    Token t = peek();
    if (t.is("action")) {
      return actionDecl();
    }
    if (t.is("table")) {
      return tableDecl();
    }
    if (t.is("const")) {
      return constDecl();
    }
    if (startsType() && peekAt(1).is("<")) {
      return instanceDecl();
    }
    if (startsType()) {
      Stmt s = stmt();
      if (s instanceof VarS v) {
        return new LocalD(v);
      }
    }
    ident();
    throw t.reject("local declaration '" + t.text() + "' is outside the subset");
  }

  private ActionD actionDecl() {
    Token t = expect("action");
    String name = ident();
    List<Param> params = params();
    return new ActionD(name, params, block(), pos(t));
  }

  private TableD tableDecl() {
    Token t = expect("table");
    String name = ident();
    expect("{");
    TableParts parts = new TableParts();
    while (!accept("}")) {
      tableProperty(parts);
    }
    return new TableD(name, List.copyOf(parts.keys), List.copyOf(parts.actions), parts.defaultAction,
        parts.defaultConst, parts.entries == null ? null : List.copyOf(parts.entries), parts.size, pos(t));
  }

  private static final class TableParts {
    List<KeyD> keys = new ArrayList<>();
    List<ActionRef> actions = new ArrayList<>();
    ActionRef defaultAction;
    boolean defaultConst;
    List<EntryD> entries;
    long size = -1;
  }

  private void tableProperty(TableParts parts) {
    annotations();
    Token t = peek();
    boolean isConst = accept("const");
    String prop = ident();
    expect("=");
    switch (prop) {
      case "key" -> parts.keys = keys();
      case "actions" -> parts.actions = actionList();
      case "default_action" -> {
        parts.defaultAction = actionRef();
        parts.defaultConst = isConst;
        expect(";");
      }
      case "entries" -> {
        if (!isConst) {
          throw t.reject("non-const table entries are outside the subset");
        }
        parts.entries = entries();
      }
      case "size" -> {
        parts.size = intConst();
        expect(";");
      }
      default -> throw t.reject("table property '" + prop + "' is outside the subset");
    }
  }

  private List<KeyD> keys() {
    expect("{");
    List<KeyD> out = new ArrayList<>();
    while (!accept("}")) {
      Token t = peek();
      Expr e = expr();
      expect(":");
      String kind = ident();
      List<Annotation> ann = annotations();
      expect(";");
      String name = null;
      for (Annotation a : ann) {
        if (a.name().equals("name") && a.body().size() == 1) {
          name = a.body().get(0).text();
        }
      }
      out.add(new KeyD(e, kind, name, pos(t)));
    }
    return out;
  }

  private List<ActionRef> actionList() {
    expect("{");
    List<ActionRef> out = new ArrayList<>();
    while (!accept("}")) {
      annotations();
      out.add(actionRef());
      expect(";");
    }
    return out;
  }

  private ActionRef actionRef() {
    Token t = peek();
    String name = ident();
    List<Expr> args = new ArrayList<>();
    if (accept("(")) {
      if (!accept(")")) {
        do {
          args.add(expr());
        } while (accept(","));
        expect(")");
      }
    }
    return new ActionRef(name, List.copyOf(args), pos(t));
  }

  private List<EntryD> entries() {
    expect("{");
    List<EntryD> out = new ArrayList<>();
    while (!accept("}")) {
      Token t = peek();
      long priority = -1;
      if (peek().is("priority")) {
        next();
        expect("=");
        priority = intConst();
        expect(":");
      }
      Expr ks = keyset();
      expect(":");
      ActionRef a = actionRef();
      expect(";");
      out.add(new EntryD(ks, a, priority, pos(t)));
    }
    return out;
  }

  // ---- statements ----

  private BlockS block() {
    Token t = expect("{");
    List<Stmt> body = new ArrayList<>();
    while (!accept("}")) {
      body.add(stmt());
    }
    return new BlockS(List.copyOf(body), pos(t));
  }

  private Stmt stmt() {
    Token t = peek();
    if (REJECTED_WORDS.contains(t.text()) && t.kind() == Token.Kind.IDENT) {
      throw t.reject("'" + t.text() + "' is outside the subset");
    }
    switch (t.text()) {
      case "{":
        return block();
      case "if":
        return ifStmt();
      case "return":
        next();
        if (!peek().is(";")) {
          throw peek().reject("return with a value is outside the subset");
        }
        expect(";");
        return new ReturnS(pos(t));
      case "exit":
        next();
        expect(";");
        return new ExitS(pos(t));
      case "switch":
        return switchStmt();
      default:
        break;
    }
    if (t.kind() == Token.Kind.IDENT && startsType() && !peekAt(1).is("<")) {
      return varStmt();
    }
    if ((t.is("bit") || t.is("bool")) && startsType()) {
      return varStmt();
    }
    Expr lhs = expr();
    if (accept("=")) {
      Expr rhs = expr();
      expect(";");
      return new AssignS(lhs, rhs, pos(t));
    }
    expect(";");
    if (lhs instanceof CallE c) {
      return new CallS(c, pos(t));
    }
    throw t.reject("expression statement is not a call or an assignment");
  }

  private VarS varStmt() {
    Token t = peek();
    TypeRef type = type();
    String name = ident();
    Expr init = accept("=") ? expr() : null;
    expect(";");
    return new VarS(type, name, init, pos(t));
  }

  private IfS ifStmt() {
    Token t = expect("if");
    expect("(");
    Expr c = expr();
    expect(")");
    Stmt th = stmt();
    Stmt el = accept("else") ? stmt() : null;
    return new IfS(c, th, el, pos(t));
  }

  private SwitchS switchStmt() {
    Token t = expect("switch");
    expect("(");
    Expr subject = expr();
    expect(")");
    if (!(subject instanceof MemberE m && m.name().equals("action_run") && m.base() instanceof CallE c)) {
      throw t.reject("switch is supported only on t.apply().action_run");
    }
    expect("{");
    List<SwitchCase> cases = new ArrayList<>();
    while (!accept("}")) {
      Token ct = peek();
      String label = accept("default") ? null : ident();
      expect(":");
      BlockS body = peek().is("{") ? block() : null;
      cases.add(new SwitchCase(label, body, pos(ct)));
    }
    return new SwitchS(c, List.copyOf(cases), pos(t));
  }

  // ---- expressions ----

  Expr expr() {
    Expr c = binary(0);
    if (peek().is("?")) {
      Token q = next();
      Expr a = expr();
      expect(":");
      Expr b = expr();
      return new CondE(c, a, b, pos(q));
    }
    return c;
  }

  private Expr binary(int level) {
    if (level == BINARY_LEVELS.size()) {
      return unary();
    }
    Expr left = binary(level + 1);
    while (true) {
      Token t = peek();
      String op = isShiftRight() && level == 7 ? ">>" : t.text();
      if (t.kind() != Token.Kind.PUNCT || !BINARY_LEVELS.get(level).contains(op)) {
        return left;
      }
      if (level == 6 && t.is(">") && isShiftRight()) {
        return left;
      }
      next();
      if (op.equals(">>")) {
        next();
      }
      if (Set.of("*", "/", "%", "|+|", "|-|").contains(op)) {
        throw t.reject("operator '" + op + "' is outside the subset");
      }
      left = new BinaryE(op, left, binary(level + 1), pos(t));
    }
  }

  private Expr unary() {
    Token t = peek();
    if (t.is("!") || t.is("~") || t.is("-")) {
      next();
      return new UnaryE(t.text(), unary(), pos(t));
    }
    if (t.is("+")) {
      throw t.reject("unary '+' is outside the subset");
    }
    if (t.is("(") && (peekAt(1).is("bit") || peekAt(1).is("bool"))) {
      next();
      TypeRef type = type();
      expect(")");
      return new CastE(type, unary(), pos(t));
    }
    return postfix(primary());
  }

  private Expr primary() {
    Token t = next();
    if (t.kind() == Token.Kind.INT) {
      return new IntLit(t.value(), t.widthBits(), pos(t));
    }
    if (t.is("true") || t.is("false")) {
      return new BoolLit(t.is("true"), pos(t));
    }
    if (t.is("(")) {
      Expr e = expr();
      expect(")");
      return e;
    }
    if (t.kind() == Token.Kind.IDENT) {
      if (REJECTED_WORDS.contains(t.text())) {
        throw t.reject("'" + t.text() + "' is outside the subset");
      }
      return new PathE(t.text(), pos(t));
    }
    throw t.reject("unexpected '" + t.text() + "' in an expression");
  }

  private Expr postfix(Expr base) {
    while (true) {
      Token t = peek();
      if (accept(".")) {
        base = new MemberE(base, next().text(), pos(t));
      } else if (accept("[")) {
        Expr a = expr();
        if (accept(":")) {
          Expr lo = expr();
          expect("]");
          base = new SliceE(base, a, lo, pos(t));
        } else {
          expect("]");
          base = new IndexE(base, a, pos(t));
        }
      } else if (t.is("(") || (t.is("<") && base instanceof MemberE && peekAt(1).is("bit"))) {
        List<TypeRef> typeArgs = new ArrayList<>();
        if (accept("<")) {
          do {
            typeArgs.add(type());
          } while (accept(","));
          expect(">");
        }
        expect("(");
        List<Expr> args = new ArrayList<>();
        if (!accept(")")) {
          do {
            args.add(expr());
          } while (accept(","));
          expect(")");
        }
        base = new CallE(base, List.copyOf(typeArgs), List.copyOf(args), pos(t));
      } else {
        return base;
      }
    }
  }
}
