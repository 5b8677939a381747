/**
 * A switch-rules checker over the front end's syntax tree: given a {@link
 * io.ringworld.p4.lang.CheckedProgram}, {@link io.ringworld.p4.rules.SwitchRules#check} reports
 * every violation of the rules of a Tofino-like pipeline (one atomic register operation per
 * register and pass, 32-bit stateful cells and ALU additions, no multiplication/division/modulo
 * or data-dependent shifts, parser loops only through header stacks) with its line and a reason,
 * and a lower bound on the pipeline stages from the table dependency graph of each pass.
 *
 * <p>It states necessary conditions and a lower bound, not what a Tofino compiler accepts or
 * fits: see p4/README.md.
 */
package io.ringworld.p4.rules;
