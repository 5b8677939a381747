/**
 * The P4_16 front end: a hand-written lexer and recursive-descent parser to {@link
 * io.ringworld.p4.lang.Ast} records, then name resolution and width/type checking, producing a
 * {@link io.ringworld.p4.lang.CheckedProgram} via {@link
 * io.ringworld.p4.lang.CheckedProgram#compile(String)}.
 *
 * <p>Contract: fail closed. Every construct outside the documented subset (see p4/README.md) is
 * rejected with a {@link io.ringworld.p4.lang.P4RejectedException} carrying the line and column
 * of the construct and a reason naming it; nothing is silently ignored, widened or truncated
 * (an unsized literal must fit the width it is used at; two different widths need a cast).
 * {@code #include <core.p4>} and {@code <v1model.p4>} are built-in declarations written here,
 * not p4c's files.
 */
package io.ringworld.p4.lang;
