package io.ringworld.p4.runtime;

/** One key field's match in a {@link TableEntry}; {@code field} is the key's control-plane name. */
public sealed interface FieldMatch permits FieldMatch.Exact, FieldMatch.Ternary, FieldMatch.Lpm {
  String field();

  /** An exact match on {@code value}. */
  record Exact(String field, long value) implements FieldMatch {}

  /** Matches when {@code key & mask == value & mask}; value must have no bits outside mask. */
  record Ternary(String field, long value, long mask) implements FieldMatch {}

  /** Matches the top {@code prefixLengthBits} bits; value must be zero below the prefix. */
  record Lpm(String field, long value, int prefixLengthBits) implements FieldMatch {}
}
