/**
 * The {@code check} command ({@link io.ringworld.checker.cli.CheckCommand}, picocli): reads an EDN
 * history, prints the verdict map, optionally writes a timeline; {@code --bench} benchmarks.
 * Contract: exit status 0 valid, 1 not linearizable, 2 bad input (line and field printed),
 * 3 unknown. Mountable as a subcommand of the top-level {@code ringworld} command.
 */
package io.ringworld.checker.cli;
