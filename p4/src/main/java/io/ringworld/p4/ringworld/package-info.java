/**
 * RingWorld's switch program ({@code p4/src/ringworld.p4}, shipped in this jar) and what the
 * control-plane agent installs for it: {@link io.ringworld.p4.ringworld.RingWorldDataPlane} loads
 * and checks the program, {@link io.ringworld.p4.ringworld.SwitchPorts} maps the kernel's nodes
 * to ports, {@link io.ringworld.p4.ringworld.LeaderPathSetup} installs a view (the
 * {@code active_view} entry, one multicast group per replica set, the clients' routes and keys,
 * the commit probe's clone session) and resets the status map, and
 * {@link io.ringworld.p4.ringworld.SequencerSetup} what sequencing needs (the life and dedup
 * epoch, the clients' dedup windows, the admission limit, the leaders of a ring, a visit's
 * registers), and {@link io.ringworld.p4.ringworld.TokenSetup} what token visits need (the
 * settings, the last hop, the token group, the residue tables of {@code h mod n}).
 *
 * <p>Contract: the data plane owns the leader's status map of the view it is installed for; the
 * agent changes it only while no entry of {@code active_view} names that view (between a Seal
 * and the next install), so the two never race on a slot. The packet_in reasons are the
 * constants {@code REASON_*} of the program, repeated in {@link io.ringworld.p4.ringworld.CpuReason}.
 */
package io.ringworld.p4.ringworld;
