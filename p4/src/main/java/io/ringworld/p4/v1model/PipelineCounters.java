package io.ringworld.p4.v1model;

/**
 * Why packets did not leave: the parser rejected; dropped after ingress (mark_to_drop or
 * egress_spec 511) or after egress; recirculated more than passesMax times; a multicast group or
 * clone session that does not exist; more work than workMax for one input; a runtime fault
 * (e.g. a register index out of bounds), whose last message is kept.
 */
public record PipelineCounters(long parserRejects, long ingressDrops, long egressDrops,
    long recirculationDrops, long unknownGroupOrSession, long workLimitDrops, long faults,
    String lastFault) {}
