package io.ringworld.p4.lang;

import java.util.List;
import java.util.Set;

/** The checker's types. Widths are in bits, 1..64. */
public final class Types {
  private Types() {}

  /** A checked type. */
  public sealed interface Type permits BitT, BoolT, IntT, HeaderT, StructT, StackT, ExternT, VoidT,
      TableResultT, CloneTypeT {}

  public record BitT(int widthBits) implements Type {
    public long mask() {
      return widthBits == 64 ? -1L : (1L << widthBits) - 1;
    }

    @Override
    public String toString() {
      return "bit<" + widthBits + ">";
    }
  }

  public record BoolT() implements Type {
    @Override
    public String toString() {
      return "bool";
    }
  }

  /** An unsized integer literal or constant, coerced to a bit type where it is used. */
  public record IntT() implements Type {
    @Override
    public String toString() {
      return "int";
    }
  }

  /** A struct or header field; fieldLists holds the @field_list indices that preserve it. */
  public record Field(String name, Type type, Set<Integer> fieldLists) {}

  public record HeaderT(String name, List<Field> fields) implements Type {
    public int widthBits() {
      return fields.stream().mapToInt(f -> ((BitT) f.type()).widthBits()).sum();
    }

    public int indexOf(String field) {
      for (int k = 0; k < fields.size(); k++) {
        if (fields.get(k).name().equals(field)) {
          return k;
        }
      }
      return -1;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public record StructT(String name, List<Field> fields) implements Type {
    public int indexOf(String field) {
      for (int k = 0; k < fields.size(); k++) {
        if (fields.get(k).name().equals(field)) {
          return k;
        }
      }
      return -1;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public record StackT(HeaderT element, int size) implements Type {
    @Override
    public String toString() {
      return element.name() + "[" + size + "]";
    }
  }

  /** packet_in, packet_out, or a register of cells of {@code element} type and {@code size} cells. */
  public record ExternT(String kind, Type element, int size) implements Type {
    @Override
    public String toString() {
      return kind;
    }
  }

  public record VoidT() implements Type {}

  /** The result of {@code t.apply()}: has {@code hit}, {@code miss} and {@code action_run}. */
  public record TableResultT(String table) implements Type {
    @Override
    public String toString() {
      return "the result of " + table + ".apply()";
    }
  }

  /** v1model's CloneType enum (I2E, E2E). */
  public record CloneTypeT() implements Type {}

  static final BoolT BOOL = new BoolT();
  static final IntT INT = new IntT();
  static final VoidT VOID = new VoidT();
}
