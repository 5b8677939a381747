package io.ringworld.p4.runtime;

import java.util.List;

/** A multicast group: a packet whose mcast_grp is {@code groupId} is copied once per replica. */
public record MulticastGroupEntry(int groupId, List<Replica> replicas) {
  public MulticastGroupEntry {
    replicas = List.copyOf(replicas);
  }

  /** One copy: its egress port and its egress_rid. */
  public record Replica(int port, int rid) {}
}
