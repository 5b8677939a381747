package io.ringworld.p4.lang;

import java.util.List;

/** The syntax tree of the subset: Java records, one per construct, each with its source position. */
public final class Ast {
  private Ast() {}

  /** A 1-based source position. */
  public record Pos(int line, int column) {
    P4RejectedException reject(String reason) {
      return new P4RejectedException(line, column, reason);
    }
  }

  /** A written type: {@code bit<W>}, {@code bool}, a named type, a header stack, a specialization. */
  public sealed interface TypeRef permits BitRef, BoolRef, NamedRef, StackRef, SpecRef {
    Pos pos();
  }

  public record BitRef(int widthBits, Pos pos) implements TypeRef {}

  public record BoolRef(Pos pos) implements TypeRef {}

  public record NamedRef(String name, Pos pos) implements TypeRef {}

  public record StackRef(TypeRef element, int size, Pos pos) implements TypeRef {}

  public record SpecRef(String name, List<TypeRef> args, Pos pos) implements TypeRef {}

  /** Expressions. */
  public sealed interface Expr permits IntLit, BoolLit, PathE, MemberE, IndexE, SliceE, CallE,
      UnaryE, BinaryE, CastE, CondE, DontCare, DefaultE, MaskE, TupleE {
    Pos pos();
  }

  /** An integer literal; widthBits is -1 when unsized. */
  public record IntLit(long value, int widthBits, Pos pos) implements Expr {}

  public record BoolLit(boolean value, Pos pos) implements Expr {}

  public record PathE(String name, Pos pos) implements Expr {}

  public record MemberE(Expr base, String name, Pos pos) implements Expr {}

  public record IndexE(Expr base, Expr index, Pos pos) implements Expr {}

  public record SliceE(Expr base, Expr hi, Expr lo, Pos pos) implements Expr {}

  public record CallE(Expr target, List<TypeRef> typeArgs, List<Expr> args, Pos pos) implements Expr {}

  public record UnaryE(String op, Expr operand, Pos pos) implements Expr {}

  public record BinaryE(String op, Expr left, Expr right, Pos pos) implements Expr {}

  public record CastE(TypeRef type, Expr operand, Pos pos) implements Expr {}

  public record CondE(Expr cond, Expr ifTrue, Expr ifFalse, Pos pos) implements Expr {}

  /** {@code _} in a keyset. */
  public record DontCare(Pos pos) implements Expr {}

  /** {@code default} in a keyset. */
  public record DefaultE(Pos pos) implements Expr {}

  /** {@code value &&& mask} in a keyset. */
  public record MaskE(Expr value, Expr mask, Pos pos) implements Expr {}

  /** {@code (a, b)} in a keyset. */
  public record TupleE(List<Expr> items, Pos pos) implements Expr {}

  /** Statements. */
  public sealed interface Stmt permits AssignS, CallS, VarS, IfS, BlockS, ReturnS, ExitS, SwitchS {
    Pos pos();
  }

  public record AssignS(Expr target, Expr value, Pos pos) implements Stmt {}

  public record CallS(CallE call, Pos pos) implements Stmt {}

  /** A local variable; init may be null. */
  public record VarS(TypeRef type, String name, Expr init, Pos pos) implements Stmt {}

  /** elseBranch may be null. */
  public record IfS(Expr cond, Stmt thenBranch, Stmt elseBranch, Pos pos) implements Stmt {}

  public record BlockS(List<Stmt> body, Pos pos) implements Stmt {}

  public record ReturnS(Pos pos) implements Stmt {}

  public record ExitS(Pos pos) implements Stmt {}

  /** {@code switch (t.apply().action_run)}; a case label of null is default, a null body falls through. */
  public record SwitchS(CallE apply, List<SwitchCase> cases, Pos pos) implements Stmt {}

  public record SwitchCase(String label, BlockS body, Pos pos) {}

  /** Declarations. */
  public sealed interface Decl permits ConstD, TypedefD, HeaderD, StructD, ParserD, ControlD,
      ActionD, TableD, InstanceD, LocalD {
    String name();

    Pos pos();
  }

  public record Annotation(String name, List<Token> body, Pos pos) {}

  public record ConstD(TypeRef type, String name, Expr value, Pos pos) implements Decl {}

  public record TypedefD(TypeRef type, String name, Pos pos) implements Decl {}

  public record FieldD(TypeRef type, String name, List<Annotation> annotations, Pos pos) {}

  public record HeaderD(String name, List<FieldD> fields, Pos pos) implements Decl {}

  public record StructD(String name, List<FieldD> fields, Pos pos) implements Decl {}

  /** direction is "" (directionless), "in", "out" or "inout". */
  public record Param(String direction, TypeRef type, String name, Pos pos) {}

  public record ParserD(String name, List<Param> params, List<Decl> locals, List<StateD> states, Pos pos)
      implements Decl {}

  /** select is null for a direct transition to {@code next}. */
  public record StateD(String name, List<Stmt> body, String next, SelectT select, Pos pos) {}

  public record SelectT(List<Expr> keys, List<SelectCase> cases, Pos pos) {}

  /** keyset is a single expression, a MaskE, a DontCare, a DefaultE or a TupleE of those. */
  public record SelectCase(Expr keyset, String state, Pos pos) {}

  public record ControlD(String name, List<Param> params, List<Decl> locals, BlockS apply, Pos pos)
      implements Decl {}

  public record ActionD(String name, List<Param> params, BlockS body, Pos pos) implements Decl {}

  public record KeyD(Expr expr, String matchKind, String name, Pos pos) {}

  public record ActionRef(String name, List<Expr> args, Pos pos) {}

  /** priority is -1 when the entry gives none. */
  public record EntryD(Expr keyset, ActionRef action, long priority, Pos pos) {}

  /** defaultAction may be null (then NoAction); size is -1 when not given. */
  public record TableD(String name, List<KeyD> keys, List<ActionRef> actions, ActionRef defaultAction,
      boolean defaultConst, List<EntryD> entries, long size, Pos pos) implements Decl {}

  /** An extern or package instance: {@code register<bit<32>>(256) r;} or {@code V1Switch(...) main;}. */
  public record InstanceD(TypeRef type, List<Expr> args, String name, Pos pos) implements Decl {}

  /** A variable declared among a control's or parser's locals. */
  public record LocalD(VarS var) implements Decl {
    @Override
    public String name() {
      return var.name();
    }

    @Override
    public Pos pos() {
      return var.pos();
    }
  }

  /** A whole program. */
  public record Program(List<Decl> decls) {}
}
