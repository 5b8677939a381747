/**
 * The {@code ringworld} command line (picocli): {@code campaign} (simulated fault-injection
 * campaigns and their benchmark) and {@code check} (the linearizability checker). Exit status 0
 * means everything passed; each command lists its other codes in {@code --help}.
 */
package io.ringworld.runtime.cli;
