package io.ringworld.p4.v1model;

/** Per-packet, per-pass state outside the program's variables: the cursor, emitted bits, TM requests. */
final class PacketState {
  final byte[] input;
  int cursorBits;
  final Bits.Writer emitted = new Bits.Writer();
  boolean inEgress;
  int recirculateFieldList = -1;
  int cloneFieldList = -1;
  long cloneType = -1;
  long cloneSession;

  PacketState(byte[] input) {
    this.input = input;
  }

  int remainingBits() {
    return input.length * 8 - cursorBits;
  }
}
