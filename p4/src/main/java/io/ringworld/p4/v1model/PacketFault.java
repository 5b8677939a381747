package io.ringworld.p4.v1model;

/** A fault while processing one packet (e.g. a register index out of bounds): the packet is dropped and counted. */
final class PacketFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PacketFault(String message) {
    super(message, null, false, false);
  }
}
