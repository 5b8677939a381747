package io.ringworld.p4.v1model;

import java.util.Arrays;
import java.util.HexFormat;

/** A packet leaving the switch: its egress port and its bytes. */
public record OutputPacket(int port, byte[] bytes) {
  public OutputPacket {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutputPacket p && p.port == port && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * port + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "port " + port + ": " + HexFormat.of().formatHex(bytes);
  }
}
