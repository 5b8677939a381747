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
 * Seal is answered) and the slots the kernel wrote itself (a filled hole, a rewrite).
 *
 * <p>Sequencing ({@code SequencerSync}): the data plane's loop of waiting appends and the kernel's
 * queue hold the same appends in the same order, checked after every step. An append the kernel
 * queued on the slow path is sent into the loop (a packet_out to the recirculation port); a
 * client's dedup window the kernel changed on the slow path is copied into the data plane; at a
 * token visit the agent writes the visit's registers and runs the woken loop, and the ASSIGNs
 * (and the visit's own indices' WRITEs) that leave must be the kernel's of that visit, which the
 * agent does not send.
 *
 * <p>Token visits ({@code TokenSync}): after every step the agent turns the data plane's visits on
 * while its kernel's next visit would be quiet (only the TokenAck, the batch and the pass) and the
 * data plane sequences and leads the view, and off otherwise. A visit the data plane made reaches
 * the kernel as a mirror; every frame the kernel sends for it must be one the data plane sent.
 */
package io.ringworld.p4.agent;
