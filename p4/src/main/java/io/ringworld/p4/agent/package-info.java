/**
 * The control-plane agent, and a P4 switch as a host like the others: {@link
 * io.ringworld.p4.agent.P4Switch} runs ringworld.p4 on the interpreter as the switch's data plane
 * and hosts the kernel's switch role as its control plane, behind the kernel's own node
 * interface ({@code Node<SwitchInput>}), so a simulator or a network host drives it as it drives
 * a kernel switch.
 *
 * <p>Contract: every frame goes into the pipeline; every frame reaches the agent once, through
 * the CPU port (a mirror of what the fast path took, or the reason it did not); the agent steps
 * its kernel on it in order, before the next frame, so the kernel and the data plane's status
 * map move in lockstep; what the kernel sends the agent sends as packet_out through the pipeline,
 * except the WRITEs and APPEND_REPLYs of a mirrored step, which the data plane already sent: those
 * are compared with what it did send, and a difference is counted (and thrown, when strict).
 * After each step the agent brings the data plane along: the view (installed, or left before a
 * Seal is answered) and the slots the kernel wrote itself (a local assignment, a filled hole).
 */
package io.ringworld.p4.agent;
