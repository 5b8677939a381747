/**
 * Test support: {@link io.ringworld.p4.stf.StfRunner} runs STF scripts (the format p4c's bmv2
 * test driver reads; re-implemented here from its description, not copied) against a {@link
 * io.ringworld.p4.v1model.Pipeline} and reports every mismatched, missing or unexpected packet in
 * a {@link io.ringworld.p4.stf.StfResult}. Expected packets are compared per port, in order.
 */
package io.ringworld.p4.stf;
