/**
 * Fault-injection campaigns against real node processes ({@code ringworld campaign --real});
 * hosts only, never the kernel: nothing here is used by a node or by the simulator.
 *
 * <p><b>Contract.</b> {@link io.ringworld.runtime.real.RealCampaign} runs seeds; each run
 * starts a fresh cluster of node processes in a folder of its own, drives client workers through
 * the client library into one Jepsen history, applies its {@code NemesisPlan} (drawn wholly from
 * the seed, so the schedule replays; the interleaving of real processes does not) one fault at a
 * time, heals everything, requires the cluster to serve again, reads back every acknowledged
 * append, requires new appends to commit, and judges the history with the shared-log checker.
 * A run leaves its folder: {@code history.edn}, {@code nemesis.txt} (plan and what each fault
 * really did), {@code logs/}, {@code metrics/}, {@code summary.txt}, and {@code timeline.html}
 * for a violation; a passing run's data directories are deleted.
 *
 * <p><b>Faults.</b> Processes: SIGKILL and restart, SIGSTOP and SIGCONT. Network: iptables rules
 * ({@code Firewall}) in a network namespace the campaign made for itself with {@code unshare -n}
 * (it refuses to touch any other), every node on its own 127.0.0.x address and dialling from it.
 * Links: a seeded frame-aware proxy per directed link ({@link io.ringworld.runtime.real.LinkProxy})
 * for delay, loss, duplication and reordering (tc netem is not available here). Disks: servers
 * hold unforced writes in memory (the node's test mode), so a kill loses them; torn records, bit
 * flips and wipes on a killed server; a full disk on a small loop-mounted ext4
 * ({@link io.ringworld.runtime.real.LoopDisk}); at most one server per replica set lacking
 * entries at a time. Clocks: a node's tick rate through its test control.
 *
 * <p><b>Cleanup.</b> Node processes, proxies and loop mounts are closed after every run and by a
 * shutdown hook on Ctrl-C; firewall rules end with the namespace. A campaign's start kills node
 * processes and unmounts loop disks an interrupted earlier campaign left in the same output
 * folder ({@code Leftovers}, {@code LoopLeftovers}).
 */
package io.ringworld.runtime.real;
